// "Who wrote this" in Chromium: two writers write a scene live, one adding to the other's
// line; a visitor on a phone opens the view by keyboard and finds each line named with its
// writers, their profiles one key away, and the decision that links the scene.
import type { Page } from "playwright-core";
import { testProduction, testUser, waitFor } from "../support/collab";
import { a11y, caretSettled, expect, signInAs, test, visit } from "../support/browser";
import { connected, scriptEditor } from "../support/screenplay";

const elementType = (page: Page) => page.getByTestId("element-type").inputValue();

test("a visitor sees who wrote each line, with links to their profiles and the decisions on the scene", async ({ person }) => {
  const margaux = await testUser("margaux");
  const lena = await testUser("lena");
  const { production } = await testProduction(margaux, [lena]);
  const script = `/p/${production.slug}/script`;

  // Margaux writes a heading and an action.
  const a = await person();
  await signInAs(a, margaux);
  await visit(a, script);
  await connected(a);
  await scriptEditor(a).click();
  await a.keyboard.type("int. bakery - night");
  await expect.poll(() => elementType(a)).toBe("sceneHeading");
  await a.keyboard.press("Enter");
  await a.keyboard.type("Flour in the air.");

  // Lena adds to Margaux's line, then writes a cue and its dialogue.
  const b = await person();
  await signInAs(b, lena);
  await visit(b, script);
  await connected(b);
  await expect.poll(() => scriptEditor(b).textContent()).toContain("Flour in the air.");
  await scriptEditor(b).locator(".sp-action").last().click();
  await b.keyboard.press("End");
  await caretSettled(b);
  await b.keyboard.type(" Thick as fog.");
  await b.keyboard.press("Enter");
  await b.keyboard.press("Tab");
  await expect.poll(() => elementType(b)).toBe("character");
  await b.keyboard.type("noor");
  await b.keyboard.press("Enter");
  await expect.poll(() => elementType(b)).toBe("dialogue");
  await b.keyboard.type("Who's there?");
  // What each one wrote has reached the other (so it is stored: decision 0019).
  await expect.poll(() => scriptEditor(a).textContent()).toContain("Who's there?");
  await expect.poll(() => scriptEditor(a).textContent()).toContain("Flour in the air. Thick as fog.");

  // Margaux logs a decision about the scene (public once proposed), and drafts another.
  const { db } = await import("~/lib/db.server");
  let scene: { id: string } | null = null;
  await waitFor(async () => (scene = await db.scene.findFirst({ where: { productionId: production.id, heading: "INT. BAKERY - NIGHT" }, select: { id: true } })) !== null, "the tracker's scene");
  const scenePath = `/p/${production.slug}/tracker/scenes/${scene!.id}`;
  const { createDecision, proposeDecision } = await import("~/features/decisions/decisions.server");
  const proposed = await createDecision(production.id, margaux.id, { title: "Keep the bakery at night", tags: [], reviewOn: null, links: [{ path: scenePath, label: "the bakery" }], text: [] });
  expect(await proposeDecision(proposed.id, margaux.id)).toBe(true);
  await createDecision(production.id, margaux.id, { title: "A draft nobody else reads", tags: [], reviewOn: null, links: [{ path: scenePath, label: "the bakery" }], text: [] });

  // A visitor on a phone opens the view from the script page, by keyboard.
  const visitor = await person({ viewport: { width: 390, height: 844 }, hasTouch: true });
  await visit(visitor, script);
  await visitor.getByRole("link", { name: "Who wrote this" }).focus();
  await visitor.keyboard.press("Enter");
  await visitor.waitForURL(`**${script}/writers`);
  await a11y(visitor);
  await expect.poll(() => visitor.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  const lines = visitor.getByTestId("written-line");
  await expect.poll(() => lines.count()).toBe(4);
  const writersOf = (i: number) => lines.nth(i).locator(".line-writers").getByRole("link").allTextContents();
  expect(await lines.nth(0).locator(".sp-sceneHeading").textContent()).toBe("INT. BAKERY - NIGHT");
  expect(await writersOf(0)).toEqual([margaux.displayName]);
  // Margaux wrote most of the action, Lena added to it: both, most first.
  expect(await lines.nth(1).locator(".sp-action").textContent()).toBe("Flour in the air. Thick as fog.");
  expect(await writersOf(1)).toEqual([margaux.displayName, lena.displayName]);
  expect(await writersOf(2)).toEqual([lena.displayName]);
  expect(await writersOf(3)).toEqual([lena.displayName]);
  expect(await lines.nth(1).locator(".line-writers").getByRole("link", { name: lena.displayName }).getAttribute("href")).toBe(`/u/${lena.handle}`);

  // The heading's scene: its tracker page and the public decision, not the draft.
  const decisions = lines.nth(0).getByTestId("scene-decisions");
  expect(await decisions.textContent()).toContain("D-1 Keep the bakery at night");
  expect(await decisions.textContent()).not.toContain("A draft nobody else reads");
  expect(await decisions.getByRole("link").getAttribute("href")).toBe(`/p/${production.slug}/decisions/1`);
  expect(await lines.nth(0).getByRole("link", { name: "Scene 1 in the tracker" }).getAttribute("href")).toBe(scenePath);
  expect(await lines.nth(1).getByTestId("scene-decisions").count()).toBe(0);

  // A writer's name is a link the keyboard reaches: Tab from the line's text lands on it.
  const profile = lines.nth(1).locator(".line-writers").getByRole("link", { name: margaux.displayName });
  await lines.nth(0).getByRole("link", { name: "Scene 1 in the tracker" }).focus();
  for (let i = 0; i < 10 && !(await profile.evaluate((el) => el === document.activeElement)); i++) await visitor.keyboard.press("Tab");
  expect(await profile.evaluate((el) => el === document.activeElement)).toBe(true);
  await visitor.keyboard.press("Enter");
  await visitor.waitForURL(`**/u/${margaux.handle}`);
  await a11y(visitor);
  expect(await visitor.getByRole("heading", { level: 1 }).textContent()).toBe(margaux.displayName);

  // In French, the same view.
  const lecteur = await person({ locale: "fr-FR" });
  await visit(lecteur, `${script}/writers`);
  expect(await lecteur.getByRole("heading", { level: 1 }).textContent()).toBe("Qui a écrit quoi");
  expect(await lecteur.getByTestId("written-line").nth(1).locator(".line-writers").textContent()).toBe(`Écrit par ${margaux.displayName}, ${lena.displayName}`);
  expect(await lecteur.getByTestId("scene-decisions").textContent()).toContain("Décisions sur cette séquence");
}, 240_000);
