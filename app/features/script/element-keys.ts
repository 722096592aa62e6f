// Which element Enter, Tab and Shift+Tab give, as Final Draft's default screenplay
// template has it (its Elements settings; decision 0026 holds the whole table and why).
// Pure data and functions: the editor (./editor-keys.ts) and the keyboard-shortcuts panel
// both read it, so the help shown is the behaviour.
import type { EditorElementType } from "./schema";

export type KeyRow = {
  type: EditorElementType;
  /** Enter at the end of the element: the new element's type. */
  enter: EditorElementType;
  /** Tab: the element's new type. */
  tab: EditorElementType;
  /** Shift+Tab: back to the element Tab or Enter usually came from. */
  shiftTab: EditorElementType;
};

/** The whole table, in the element menu's order. */
export const keyTable: readonly KeyRow[] = [
  { type: "sceneHeading", enter: "action", tab: "action", shiftTab: "transition" },
  { type: "action", enter: "action", tab: "character", shiftTab: "sceneHeading" },
  { type: "character", enter: "dialogue", tab: "transition", shiftTab: "action" },
  { type: "parenthetical", enter: "dialogue", tab: "dialogue", shiftTab: "dialogue" },
  { type: "dialogue", enter: "action", tab: "parenthetical", shiftTab: "character" },
  { type: "transition", enter: "sceneHeading", tab: "sceneHeading", shiftTab: "character" },
  // Sung lines are a character's: the line after them is spoken again.
  { type: "lyrics", enter: "dialogue", tab: "dialogue", shiftTab: "character" },
  { type: "centered", enter: "action", tab: "action", shiftTab: "action" },
  { type: "section", enter: "action", tab: "action", shiftTab: "action" },
  { type: "synopsis", enter: "action", tab: "action", shiftTab: "action" },
  { type: "note", enter: "action", tab: "action", shiftTab: "action" },
  { type: "boneyard", enter: "action", tab: "action", shiftTab: "action" },
];

const rows = new Map(keyTable.map((row) => [row.type, row]));
const fallback = rows.get("action")!;

/** The row of an element type (centred text being its own type); action's for anything else. */
export function keyRow(type: string): KeyRow {
  return rows.get(type as EditorElementType) ?? fallback;
}

/** What Enter at the end of an element gives next. */
export function enterAfter(type: string): EditorElementType {
  return keyRow(type).enter;
}

/** What Tab (or Shift+Tab, `back`) turns an element into. */
export function tabFrom(type: string, back = false): EditorElementType {
  const row = keyRow(type);
  return back ? row.shiftTab : row.tab;
}

/** "(" typed into an empty dialogue line starts a parenthetical, as in Final Draft. */
export function opensParenthetical(type: string, elementText: string, typed: string): boolean {
  return type === "dialogue" && elementText === "" && typed === "(";
}

/**
 * Whether the text typed so far at the start of an action line is a scene heading's
 * prefix (reference/screenplay.md, and I./E. as other tools read it) followed by "." or a
 * space: the editor then makes the line a heading.
 */
export function typesSceneHeading(textSoFar: string): boolean {
  return /^(int\.?\/ext|i\.?\/e|int|ext|est)[. ]$/i.test(textSoFar);
}
