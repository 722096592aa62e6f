// The page on screen (decision 0025): the live editor and the script view put each element
// where the layout engine prints it, counted in character widths of the screenplay's
// monospaced font ("ch"), so a column on screen is a column on paper. The offsets are CSS
// custom properties made here from the engine's own constants, so that screen and paper
// cannot drift apart; app.css only names them. What CSS cannot tell from an element on its
// own (which speeches are the halves of dual dialogue, lyrics inside a speech) is read
// from a layout of the script.
import { COLUMNS, PAPER, SPEAKERS, type Layout, type Speaker } from "./layout";

const ch = (n: number) => `${n}ch`;

/** Offsets are from the text area's left edge (the action column), widths in columns. */
function speaker(prefix: string, s: Speaker): Record<string, string> {
  return {
    [`--sp-${prefix}cue`]: ch(s.cue - COLUMNS.action),
    [`--sp-${prefix}cue-width`]: ch(s.cueWidth),
    [`--sp-${prefix}paren`]: ch(s.paren - COLUMNS.action),
    [`--sp-${prefix}paren-width`]: ch(s.parenWidth),
    [`--sp-${prefix}dialogue`]: ch(s.dialogue - COLUMNS.action),
    [`--sp-${prefix}dialogue-width`]: ch(s.dialogueWidth),
  };
}

/**
 * The page box's custom properties (US Letter, which the editor's page markers use):
 * margins and text width, then each element's offset and width.
 */
export function screenColumns(): Record<string, string> {
  const columns = Math.round(PAPER.letter.width * 10);
  return {
    "--sp-page-columns": String(columns),
    "--sp-margin-left": ch(COLUMNS.action),
    "--sp-margin-right": ch(columns - COLUMNS.right),
    "--sp-text-width": ch(COLUMNS.actionWidth),
    "--sp-scene-number-gap": ch(COLUMNS.action - COLUMNS.sceneNumberLeftEnd),
    ...speaker("", SPEAKERS.single),
    ...speaker("left-", SPEAKERS.left),
    ...speaker("right-", SPEAKERS.right),
  };
}

/** How an element is placed beside its neighbours: its classes, and for the last line of
 *  the right half of dual dialogue, the rows the left half is longer by. */
export type Placement = { className: string; pad?: number };

/**
 * Placements of the elements whose place depends on their neighbours, by element index:
 * `sp-dual-left` / `sp-dual-right` for the two speeches of dual dialogue, `sp-in-speech` for
 * lyrics sung in a speech (at the dialogue column; elsewhere lyrics sit at the action
 * column). On screen the left half floats and the right half flows beside it; the right
 * half's last element is padded by the rows the left half is longer by, so that what comes
 * next starts under both halves.
 */
export function screenPlacements(layout: Layout): Map<number, Placement> {
  const out = new Map<number, Placement>();
  type Side = { first: number; last: number; element: number };
  for (const page of layout.pages) {
    // the rows each half of the current dual dialogue takes (from its first line to its
    // last), the left cue, and the right half's last element
    const dual: { left: Side | null; right: Side | null } = { left: null, right: null };
    const close = () => {
      const { left, right } = dual;
      if (left && right) {
        const pad = left.last - left.first - (right.last - right.first);
        if (pad > 0) out.set(right.element, { className: "sp-dual-right", pad });
      }
      dual.left = dual.right = null;
    };
    for (const line of page.lines) {
      // a dual dialogue ends where a line of neither half, or the next one's left cue, comes
      if (!line.side || (line.side === "left" && line.kind === "character" && dual.left && dual.left.element !== line.element)) close();
      if (line.element < 0) continue;
      if (line.side) {
        const seen = dual[line.side];
        // left: keep the cue's element; right: the last element
        const element = line.side === "left" ? (seen?.element ?? line.element) : Math.max(seen?.element ?? -1, line.element);
        dual[line.side] = { first: seen?.first ?? line.row, last: Math.max(seen?.last ?? line.row, line.row), element };
      }
      if (out.has(line.element)) continue;
      if (line.side) out.set(line.element, { className: `sp-dual-${line.side}` });
      else if (line.kind === "lyrics" && line.column !== COLUMNS.action) out.set(line.element, { className: "sp-in-speech" });
    }
    close();
  }
  return out;
}
