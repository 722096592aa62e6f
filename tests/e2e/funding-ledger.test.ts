// A visitor on a phone finds the production's funding section, reads the public ledger
// (a correction beside what it reverses, the balance as the sum of the entries) and
// downloads it as CSV to check the arithmetic.
import { readFile } from "node:fs/promises";
import { recordEntry, reverseEntry } from "~/features/funding/ledger.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser } from "../support/collab";
import { a11y, expect, test, visit } from "../support/browser";

test("a visitor reads the ledger and downloads its CSV", async ({ person }) => {
  const producer = await testUser("treasurer");
  const { production } = await testProduction(producer);
  const write = (amount: number, kind: "pledge_received" | "expense_paid", description: string) =>
    db.$transaction((tx) => recordEntry(tx, { productionId: production.id, kind, amount, currency: "EUR", description, recordedById: producer.id }));
  await write(20_000, "pledge_received", "Pledge from the film club");
  const wrong = await write(-9_900, "expense_paid", "Camera rental, billed twice");
  await write(-4_950, "expense_paid", "Camera rental");
  const fix = await db.$transaction((tx) => reverseEntry(tx, wrong.id, { recordedById: producer.id, description: "The rental company refunded the double bill" }));

  const visitor = await person({ viewport: { width: 390, height: 844 }, hasTouch: true });
  await visit(visitor, `/p/${production.slug}`);
  await visitor.getByRole("navigation", { name: /Sections of/ }).getByRole("link", { name: "Funding" }).click();
  await visitor.waitForURL(/\/funding$/);
  await a11y(visitor);
  // 200 − 99 − 49.50 + 99 = 150.50
  expect(await visitor.getByTestId("balances").innerText()).toBe("€150.50");
  await visitor.getByRole("link", { name: /The whole ledger/ }).click();
  await visitor.waitForURL(/\/funding\/ledger$/);
  await a11y(visitor);

  const correction = visitor.getByTestId(`entry-${fix.number}`);
  const fixText = await correction.innerText();
  expect(fixText).toContain("The rental company refunded the double bill");
  expect(fixText).toContain("€99.00");
  await correction.getByRole("link", { name: `Reverses entry #${wrong.number}` }).click();
  await visitor.waitForFunction((hash) => location.hash === hash, `#entry-${wrong.number}`);
  expect(await visitor.getByTestId(`entry-${wrong.number}`).innerText()).toContain(`Reversed by entry #${fix.number}`);
  // Nothing is wider than the phone's screen.
  expect(await visitor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await visitor.getByRole("button", { name: /Write the correction/ }).count()).toBe(0);

  const [download] = await Promise.all([visitor.waitForEvent("download"), visitor.getByRole("link", { name: "CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`ledger-${production.slug}.csv`);
  const csv = (await readFile((await download.path())!, "utf8")).trimEnd().split("\r\n");
  expect(csv[0]).toBe("number,occurred_at,recorded_at,kind,description,amount,minor_units,currency,recorded_by,reverses,reversed_by");
  expect(csv).toHaveLength(5);
  expect(csv[2]).toContain(`,expense_paid,"Camera rental, billed twice",-99.00,-9900,EUR,${producer.handle},,${fix.number}`);
  expect(csv[4]).toContain(`,correction,The rental company refunded the double bill,99.00,9900,EUR,${producer.handle},${wrong.number},`);
  // The file adds up to the balance the page shows.
  const cents = csv.slice(1).reduce((sum, line) => sum + Number(line.split(",").at(-5)), 0);
  expect(cents).toBe(15_050);
});
