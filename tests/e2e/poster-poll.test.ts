// The community chooses its poster: a producer makes a ranked poll with images,
// three members vote (one by keyboard only), one changes their mind, the poll
// closes, and the results and the ballots are public for anyone to recount.
import { encodePng } from "~/features/media/png";
import { readBallotsCsv } from "~/features/polls/ballots-csv";
import { testProduction, testUser } from "../support/collab";
import { a11y, baseUrl, expect, signInAs, test, visit } from "../support/browser";

const poster = (r: number, g: number, b: number) => encodePng(40, 60, (x, y) => [(r + x) % 256, (g + y) % 256, b]);

test("a poster poll: create, vote, change a vote, close, and recount", async ({ person }) => {
  const margaux = await testUser("margaux");
  const [ana, basile, noor] = [await testUser("ana"), await testUser("basile"), await testUser("noor")];
  const { production } = await testProduction(margaux, [ana, basile, noor]);

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
  await expect.poll(() => producer.getByRole("img", { name: "Rocket" }).evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(40);
  await a11y(producer);
  const pollPath = new URL(producer.url()).pathname;

  // Ana ranks with the mouse.
  const a = await person();
  await signInAs(a, ana);
  await visit(a, pollPath);
  await a.getByLabel("Rank for Night").selectOption("1");
  await a.getByLabel("Rank for Rocket").selectOption("2");
  await a.getByRole("button", { name: "Vote" }).click();
  await expect.poll(() => a.getByRole("status").textContent()).toBe("Your vote is saved. You can change it until the poll closes.");
  await expect.poll(() => a.getByText("Results show after the close.").count()).toBe(1);
  await a11y(a);

  // Basile votes by keyboard only, on a phone-sized screen.
  const b = await person({ viewport: { width: 390, height: 844 } });
  await signInAs(b, basile);
  await visit(b, pollPath);
  await b.getByLabel("Rank for Night").focus();
  await b.keyboard.type("2");
  await b.keyboard.press("Tab");
  await b.keyboard.type("1");
  await b.keyboard.press("Tab");
  await b.keyboard.press("Tab");
  expect(await b.evaluate(() => document.activeElement?.textContent)).toBe("Vote");
  await b.keyboard.press("Enter");
  await expect.poll(() => b.getByRole("status").textContent()).toBe("Your vote is saved. You can change it until the poll closes.");
  await a11y(b);

  // Noor votes for the lamp, then changes her mind.
  const n = await person();
  await signInAs(n, noor);
  await visit(n, pollPath);
  await n.getByLabel("Rank for Lamp").selectOption("1");
  await n.getByRole("button", { name: "Vote" }).click();
  await expect.poll(() => n.getByRole("status").textContent()).toContain("Your vote is saved");
  await visit(n, pollPath);
  expect(await n.getByLabel("Rank for Lamp").inputValue()).toBe("1");
  await n.getByLabel("Rank for Lamp").selectOption("");
  await n.getByLabel("Rank for Rocket").selectOption("1");
  await n.getByRole("button", { name: "Change my vote" }).click();
  await expect.poll(() => n.getByRole("status").textContent()).toContain("Your vote is saved");
  await a11y(n);

  // Nothing is published before the close.
  expect((await producer.request.get(`${baseUrl}${pollPath}/ballots.csv`, { maxRedirects: 0 })).status()).toBe(403);

  await visit(producer, pollPath);
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
  expect(ballots.map((x) => x.choices.map((c) => c.rank))).toHaveLength(3);
  const results = await (await visitor.request.get(`${baseUrl}${pollPath}/results.json`)).json();
  expect(results.winners).toEqual(["option-2"]);
  expect(results.rounds[0].counts).toEqual({ "option-1": 1, "option-2": 2, "option-3": 0 });
});
