// Undo in the screenplay as writing tools have it, with two writers in Chromium: a scene
// typed at a writer's pace (heading, action, cue, parenthetical, dialogue) while another
// writer types in a line of her own. One Ctrl+Z takes back the last word, not the scene;
// undo after undo stops at every element's edge; redo gives it all back; the other
// writer's words never go.
import { testProduction, testUser } from "../support/collab";
import { a11y, caretSettled, expect, signInAs, test, visit } from "../support/browser";
import { connected, scriptEditor, scriptLines } from "../support/screenplay";

// A writer's pace: about 110 ms a key, never a half-second pause.
const pace = { delay: 110 };

test("one undo takes back a word, undo stops at each element, redo mirrors it, and the other writer's typing stays", async ({ person }) => {
  const margaux = await testUser("margaux");
  const lena = await testUser("lena");
  const { production } = await testProduction(margaux, [lena]);
  const script = `/p/${production.slug}/script`;

  // Lena starts the script with a scene heading (an empty script's first line).
  const b = await person();
  await signInAs(b, lena);
  await visit(b, script);
  await connected(b);
  await scriptEditor(b).click();
  await b.keyboard.type("ext. street - night", pace);

  const a = await person();
  await signInAs(a, margaux);
  await visit(a, script);
  await connected(a);
  await expect.poll(() => scriptLines(a)).toEqual(["sceneHeading: EXT. STREET - NIGHT"]);
  await a11y(a);
  await scriptEditor(a).locator(".sp-sceneHeading").last().click();
  await a.keyboard.press("End");
  await caretSettled(a);

  // Margaux types a scene while Lena goes on with her line.
  const margauxWrites = async () => {
    await a.keyboard.press("Enter");
    await a.keyboard.type("int. bakery - night", pace);
    await a.keyboard.press("Enter");
    await a.keyboard.type("Flour in the air.", pace);
    await a.keyboard.press("Enter");
    await a.keyboard.press("Tab");
    await a.keyboard.type("noor", pace);
    await a.keyboard.press("Enter");
    await a.keyboard.type("(quietly", pace);
    await a.keyboard.press("Enter");
    await a.keyboard.type("You look like you saw a ghost.", pace);
  };
  const lenaWrites = async () => {
    await a.waitForTimeout(400);
    await b.keyboard.type(" - rain", pace);
  };
  await Promise.all([margauxWrites(), lenaWrites()]);

  const scene = [
    "sceneHeading: EXT. STREET - NIGHT - RAIN",
    "sceneHeading: INT. BAKERY - NIGHT",
    "action: Flour in the air.",
    "character: NOOR",
    "parenthetical: (quietly)",
    "dialogue: You look like you saw a ghost.",
  ];
  await expect.poll(() => scriptLines(a), { timeout: 10_000 }).toEqual(scene);
  await expect.poll(() => scriptLines(b), { timeout: 10_000 }).toEqual(scene);

  /** Undo once (or redo) in Margaux's editor, and wait for Lena's editor to show the same. */
  const press = async (key: string) => {
    await a.keyboard.press(key);
    await caretSettled(a);
    const now = await scriptLines(a);
    await expect.poll(() => scriptLines(b), { timeout: 5000 }).toEqual(now);
    return now;
  };
  const undo = () => press("ControlOrMeta+z");
  const redo = () => press("ControlOrMeta+Shift+z");

  // One undo: the last word goes, nothing else.
  expect(await undo()).toEqual([...scene.slice(0, 5), "dialogue: You look like you saw a "]);

  // Undo after undo: a word at a time, and an element emptied is a step before the element goes.
  const seen = [await scriptLines(a)];
  for (let i = 0; i < 40 && seen.at(-1)!.length > 1; i++) seen.push(await undo());
  // Back to where Margaux started, Lena's heading whole at every step.
  expect(seen.at(-1)).toEqual(["sceneHeading: EXT. STREET - NIGHT - RAIN"]);
  for (const step of seen) expect(step[0], "Lena's heading").toBe("sceneHeading: EXT. STREET - NIGHT - RAIN");
  // Each undo changed one element, or removed one empty element: never two at once.
  for (let i = 1; i < seen.length; i++) {
    const [before, after] = [seen[i - 1]!, seen[i]!];
    if (after.length === before.length) {
      expect(before.filter((line, j) => line !== after[j]).length, `undo ${i}: ${JSON.stringify(after)}`).toBe(1);
    } else {
      expect(after.length, `undo ${i}`).toBe(before.length - 1);
      const gone = before.find((line, j) => line !== after[j]) ?? before.at(-1)!;
      expect(gone, `undo ${i} removed an element that still held text`).toMatch(/^\w+: (\(\))?$/);
    }
  }
  // Each element's text went in more than one step: words, not lines.
  const dialogueSteps = seen.filter((s) => s.at(-1)?.startsWith("dialogue: ")).length;
  expect(dialogueSteps).toBeGreaterThanOrEqual(6);

  // Redo mirrors it: step by step, back to the whole scene.
  const redone: string[][] = [];
  for (let i = seen.length - 2; i >= 0; i--) redone.push(await redo());
  expect(redone).toEqual(seen.slice(0, -1).reverse());
  expect(await scriptLines(a)).toEqual([...scene.slice(0, 5), "dialogue: You look like you saw a "]);
  await redo();
  expect(await scriptLines(a)).toEqual(scene);
  // Typing at a writer's pace, then some forty undos and redos each seen by the other writer.
}, 180_000);

test("undoing a line another writer has typed into keeps their words", async ({ person }) => {
  const margaux = await testUser("margaux");
  const lena = await testUser("lena");
  const { production } = await testProduction(margaux, [lena]);
  const script = `/p/${production.slug}/script`;
  const a = await person();
  await signInAs(a, margaux);
  await visit(a, script);
  await connected(a);
  await scriptEditor(a).click();
  await a.keyboard.type("ext. street - night", pace);
  await a.keyboard.press("Enter");
  await a.keyboard.type("Rain", pace);

  // Lena adds to Margaux's new line.
  const b = await person();
  await signInAs(b, lena);
  await visit(b, script);
  await connected(b);
  await expect.poll(() => scriptLines(b)).toEqual(["sceneHeading: EXT. STREET - NIGHT", "action: Rain"]);
  await a11y(b);
  await scriptEditor(b).locator(".sp-action").click();
  await b.keyboard.press("End");
  await caretSettled(b);
  await b.keyboard.type(" falls.", pace);
  await expect.poll(() => scriptLines(a)).toEqual(["sceneHeading: EXT. STREET - NIGHT", "action: Rain falls."]);

  // Margaux undoes all she typed: her word, her new line, her heading; Lena's words stay.
  for (let i = 0; i < 6; i++) {
    await a.keyboard.press("ControlOrMeta+z");
    await caretSettled(a);
  }
  await expect.poll(() => scriptLines(b)).toEqual(await scriptLines(a));
  expect((await scriptLines(a)).join("\n")).toContain(" falls.");
  expect((await scriptLines(a)).join("\n")).not.toContain("Rain");
});
