// A crew member on a phone proposes an expense with its receipt; a producer approves it;
// the ledger shows the payment and the budget's chart and table show the line's actual.
import { changeRole } from "~/features/productions/membership.server";
import { encodePng } from "~/features/media/png";
import { db } from "~/lib/db.server";
import { testProduction, testUser } from "../support/collab";
import { a11y, expect, signInAs, test, visit } from "../support/browser";

test("crew proposes an expense with a receipt, a producer approves, the ledger and the budget show it", async ({ person }) => {
  const margaux = await testUser("margaux");
  const samir = await testUser("samir");
  const { production } = await testProduction(margaux, [samir]);
  await changeRole(production.id, margaux.id, samir.id, "crew");
  await db.budgetLine.create({ data: { productionId: production.id, department: "Sound", name: "Recorder rental", planned: 8_000, currency: "EUR", position: 0 } });
  const budget = `/p/${production.slug}/funding/budget`;

  // Crew, on a phone, from the Funding page.
  const crew = await person({ viewport: { width: 390, height: 844 }, hasTouch: true });
  await signInAs(crew, samir);
  await visit(crew, `/p/${production.slug}/funding`);
  await a11y(crew);
  await crew.getByRole("link", { name: /The budget/ }).click();
  await crew.waitForURL(/\/funding\/budget$/);
  await a11y(crew);
  await crew.getByLabel("Amount", { exact: true }).fill("35,50");
  await crew.getByLabel("What it paid for").fill("Recorder for the lamps' hum");
  await crew.getByLabel("Receipt", { exact: true }).setInputFiles({ name: "recorder.png", mimeType: "image/png", buffer: encodePng(8, 8, () => [250, 250, 250]) });
  await crew.getByRole("button", { name: "Propose the expense" }).click();
  await expect.poll(() => crew.getByRole("status").textContent()).toContain("Expense proposed");
  await a11y(crew);
  expect(await crew.getByRole("button", { name: "Approve and pay" }).count()).toBe(0);
  expect(await crew.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // The producer approves it.
  const producer = await person();
  await signInAs(producer, margaux);
  await visit(producer, budget);
  await a11y(producer);
  const expense = producer.getByTestId("expense").filter({ hasText: "Recorder for the lamps' hum" });
  expect(await expense.innerText()).toContain("proposed, waiting for a producer");
  await expense.getByRole("button", { name: "Approve and pay" }).click();
  await expect.poll(() => producer.getByRole("status").textContent()).toMatch(/Expense approved: ledger entry #\d+ written/);
  await a11y(producer);

  // The table and the chart show the actual.
  const row = producer.getByTestId("budget-line-Recorder rental");
  await expect.poll(() => row.innerText()).toContain("€35.50");
  expect(await row.innerText()).toContain("€80.00");
  expect(await producer.getByTestId("budget-chart").locator("g title").first().textContent()).toBe("Sound · Recorder rental: planned €80.00, actual €35.50");

  // The ledger shows the payment.
  await producer.getByRole("link", { name: "Funding" }).first().click();
  await producer.waitForURL(/\/funding$/);
  await a11y(producer);
  await producer.getByRole("link", { name: /The whole ledger/ }).click();
  await producer.waitForURL(/\/funding\/ledger$/);
  await a11y(producer);
  const ledger = await producer.getByTestId("ledger").innerText();
  expect(ledger).toContain("Recorder for the lamps' hum");
  expect(ledger).toContain("-€35.50");
  expect(ledger).toContain("Expense paid");
}, 240_000); // two browsers and many pages on two shared cores
