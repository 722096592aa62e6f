// Editing across scenes in Chromium, with a visitor watching live: a selection typed over
// across a scene's edge, a cut across scenes pasted elsewhere, Delete at a scene's end,
// then undo. Each scene keeps its block (decision 0016), the visitor sees exactly what the
// writer sees after each step, and undo brings the imported script back as it was.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { testProduction, testUser } from "../support/collab";
import { a11y, caretSettled, expect, signInAs, test, visit } from "../support/browser";
import { connected, importScript, scriptEditor, scriptReader } from "../support/screenplay";

/** The scene blocks and the lines as a reader sees them (without carets and page numbers). */
const shown = (page: Page) =>
  scriptEditor(page).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".collaboration-carets__caret, .sp-page-marker").forEach((c) => c.remove());
    const lines = [...copy.querySelectorAll("p.sp")].map((p) => `${p.getAttribute("data-sp")}: ${p.textContent}`);
    return { blocks: copy.querySelectorAll(":scope > section.sp-scene-block").length, lines };
  });
/** The lines as a visitor reads them live, in the script view (no editor, no blocks: decision 0047). */
const read = (page: Page) =>
  scriptReader(page).evaluate((el) =>
    [...el.querySelectorAll("p.sp")].map((p) => `${[...p.classList].find((c) => c.startsWith("sp-") && !c.startsWith("sp-dual") && c !== "sp-in-speech")?.slice(3)}: ${p.textContent}`),
  );

test("edits across scenes keep each scene's block, reach a visitor as they are, and undo", async ({ person }) => {
  const margaux = await testUser("margaux");
  const { production } = await testProduction(margaux);
  const source = readFileSync(new URL("../../app/features/script/corpus/les-veilleurs.fountain", import.meta.url), "utf8");
  await importScript(production.id, source, margaux.id, "les-veilleurs.fountain");
  const script = `/p/${production.slug}/script`;

  const writer = await person();
  const errors: string[] = [];
  writer.on("pageerror", (e) => errors.push(e.message));
  await signInAs(writer, margaux);
  await visit(writer, script);
  await a11y(writer);
  const visitor = await person();
  await visit(visitor, script);
  await a11y(visitor);
  await connected(writer);
  const imported = await shown(writer);
  expect(imported.blocks).toBe(4); // the opening and three scenes

  /** The visitor sees what the writer sees; the blocks are the imported ones. */
  const inStep = async () => {
    // A boneyard is the writers' (it never prints): readers do not see it, as in the PDF.
    // The reading view prints a parenthetical between parentheses when its text lacks
    // them (layout.ts); where a selection lands decides whether an edit leaves one so.
    const lines = (await shown(writer)).lines
      .filter((line) => !line.startsWith("boneyard:"))
      .map((line) => {
        const text = /^parenthetical: (.*)$/.exec(line)?.[1];
        const trimmed = text?.trim();
        return trimmed !== undefined && !(trimmed.startsWith("(") && trimmed.endsWith(")")) ? `parenthetical: (${text})` : line;
      });
    await expect.poll(() => read(visitor), { timeout: 5000 }).toEqual(lines);
    expect((await shown(writer)).blocks).toBe(imported.blocks);
  };
  const settle = () => caretSettled(writer);

  // A selection from the end of scene 2 into scene 3, typed over.
  await scriptEditor(writer).locator(".sp-sceneHeading").nth(2).click();
  await writer.keyboard.press("Home");
  await settle();
  await writer.keyboard.press("ArrowUp");
  await writer.keyboard.down("Shift");
  for (let i = 0; i < 3; i++) await writer.keyboard.press("ArrowDown");
  await writer.keyboard.up("Shift");
  await writer.keyboard.type("X");
  await inStep();
  expect((await shown(writer)).lines.length).toBeLessThan(imported.lines.length);

  // Cut from scene 2 back into scene 1, pasted at the end of the script.
  await scriptEditor(writer).locator(".sp-sceneHeading").nth(1).click();
  await settle();
  await writer.keyboard.down("Shift");
  for (let i = 0; i < 4; i++) await writer.keyboard.press("ArrowUp");
  await writer.keyboard.up("Shift");
  await writer.keyboard.press("ControlOrMeta+x");
  await inStep();
  await scriptEditor(writer).locator(".sp-dialogue").last().click();
  await writer.keyboard.press("End");
  await settle();
  await writer.keyboard.press("ControlOrMeta+v");
  await inStep();

  // Delete at the end of the line before the last scene's heading joins the heading to it.
  await scriptEditor(writer).locator(".sp-sceneHeading").last().click();
  await writer.keyboard.press("Home");
  await settle();
  await writer.keyboard.press("ArrowLeft");
  await settle();
  await writer.keyboard.press("Delete");
  await inStep();

  // Undo, step by step, to the script as imported.
  for (let i = 0; i < 8 && JSON.stringify((await shown(writer)).lines) !== JSON.stringify(imported.lines); i++) {
    await writer.keyboard.press("ControlOrMeta+z");
    await settle();
  }
  expect((await shown(writer)).lines).toEqual(imported.lines);
  await inStep();
  expect(errors).toEqual([]);
});
