// A signed-in person's home at `/`, the production header's bell and the story filter of a
// production's overview, on a phone (390 px) and by keyboard only.
import type { Page } from "playwright-core";
import { createPoll } from "~/features/polls/polls.server";
import { notify } from "~/features/tracker/notifications.server";
import { a11y, baseUrl, expect, signInAs, test, visit } from "../support/browser";
import { testProduction, testUser } from "../support/collab";

const phone = { width: 390, height: 844 };
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const storyKinds = (page: Page) => page.locator("ol.activity > li").evaluateAll((items) => items.map((li) => li.getAttribute("data-kind")));
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

/** Tab forward until the element with this id has the focus (a keyboard user's way there). */
async function tabTo(page: Page, id: string) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press("Tab");
    if ((await focusedId(page)) === id) return;
  }
  throw new Error(`#${id} is not reached by Tab`);
}

test("on a phone, by keyboard: the personal home, the header's bell and the story filter", async ({ person }) => {
  const producer = await testUser("prod");
  const member = await testUser("memb");
  const { production } = await testProduction(producer, [member]);
  await createPoll(production.id, producer.id, { question: "Which ending?", method: "plurality", options: [{ label: "A" }, { label: "B" }], closesAt: new Date(Date.now() + 3600_000) });
  await notify([member.id], { kind: "pollClosed", productionId: production.id, data: { question: "Which poster?", pollId: "x" } });

  const page = await person({ viewport: phone });
  await signInAs(page, member);

  // The personal home: one's productions and the unread word.
  await visit(page, "/");
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Your studio");
  await expect.poll(() => page.getByTestId("home-productions").getByRole("link", { name: production.title }).count()).toBe(1);
  await expect.poll(() => page.getByTestId("home-notifications").textContent()).toContain("Which poster?");
  expect(await sideways(page), "no sideways scroll on the home").toBe(0);
  await a11y(page);

  // The production, reached by keyboard from the home.
  const link = page.getByTestId("home-productions").getByRole("link", { name: production.title });
  await link.focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(`${baseUrl}/p/${production.slug}`);
  const bell = page.getByTestId("production-unread");
  await expect.poll(() => bell.getAttribute("aria-label")).toBe("1 unread notification about this production");
  await expect.poll(() => storyKinds(page)).toContain("poll.opened");
  expect(new Set(await storyKinds(page)).size, "the whole story, several kinds").toBeGreaterThan(1);
  expect(await sideways(page), "no sideways scroll on the overview").toBe(0);
  await a11y(page);

  // The filter, by keyboard only: Tab reaches the select, the arrow picks "Polls", Tab and Space send it.
  await page.locator("body").focus();
  await tabTo(page, "story-kind");
  await page.keyboard.press("ArrowDown");
  await expect.poll(() => page.locator("#story-kind").inputValue()).toBe("polls");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Filter");
  await page.keyboard.press("Space");
  await page.waitForURL(`${baseUrl}/p/${production.slug}?kind=polls`);
  await expect.poll(() => storyKinds(page)).toEqual(["poll.opened"]);
  expect(await sideways(page), "no sideways scroll once filtered").toBe(0);
  await a11y(page);

  // The bell leads, by Enter, to the notifications about this production.
  await bell.focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(`${baseUrl}/notifications?production=${production.slug}`);
  await expect.poll(() => page.getByTestId("notifications").textContent()).toContain("Which poster?");
  await a11y(page);
});

test("a page reached by a client navigation shows its times in the browser's zone, not only after a full load", async ({ person }) => {
  const producer = await testUser("prod");
  const { production } = await testProduction(producer);
  await createPoll(production.id, producer.id, { question: "Which ending?", method: "plurality", options: [{ label: "A" }, { label: "B" }], closesAt: new Date("2030-12-04T07:30:00Z") });

  const page = await person({ timezoneId: "Pacific/Auckland" });
  // The very first page a browser opens knows no zone yet (UTC, named); it tells the server by a cookie.
  await visit(page, `/p/${production.slug}`);
  await expect.poll(async () => (await page.context().cookies()).find((c) => c.name === "claquette_tz")?.value).toBe(encodeURIComponent("Pacific/Auckland"));
  await a11y(page);
  // The next page, reached through the tabs without a full load, is in Auckland's time.
  await page.getByRole("navigation", { name: `Sections of ${production.title}` }).getByRole("link", { name: /^Polls/ }).click();
  await page.waitForURL(`${baseUrl}/p/${production.slug}/polls`);
  await expect.poll(() => page.getByRole("main").textContent()).toContain("Open — closes Wed, 4 Dec 2030, 20:30 (Pacific/Auckland)");
  await a11y(page);
});
