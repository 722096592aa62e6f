// After the release, on a phone and by keyboard: a viewer (in French) supports the film, a
// producer marks the transfer received and shares it among the contributors by the
// published rule; the distribution's page shows each person's weight and share.
import { db } from "~/lib/db.server";
import { testProduction, testUser } from "../support/collab";
import { a11y, expect, signInAs, test, visit } from "../support/browser";

test("a viewer supports the film and a producer shares it, on a phone, by keyboard", async ({ person }) => {
  const producer = await testUser("prod");
  const writer = await testUser("writer");
  const { production, notes } = await testProduction(producer, [writer]);
  await db.release.create({ data: { productionId: production.id, slug: "cut", title: "Cut", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() - 3600_000) } });
  await db.document.upsert({ where: { name: notes }, create: { name: notes, kind: "notes", productionId: production.id }, update: {} });
  await db.documentContribution.createMany({ data: [producer, writer].map((p, i) => ({ productionId: production.id, docName: notes, userId: p.id, inserted: 100 * (i + 1), edits: 1 })) });
  const phone = { viewport: { width: 390, height: 844 }, hasTouch: true };

  const viewer = await testUser("viewer");
  const fr = await person({ ...phone, locale: "fr-FR" });
  await signInAs(fr, viewer);
  await visit(fr, `/p/${production.slug}/funding/support`);
  await fr.getByRole("textbox", { name: "Montant" }).focus();
  await fr.keyboard.type("30");
  await fr.keyboard.press("Enter");
  await fr.getByText(/Merci ! Votre référence est SUP-/).waitFor();
  await a11y(fr);
  expect(await fr.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  const page = await person(phone);
  await signInAs(page, producer);
  await visit(page, `/p/${production.slug}/funding/support`);
  await page.getByRole("button", { name: /Mark received: support SUP-/ }).focus();
  await page.keyboard.press("Enter");
  await page.getByText("No support is waiting.").waitFor();

  await visit(page, `/p/${production.slug}/funding/shares`);
  await page.getByText("€30.00").waitFor();
  await page.getByRole("textbox", { name: "Amount to share" }).focus();
  await page.keyboard.type("10");
  await page.getByLabel(/I understand that the shares/).focus();
  await page.keyboard.press("Space");
  await page.getByRole("button", { name: "Share", exact: true }).focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/funding\/shares\/\w+$/);
  await a11y(page);
  // 10 € by 100:200 is 3.333… and 6.666…: 3.33 and 6.67 (the cent to the larger remainder).
  const table = await page.getByTestId("shares").innerText();
  expect(table).toContain("€3.33");
  expect(table).toContain("€6.67");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
