// The screenplay in Chromium: a producer writes with the keyboard flow screenwriters
// know, a member on a phone writes live beside her with autocomplete and comments on a
// passage, a visitor watches the script change live without an editor's rights.
import type { Page } from "playwright-core";
import { testProduction, testUser } from "../support/collab";
import { a11y, caretSettled, expect, signInAs, test, visit } from "../support/browser";
import { clientBuild, isEditorCode } from "../support/client-build";
import { connected, scriptEditor, scriptReader } from "../support/screenplay";

const elementType = (page: Page) => page.getByTestId("element-type").inputValue();
/** An element's text without the other writers' carets (their names are in the DOM). */
const textOf = (locator: ReturnType<Page["locator"]>) =>
  locator.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".collaboration-carets__caret").forEach((c) => c.remove());
    return copy.textContent;
  });

test("write a scene live with the screenwriter's keys, autocomplete and comments; a visitor watches", async ({ person }) => {
  const margaux = await testUser("margaux");
  const lena = await testUser("lena");
  const { production } = await testProduction(margaux, [lena]);
  const { createPage } = await import("~/features/wiki/wiki.server");
  await createPage(production.id, margaux.id, { title: "Basile", category: "character" });
  const script = `/p/${production.slug}/script`;

  const a = await person();
  await signInAs(a, margaux);
  await visit(a, script);
  await connected(a);
  await a11y(a);
  await scriptEditor(a).click();
  // "int. " at the start of a line makes a scene heading, in capitals.
  await a.keyboard.type("int. bakery - night");
  await expect.poll(() => elementType(a)).toBe("sceneHeading");
  await a.keyboard.press("Enter");
  await expect.poll(() => elementType(a)).toBe("action");
  await a.keyboard.type("Flour in the air.");
  await a.keyboard.press("Enter");
  await a.keyboard.press("Tab");
  await expect.poll(() => elementType(a)).toBe("character");
  await a.keyboard.type("noor");
  await a.keyboard.press("Enter");
  await expect.poll(() => elementType(a)).toBe("dialogue");
  await a.keyboard.type("You two look like you've seen a ghost.");
  await a.keyboard.press("Enter");
  await expect.poll(() => elementType(a)).toBe("action");
  await expect.poll(() => textOf(a.locator(".sp-sceneHeading").first())).toBe("INT. BAKERY - NIGHT");
  expect(await textOf(a.locator(".sp-character").first())).toBe("NOOR");
  // The navigator follows the script.
  await expect.poll(() => a.getByTestId("scene-list").textContent(), { timeout: 5000 }).toContain("INT. BAKERY - NIGHT");

  // A member on a phone writes in the same scene; names come from the script and the wiki.
  const b = await person({ viewport: { width: 360, height: 780 }, hasTouch: true });
  await signInAs(b, lena);
  await visit(b, script);
  await connected(b);
  await expect.poll(() => scriptEditor(b).textContent()).toContain("You two look like you've seen a ghost.");
  expect(await b.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await scriptEditor(b).locator(".sp-action").last().click();
  await b.keyboard.press("End");
  await caretSettled(b);
  await b.keyboard.press("Tab"); // the empty action becomes a character cue
  await b.keyboard.type("ba");
  await expect.poll(() => b.getByTestId("suggestions").textContent()).toContain("BASILE");
  await b.keyboard.press("ArrowDown");
  await b.keyboard.press("Enter");
  await expect.poll(() => textOf(b.locator(".sp-character").last())).toBe("BASILE");
  await b.keyboard.press("Enter");
  await b.keyboard.type("Thirty-one dark streets.");
  await expect.poll(() => scriptEditor(a).textContent()).toContain("Thirty-one dark streets.");
  await a11y(b);

  // She comments on Noor's line; the producer sees the passage marked.
  await b.locator(".sp-dialogue").first().click({ clickCount: 3 });
  await b.getByRole("button", { name: "Comment on the selected passage" }).click();
  await b.getByLabel("Your comment").fill("Could she say it without looking up?");
  await b.getByRole("button", { name: "Post the comment" }).click();
  await expect.poll(() => b.getByTestId("threads").textContent()).toContain("Could she say it without looking up?");
  await visit(a, script);
  await expect.poll(() => a.locator(".sp-commented").count(), { timeout: 10_000 }).toBeGreaterThan(0);
  expect(await a.locator(".sp-commented").first().textContent()).toContain("seen a ghost");
  await a.getByTestId("threads").getByRole("button", { name: "Resolve" }).click();
  // A resolved thread leaves the margin and its passage's mark, until asked for.
  await expect.poll(() => a.getByTestId("threads").count()).toBe(0);
  await expect.poll(() => a.locator(".sp-commented").count()).toBe(0);
  await a.getByRole("button", { name: "Show resolved (1)" }).click();
  await expect.poll(() => a.getByTestId("threads").textContent()).toContain("Resolved");

  // A visitor reads it live: no editing, but new lines arrive as they are typed. The page
  // loads no editor code (Tiptap, ProseMirror) for that: Yjs alone (decision 0047).
  const visitor = await person();
  const loaded: string[] = [];
  visitor.on("response", (response) => {
    if (response.request().resourceType() === "script") loaded.push(response.url());
  });
  await visit(visitor, script);
  await connected(visitor);
  await expect.poll(() => scriptReader(visitor).textContent()).toContain("Thirty-one dark streets.");
  expect(await scriptEditor(visitor).count()).toBe(0);
  expect(await visitor.getByTestId("threads").count()).toBe(0);
  const build = clientBuild();
  const chunks = loaded.map(build.chunkOfUrl).filter((f) => f !== null);
  expect(build.modulesIn(chunks, (m) => m === "yjs").length).toBe(1);
  expect(build.modulesIn(chunks, isEditorCode)).toEqual([]);
  await connected(a);
  await scriptEditor(a).locator(".sp-dialogue").last().click();
  await a.keyboard.press("End");
  await a.keyboard.type(" Give or take.");
  await expect.poll(() => scriptReader(visitor).textContent()).toContain("Thirty-one dark streets. Give or take.");
  await a11y(visitor);

  // Each scene is laid out in a block of its own: after a transition, Enter starts the next
  // scene's heading in a new block; Backspace at its start joins it to the line before, as
  // in any text, and the empty block goes; undo brings it back.
  const blocks = scriptEditor(a).locator(":scope > .sp-scene-block");
  const before = await blocks.count();
  // A visitor sees scenes, not blocks: a scene more is a heading more.
  const headings = scriptReader(visitor).locator(".sp-sceneHeading");
  const headingsBefore = await headings.count();
  await a.keyboard.press("Enter");
  // Final Draft's Tab: an empty action becomes a cue, an empty cue a transition.
  for (let i = 0; i < 2; i++) await a.keyboard.press("Tab");
  await expect.poll(() => elementType(a)).toBe("transition");
  await a.keyboard.type("cut to:");
  await a.keyboard.press("Enter");
  await expect.poll(() => elementType(a)).toBe("sceneHeading");
  await a.keyboard.type("ext. street - dawn");
  await expect.poll(() => blocks.count()).toBe(before + 1);
  expect(await textOf(blocks.last().locator(".sp-sceneHeading"))).toBe("EXT. STREET - DAWN");
  await expect.poll(() => headings.count()).toBe(headingsBefore + 1);
  // Undo takes back what was typed within half a second as one step: a writer's pause.
  await a.waitForTimeout(600);
  await a.keyboard.press("Home");
  await caretSettled(a);
  await a.keyboard.press("Backspace");
  await expect.poll(() => blocks.count()).toBe(before);
  expect(await textOf(scriptEditor(a).locator(".sp-transition").last())).toBe("CUT TO:EXT. STREET - DAWN");
  await expect.poll(() => textOf(scriptReader(visitor).locator(".sp-transition").last())).toBe("CUT TO:EXT. STREET - DAWN");
  await a.keyboard.press("ControlOrMeta+z");
  await expect.poll(() => blocks.count()).toBe(before + 1);
  await expect.poll(() => textOf(scriptReader(visitor).locator(".sp-sceneHeading").last())).toBe("EXT. STREET - DAWN");

  // The PDF is there for everyone.
  const pdf = await visitor.request.get(`${script}.pdf`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
});
