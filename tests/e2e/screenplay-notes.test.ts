// A note spanning lines, from a file written elsewhere, in Chromium: the editor shows it
// on its lines, a writer types beside it, and the export still has it as one note, where
// the page prints nothing for it.
import { testProduction, testUser } from "../support/collab";
import { caretSettled, expect, signInAs, test, visit } from "../support/browser";
import { connected, importScript, scriptEditor } from "../support/screenplay";


test("a note spanning lines stays one note while a writer edits around it", async ({ person }) => {
  const margaux = await testUser("margaux");
  const { production } = await testProduction(margaux);
  const source = "INT. WORKSHOP - NIGHT\n\nNoor taps the glass [[too long?\ncut the tapping]] and the lamp holds.\n";
  await importScript(production.id, source, margaux.id, "elsewhere.fountain");
  const script = `/p/${production.slug}/script`;

  const writer = await person();
  const errors: string[] = [];
  writer.on("pageerror", (e) => errors.push(e.message));
  await signInAs(writer, margaux);
  await visit(writer, script);
  await connected(writer);
  const action = scriptEditor(writer).locator(".sp-action").first();
  // the note's two lines, one above the other, and nothing else broken
  await expect.poll(() => action.locator("br").count()).toBe(1);
  expect(await action.locator(".sp-inlineNote").allTextContents()).toEqual(["too long?", "cut the tapping"]);

  await action.click();
  await writer.keyboard.press("End");
  await caretSettled(writer);
  await writer.keyboard.type(" Slowly.");
  await expect
    .poll(async () => (await writer.request.get(`${script}.fountain`)).text(), { timeout: 10_000 })
    .toBe("INT. WORKSHOP - NIGHT\n\nNoor taps the glass [[too long?\ncut the tapping]] and the lamp holds. Slowly.\n");
  expect(errors).toEqual([]);
});
