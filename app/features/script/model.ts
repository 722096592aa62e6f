// The screenplay's document model: what Fountain import/export, the Tiptap editor and the
// PDF layout exchange. Pure data, JSON-safe (no classes, no undefined values written out:
// optional flags are either `true` or absent), so a script can be stored, diffed and
// compared with a deep equality.
//
// Choices (reference/screenplay.md is the specification; where it is silent we chose):
// - One element per paragraph of the screenplay, in reading order. Multi-line elements
//   (action, dialogue, lyrics, centred action) keep their line breaks as "\n" inside the
//   text of their runs; an empty line inside them (Fountain's "two spaces" line) is "\n\n".
// - Printing elements (scene heading, action, character, parenthetical, dialogue,
//   transition, lyrics) carry `text: Run[]`: bold/italic/underline marks, plus inline notes
//   (`note: true`) and inline boneyard (`boneyard: true`) kept verbatim as their own runs
//   (no marks on them; they do not print). A line break "\n" is always in an unmarked run.
// - Non-printing elements (section, synopsis, note block, boneyard block) and title-page
//   values carry plain strings, verbatim: Fountain gives them no styling, and keeping them
//   as typed is what lets them survive a round trip untouched.
// - Marker characters are not part of the text: no leading "." "!" "@" ">" "~" "#" "=",
//   no "( )" around a parenthetical, no "> <" around centred text, no "[[ ]]" or "/* */"
//   around note and boneyard content.
// - `forced: true` records that the source used a forcing marker (or, for an action, the
//   spec's trailing spaces after "TO:"); the writer repeats it, and adds a marker on its own
//   only where the element would otherwise be read as another type.
// - A character cue's extension is the text inside its outer parentheses, verbatim
//   ("V.O.", "CONT'D", or "V.O.) (CONT'D" for two of them: printing "(" + it + ")" gives
//   the cue back). Dual dialogue is `dual: true` on the second cue, as Fountain's "^" is.
// - Title-page fields keep their order and any key (unknown keys are metadata); a value
//   spanning several lines has them joined with "\n".

/** A piece of text with its marks. Notes and boneyard runs have no marks. */
export type Run = {
  text: string;
  bold?: true;
  italic?: true;
  underline?: true;
  /** an inline note [[…]]: shown to writers, never printed */
  note?: true;
  /** inline boneyard /* … *\/ on one line: kept, never printed */
  boneyard?: true;
};

export type SceneHeading = { type: "sceneHeading"; text: Run[]; sceneNumber?: string; forced?: true };
export type Action = { type: "action"; text: Run[]; forced?: true; centered?: true };
export type Character = { type: "character"; text: Run[]; extension?: string; dual?: true; forced?: true };
export type Parenthetical = { type: "parenthetical"; text: Run[] };
export type Dialogue = { type: "dialogue"; text: Run[] };
export type Transition = { type: "transition"; text: Run[]; forced?: true };
export type Lyrics = { type: "lyrics"; text: Run[] };
export type PageBreak = { type: "pageBreak" };
export type SectionDepth = 1 | 2 | 3 | 4 | 5 | 6;
/** Outline structure ("#", "##" …); a deeper "#######" is depth 6. */
export type Section = { type: "section"; depth: SectionDepth; text: string };
export type Synopsis = { type: "synopsis"; text: string };
/** A note standing alone as a paragraph ([[…]] with blank lines around it). */
export type Note = { type: "note"; text: string };
/** Non-printing /* … *\/ content standing on its own lines, verbatim. */
export type Boneyard = { type: "boneyard"; text: string };

export type Element =
  | SceneHeading
  | Action
  | Character
  | Parenthetical
  | Dialogue
  | Transition
  | Lyrics
  | PageBreak
  | Section
  | Synopsis
  | Note
  | Boneyard;

export type ElementType = Element["type"];
export type TitleField = { key: string; value: string };
export type Script = { titlePage: TitleField[]; elements: Element[] };

/** Elements whose `text` is runs (the printing ones). */
export type TextElement = SceneHeading | Action | Character | Parenthetical | Dialogue | Transition | Lyrics;

export const emptyScript = (): Script => ({ titlePage: [], elements: [] });

export function hasRuns(element: Element): element is TextElement {
  return "text" in element && Array.isArray(element.text);
}

/** Whether an element appears on the printed page. */
export function isPrinting(element: Element): boolean {
  return hasRuns(element) || element.type === "pageBreak";
}

/** The printed text of runs: notes and boneyard left out, marks dropped. */
export function printedText(runs: readonly Run[]): string {
  let s = "";
  for (const run of runs) if (!run.note && !run.boneyard) s += run.text;
  return s;
}
