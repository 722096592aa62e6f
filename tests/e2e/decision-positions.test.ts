// Issue 23: the community takes part. Two members take positions on a proposal (one of
// them in French, on a phone, by keyboard), a producer sees the block and accepts over
// it after confirming, and a visitor reads the positions in the weekly log.
import { createDecision, proposeDecision } from "~/features/decisions/decisions.server";
import { isoWeekOf } from "~/features/decisions/week";
import { testProduction, testUser } from "../support/collab";
import { a11y, baseUrl, expect, signInAs, test, visit } from "../support/browser";

test("two members take positions, a producer sees the block and accepts over it, a visitor reads the positions in the log", { timeout: 240_000 }, async ({ person }) => {
  const noor = await testUser("noor");
  const ana = await testUser("ana");
  const bea = await testUser("bea");
  const { production } = await testProduction(noor, [ana, bea]);
  const d = await createDecision(production.id, noor.id, { title: "The poster is the night bus", tags: [], reviewOn: null, links: [], text: [] });
  await proposeDecision(d.id, noor.id);
  const path = `/p/${production.slug}/decisions/${d.number}`;

  // Ana agrees.
  const a = await person();
  await signInAs(a, ana);
  await visit(a, path);
  await a.getByRole("radio", { name: "Agree", exact: true }).check();
  await a.getByLabel("Your reason (optional)").fill("The bus is our best image.");
  await a.getByRole("button", { name: "Save my position" }).click();
  await expect.poll(() => a.getByTestId("positions-summary").textContent()).toBe("Summary: 1 agree");
  await a11y(a);

  // Bea blocks, in French, on a phone, by keyboard only.
  const b = await person({ locale: "fr-FR", viewport: { width: 390, height: 844 }, hasTouch: true });
  await signInAs(b, bea);
  await visit(b, path);
  await b.getByLabel("Blocage").focus();
  await b.keyboard.press("Space");
  await b.keyboard.press("Tab");
  await b.keyboard.type("La compagnie de bus a refusé.");
  await b.keyboard.press("Tab");
  await b.keyboard.press("Enter");
  await expect.poll(() => b.getByTestId("positions-summary").textContent()).toBe("Bilan : 1 d’accord, 1 blocage");
  expect(await b.getByLabel("Blocage").isChecked()).toBe(true); // her position, as she left it
  expect(await b.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await a11y(b);

  // Noor, the producer, sees the block before anything else, and accepts over it only once she has confirmed.
  const n = await person();
  await signInAs(n, noor);
  await visit(n, path);
  await expect.poll(() => n.getByTestId("blocks-alert").textContent()).toBe("Blocked by 1 member: read their reason before deciding.");
  await n.getByLabel("I understand that the decision cannot be changed afterwards").check();
  await n.getByRole("button", { name: "Accept" }).click();
  await expect.poll(() => n.getByText("Tick the box to accept over the blocks: nothing was changed.").count()).toBe(1);
  await a11y(n);
  await n.getByLabel("I understand that the decision cannot be changed afterwards").check();
  await n.getByLabel("I understand that I accept this decision over 1 block, and that the record says so").check();
  await n.getByRole("button", { name: "Accept" }).click();
  await expect.poll(() => n.getByTestId("over-blocks").textContent()).toBe(" Accepted over 1 block.");
  expect(await n.getByTestId("position-form").count()).toBe(0); // frozen with the decision

  // A visitor reads everyone's position in the week's log, and on the decision.
  const visitor = await person({ viewport: { width: 390, height: 844 } });
  await visit(visitor, `/p/${production.slug}/log/${isoWeekOf(new Date())}`);
  const inLog = visitor.getByTestId(`positions-${d.number}`);
  await expect.poll(() => inLog.textContent()).toContain("Summary: 1 agree, 1 block");
  const text = (await inLog.textContent()) ?? "";
  expect(text).toContain(`${bea.displayName} Block — La compagnie de bus a refusé.`);
  expect(text).toContain(`${ana.displayName} Agree — The bus is our best image.`);
  expect(text.indexOf("Block")).toBeLessThan(text.indexOf("Agree")); // blocks first
  expect(await visitor.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await visitor.goto(`${baseUrl}${path}`);
  await expect.poll(() => visitor.getByTestId("positions-summary").textContent()).toBe("Summary: 1 agree, 1 block");
  expect(await visitor.getByTestId("position-form").count()).toBe(0);
  await a11y(visitor);
});
