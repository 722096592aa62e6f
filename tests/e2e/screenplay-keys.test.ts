// The screenplay's keys in Chromium, as a writer coming from Final Draft expects them
// (decision 0026), and the keyboard-shortcuts panel that lists them: opened by "?" outside
// the text or by its button, a modal dialog that keeps the focus, closed by Escape, in
// English and French, on a phone.
import type { Page } from "playwright-core";
import { testProduction, testUser } from "../support/collab";
import { a11y, caretSettled, expect, signInAs, test, visit } from "../support/browser";
import { connected, scriptEditor, scriptLines } from "../support/screenplay";

const elementType = (page: Page) => page.getByTestId("element-type").inputValue();

test("Enter, Tab, Shift+Tab and '(' give Final Draft's elements; the element menu still works", async ({ person }) => {
  const margaux = await testUser("margaux");
  const { production } = await testProduction(margaux);
  const a = await person();
  await signInAs(a, margaux);
  await visit(a, `/p/${production.slug}/script`);
  await connected(a);
  await scriptEditor(a).click();
  const key = async (k: string, type: string) => {
    await a.keyboard.press(k);
    await expect.poll(() => elementType(a), { message: `${k} gives ${type}` }).toBe(type);
  };

  await a.keyboard.type("int. kitchen - night");
  await key("Enter", "action"); // after a scene heading
  await a.keyboard.type("Steam rises.");
  await key("Enter", "action"); // after action
  await key("Tab", "character"); // an empty action
  await key("Tab", "transition"); // an empty cue
  await key("Shift+Tab", "character"); // back
  await key("Shift+Tab", "action");
  await key("Tab", "character");
  await a.keyboard.type("noor");
  await key("Enter", "dialogue"); // after a cue
  await key("Tab", "parenthetical"); // an empty dialogue line
  expect((await scriptLines(a)).at(-1)).toBe("parenthetical: ()");
  await key("Shift+Tab", "dialogue");
  expect((await scriptLines(a)).at(-1)).toBe("dialogue: ");
  // An empty parenthetical left with Enter goes back to dialogue, no "()" left behind.
  await key("Tab", "parenthetical");
  await key("Enter", "dialogue");
  expect((await scriptLines(a)).at(-1)).toBe("dialogue: ");
  await key("Shift+Tab", "character"); // back to the cue, never a scene heading
  // The element menu does what the keys do.
  await a.getByTestId("element-type").selectOption("dialogue");
  await expect.poll(() => elementType(a)).toBe("dialogue");
  // "(" at the start of an empty dialogue line makes a parenthetical, the caret inside.
  await a.keyboard.type("(");
  await expect.poll(() => elementType(a)).toBe("parenthetical");
  await a.keyboard.type("quietly");
  await key("Enter", "dialogue"); // after a parenthetical, even with ")" after the caret
  await a.keyboard.type("Not now.");
  await key("Enter", "action"); // after dialogue
  await a.getByTestId("element-type").selectOption("lyrics");
  await caretSettled(a);
  await a.keyboard.type("La la la");
  await key("Enter", "dialogue"); // the line after lyrics is not lyrics
  await a.keyboard.type("Go.");
  await key("Enter", "action");
  await key("Tab", "character");
  await key("Tab", "transition");
  await a.keyboard.type("cut to:");
  await key("Enter", "sceneHeading"); // after a transition

  expect(await scriptLines(a)).toEqual([
    "sceneHeading: INT. KITCHEN - NIGHT",
    "action: Steam rises.",
    "character: NOOR",
    "parenthetical: (quietly)",
    "dialogue: Not now.",
    "lyrics: La la la",
    "dialogue: Go.",
    "transition: CUT TO:",
    "sceneHeading: ",
  ]);
  await a11y(a);
});

/** Whether the keyboard focus is inside the open shortcuts dialog. */
const focusInDialog = (page: Page) => page.evaluate(() => Boolean(document.activeElement?.closest("dialog[open]")));

for (const { locale, button, title, row } of [
  { locale: "en-GB", button: "Keyboard shortcuts", title: "Keyboard shortcuts", row: ["Dialogue", "Action", "Parenthetical", "Character"] },
  { locale: "fr-FR", button: "Raccourcis clavier", title: "Raccourcis clavier", row: ["Dialogue", "Action", "Didascalie", "Personnage"] },
]) {
  test(`the keyboard-shortcuts panel (${locale}, phone): '?' outside the text or its button opens it; it keeps the focus; Escape closes it`, async ({ person }) => {
    const margaux = await testUser("margaux");
    const { production } = await testProduction(margaux);
    const a = await person({ locale, viewport: { width: 390, height: 844 }, hasTouch: true });
    await signInAs(a, margaux);
    await visit(a, `/p/${production.slug}/script`);
    await connected(a);
    const dialog = a.getByRole("dialog", { name: title });

    // "?" typed in the script is a question mark.
    await scriptEditor(a).click();
    await a.keyboard.type("Why?");
    await expect.poll(() => scriptLines(a)).toEqual(["sceneHeading: WHY?"]);
    expect(await dialog.isVisible()).toBe(false);

    // Outside the text, "?" opens the panel, with the focus in it.
    await scriptEditor(a).blur();
    await a.keyboard.press("?");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await focusInDialog(a)).toBe(true);
    const dialogueRow = dialog.getByTestId("shortcuts-elements").locator("tbody tr").nth(4);
    expect(await dialogueRow.locator("th, td").allTextContents()).toEqual(row);
    await expect.poll(() => dialog.textContent()).toMatch(/Ctrl\+Z/);
    expect(await dialog.textContent()).toMatch(/Ctrl\+B/);
    // It fits the phone's width: its own scroll, no page wider than the screen.
    expect(await dialog.evaluate((d) => d.getBoundingClientRect().right <= window.innerWidth)).toBe(true);
    expect(await a.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await a11y(a);
    // Tab and Shift+Tab stay in the dialog; the page behind cannot be reached.
    for (const k of ["Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab"]) {
      await a.keyboard.press(k);
      expect(await focusInDialog(a), `after ${k}`).toBe(true);
    }
    await a.keyboard.press("Escape");
    await expect.poll(() => dialog.isVisible()).toBe(false);

    // The visible button opens it too; closing gives the focus back to the button.
    const open = a.getByRole("button", { name: button });
    await open.focus();
    await a.keyboard.press("Enter");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await a.keyboard.press("Escape");
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await open.evaluate((el) => el === document.activeElement)).toBe(true);
  });
}

test("on a phone, the first letters typed after a tap on a new script's page go into its heading, in order", async ({ person }) => {
  const margaux = await testUser("margaux");
  const { production } = await testProduction(margaux);
  const a = await person({ viewport: { width: 390, height: 844 }, hasTouch: true });
  await signInAs(a, margaux);
  await visit(a, `/p/${production.slug}/script`);
  await connected(a);
  // A tap in the page's middle, below its only line: with the scene's block not drawn yet
  // (skipped as off screen, at its placeholder height) it left the caret outside the
  // heading, and the first letter ended up last, before a new empty heading.
  await scriptEditor(a).click();
  await a.keyboard.type("int. hall - day");
  await expect.poll(() => scriptLines(a)).toEqual(["sceneHeading: INT. HALL - DAY"]);
});
