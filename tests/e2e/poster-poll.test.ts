// The community chooses its poster: a producer makes a ranked poll with images,
// three members rank the options (by mouse drag, by keyboard only, by touch), one
// changes their mind without JavaScript, the poll closes, and the results and the
// ballots are public for anyone to recount.
import { encodePng } from "~/features/media/png";
import { readBallotsCsv } from "~/features/polls/ballots-csv";
import { db } from "~/lib/db.server";
import { testProduction, testUser } from "../support/collab";
import type { Locator, Page } from "playwright-core";
import { a11y, baseUrl, expect, signInAs, test, visit } from "../support/browser";

const poster = (r: number, g: number, b: number) => encodePng(40, 60, (x, y) => [(r + x) % 256, (g + y) % 256, b]);

const itemOf = (page: Page, label: string) => page.locator(".ranking-item").filter({ has: page.locator(".ranking-label", { hasText: label }) });
const handleOf = (page: Page, label: string) => itemOf(page, label).locator(".ranking-handle");
const rankedLabels = (page: Page) => page.getByRole("list", { name: "Your order" }).locator(".ranking-label").allTextContents();
const announced = (page: Page) => page.getByTestId("ranking-announcement").textContent();
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent);

/** Tab (or Shift+Tab) until the focused element has this accessible name. */
async function tabTo(page: Page, name: string, key = "Tab") {
  for (let i = 0; i < 30 && (await focused(page)) !== name; i++) await page.keyboard.press(key);
  expect(await focused(page)).toBe(name);
}

async function centre(locator: Locator) {
  await locator.scrollIntoViewIfNeeded();
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2, box };
}

/** Press on `from`, move in small steps to the top, middle or bottom of `to`, release. */
async function mouseDrag(page: Page, from: Locator, to: Locator, where: "top" | "middle" | "bottom") {
  const start = await centre(from);
  const end = await centre(to);
  const y = where === "top" ? end.box.y + 4 : where === "bottom" ? end.box.y + end.box.height - 4 : end.y;
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(end.x, y, { steps: 12 });
  await page.mouse.up();
}

/** The same with a finger: touch events as a phone's screen sends them. */
async function touchDrag(page: Page, from: Locator, to: Locator) {
  // Both ends on the screen, as a finger finds them.
  await to.scrollIntoViewIfNeeded();
  const start = await centre(from);
  const end = await centre(to);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: start.x, y: start.y }] });
  for (let i = 1; i <= 12; i++) {
    const x = start.x + ((end.x - start.x) * i) / 12;
    const y = start.y + ((end.y - start.y) * i) / 12;
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x, y }] });
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

test("a poster poll: create, vote, change a vote, close, and recount", async ({ person }) => {
  const margaux = await testUser("margaux");
  const [ana, basile, noor] = [await testUser("ana"), await testUser("basile"), await testUser("noor")];
  const { production } = await testProduction(margaux, [ana, basile, noor]);
  // Everyone confirmed their address and joined days ago: the new poll's default rule
  // (a confirmed address, a day of membership before it opens) lets them vote.
  const days = (n: number) => new Date(Date.now() - n * 24 * 3600_000);
  const everyone = [margaux.id, ana.id, basile.id, noor.id];
  await db.user.updateMany({ where: { id: { in: everyone } }, data: { emailConfirmedAt: days(2) } });
  await db.membership.updateMany({ where: { productionId: production.id, userId: { in: everyone } }, data: { joinedAt: days(3) } });

  const producer = await person();
  await signInAs(producer, margaux);
  await visit(producer, `/p/${production.slug}/polls/new`);
  await producer.getByLabel("Question").fill("Which poster?");
  await producer.getByLabel("How votes are counted").selectOption("irv");
  const labels = ["Night", "Rocket", "Lamp"];
  for (const [i, label] of labels.entries()) {
    await producer.getByLabel(`Option ${i + 1}`, { exact: true }).fill(label);
    await producer.getByLabel(`Image for option ${i + 1} (optional)`).setInputFiles({ name: `${label}.png`, mimeType: "image/png", buffer: poster(i * 80, 40, 120) });
  }
  await producer.getByRole("button", { name: "Create the poll" }).click();
  await producer.waitForURL(new RegExp(`/p/${production.slug}/polls/[a-z0-9]+$`));
  await expect.poll(() => producer.getByRole("heading", { level: 1 }).textContent()).toBe("Which poster?");
  // The form's defaults: a confirmed address and a day as a member, said on the poll page.
  expect(await producer.getByTestId("poll-rule").textContent()).toBe(
    "Members who joined at least 1 day before the poll opened can vote. A confirmed email address is needed.",
  );
  await expect.poll(() => producer.getByRole("img", { name: "Rocket" }).evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(40);
  await a11y(producer);
  const pollPath = new URL(producer.url()).pathname;

  // Ana ranks by dragging with the mouse: into the ranking, above another option, and back out.
  const a = await person();
  await signInAs(a, ana);
  await visit(a, pollPath);
  await mouseDrag(a, handleOf(a, "Rocket"), a.getByText("Nothing ranked yet"), "middle");
  await expect.poll(() => rankedLabels(a)).toEqual(["Rocket"]);
  await expect.poll(() => announced(a)).toBe("Rocket moved to rank 1");
  await mouseDrag(a, handleOf(a, "Night"), itemOf(a, "Rocket"), "top");
  await expect.poll(() => rankedLabels(a)).toEqual(["Night", "Rocket"]);
  await expect.poll(() => announced(a)).toBe("Night moved to rank 1");
  await mouseDrag(a, handleOf(a, "Lamp"), itemOf(a, "Rocket"), "bottom");
  await expect.poll(() => rankedLabels(a)).toEqual(["Night", "Rocket", "Lamp"]);
  await mouseDrag(a, handleOf(a, "Lamp"), a.getByText("Every option is ranked."), "middle");
  await expect.poll(() => rankedLabels(a)).toEqual(["Night", "Rocket"]);
  await expect.poll(() => announced(a)).toBe("Lamp removed from ranking");
  await a11y(a);
  await a.getByRole("button", { name: "Vote" }).click();
  await expect.poll(() => a.getByRole("status").textContent()).toBe("Your vote is saved. You can change it until the poll closes.");
  await expect.poll(() => a.getByText("Results show after the close.").count()).toBe(1);
  await a11y(a);
  // Her stored ballot comes back in her order.
  await visit(a, pollPath);
  await expect.poll(() => rankedLabels(a)).toEqual(["Night", "Rocket"]);

  // Basile votes by keyboard only, on a phone-sized screen, with the buttons of each option.
  const b = await person({ viewport: { width: 360, height: 740 } });
  await signInAs(b, basile);
  await visit(b, pollPath);
  await b.getByRole("button", { name: "Rank Night" }).focus();
  await b.keyboard.press("Enter");
  await expect.poll(() => announced(b)).toBe("Night moved to rank 1");
  expect(await focused(b)).toBe("Remove Night from ranking");
  await tabTo(b, "Rank Rocket");
  await b.keyboard.press("Space");
  await expect.poll(() => announced(b)).toBe("Rocket moved to rank 2");
  await tabTo(b, "Move Rocket up", "Shift+Tab");
  await b.keyboard.press("Enter");
  await expect.poll(() => announced(b)).toBe("Rocket moved to rank 1");
  await expect.poll(() => rankedLabels(b)).toEqual(["Rocket", "Night"]);
  // Focus stays on the button, which now says why nothing more moves.
  expect(await focused(b)).toBe("Move Rocket up");
  await b.keyboard.press("Enter");
  await expect.poll(() => announced(b)).toBe("Rocket is already first");
  // Fits a 360px screen, every button a 44px target.
  expect(await b.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  for (const box of await b.locator(".ranking button").evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect))) {
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
  }
  await a11y(b);
  await tabTo(b, "Vote");
  await b.keyboard.press("Enter");
  await expect.poll(() => b.getByRole("status").textContent()).toBe("Your vote is saved. You can change it until the poll closes.");
  await a11y(b);

  // Noor ranks the lamp with a finger on a phone, then changes her mind from a browser without JavaScript.
  const n = await person({ viewport: { width: 390, height: 844 }, hasTouch: true });
  await signInAs(n, noor);
  await visit(n, pollPath);
  await touchDrag(n, handleOf(n, "Lamp"), n.getByText("Nothing ranked yet"));
  await expect.poll(() => rankedLabels(n)).toEqual(["Lamp"]);
  await expect.poll(() => announced(n)).toBe("Lamp moved to rank 1");
  await n.getByRole("button", { name: "Vote" }).click();
  await expect.poll(() => n.getByRole("status").textContent()).toContain("Your vote is saved");
  await a11y(n);
  // No script loads (as on a slow or filtering network): the server's selects do the job.
  const nn = await person();
  await nn.route(/\.js(\?|$)/, (route) => route.abort());
  await signInAs(nn, noor);
  await visit(nn, pollPath);
  expect(await nn.getByLabel("Rank for Lamp").inputValue()).toBe("1");
  await nn.getByLabel("Rank for Lamp").selectOption("");
  await nn.getByLabel("Rank for Rocket").selectOption("1");
  await nn.getByRole("button", { name: "Change my vote" }).click();
  await expect.poll(() => nn.getByRole("status").textContent()).toContain("Your vote is saved");
  await a11y(nn);

  // Nothing is published before the close.
  expect((await producer.request.get(`${baseUrl}${pollPath}/ballots.csv`, { maxRedirects: 0 })).status()).toBe(403);

  await visit(producer, pollPath);
  await producer.getByLabel("I understand that closing now ends the vote for everyone").check();
  await producer.getByRole("button", { name: "Close now" }).click();
  await expect.poll(() => producer.getByRole("status").textContent()).toBe("Done, and logged.");
  await a11y(producer);

  // Anyone, logged in or not, sees the result and can recount it.
  const visitor = await person();
  await visit(visitor, pollPath);
  await expect.poll(() => visitor.getByTestId("results").textContent()).toContain("Winner: Rocket");
  expect(await visitor.getByRole("columnheader", { name: "Round 1" }).count()).toBe(1);
  const csv = await (await visitor.request.get(`${baseUrl}${pollPath}/ballots.csv`)).text();
  const { ballots } = readBallotsCsv(csv);
  // The ballots as each voter left them: by drag, by keyboard, and changed without JavaScript.
  const stored = ballots.map((x) => x.choices.map((c) => `${c.option}:${c.rank}`).join(" ")).sort();
  expect(stored).toEqual(["option-1:1 option-2:2", "option-2:1", "option-2:1 option-1:2"]);
  const results = await (await visitor.request.get(`${baseUrl}${pollPath}/results.json`)).json();
  expect(results.winners).toEqual(["option-2"]);
  expect(results.rounds[0].counts).toEqual({ "option-1": 1, "option-2": 2, "option-3": 0 });
});
