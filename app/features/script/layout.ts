// Pagination: a Script laid out on printed pages, in Courier's grid of columns (10 per
// inch) and rows (6 per inch). Pure; the PDF writer and the HTML pages draw from it.
//
// Choices (reference/screenplay.md is the specification; where it is silent we chose):
// - Columns are counted from the page's left edge. Scene heading, action: col 15, 60 wide.
//   Dialogue: col 25, 35 wide. Parenthetical: "(" at col 31, 25 wide in all; its wrapped
//   lines start at col 32, inside the parenthesis. Character cue: col 37 (38 wide).
//   Transition: flush right, its last character in col 74 (ends at 7.5"). Centred action:
//   centred on the 60 columns of action. Lyrics: italic; inside a speech at the dialogue
//   column, elsewhere at the action column.
// - Rows per page: the text area is the page less 1" top and bottom, at 6 rows per inch.
//   Letter 11" → 54 rows; A4 297 mm (11.69") → 58 rows (same margins, more rows: A4 pages
//   hold more, as Final Draft and Fade In do).
// - One blank row before scene headings, action, cues, transitions, lyrics outside a
//   speech and dual dialogue; none before dialogue and parentheticals; none at the top of
//   a page. Scene headings print in capitals.
// - Page breaks: a pageBreak element starts a new page (none on an empty page). Action
//   splits with at least 2 rows on either side; a speech splits only between lines, with
//   at least 2 lines of dialogue above the break (a parenthetical or the cue never ends a
//   page) and 2 lines of speech below it, and gets "(MORE)" at the cue column and the cue
//   again with " (CONT'D)" on the next page (once: a cue already saying CONT'D keeps it).
//   A scene heading is kept with the smallest piece of what follows it (headings in a
//   row, all of them). Headings, transitions and dual dialogue never split. A block that
//   can never fit, taller than a page with no usable break, is cut where the page ends.
// - Dual dialogue: both speeches from the same row. Left: dialogue col 15, 28 wide;
//   parenthetical col 19, 20 wide; cue col 24. Right: dialogue col 45, 28 wide;
//   parenthetical col 49, 20 wide; cue col 54.
// - Scene numbers: the heading's own, else its ordinal among the headings ("3" for the
//   third). Scene length: the rows from its heading to the next scene's (blank rows
//   before the next heading included, empty page ends not), in eighths of the rows of a
//   page, rounded to the nearest eighth and at least 1/8 as breakdown sheets do.
// - Title page (when the script has one of the printing keys): Title centred from a third
//   of the way down (row 18 on Letter), Credit, Author(s) and Source centred under it with
//   a blank row between; Contact, Notes, Copyright at the bottom left (col 15, 30 wide);
//   Draft date, Date, Revision at the bottom right (flush to col 75). Other keys are
//   metadata and do not print. Values read Fountain emphasis (**bold** …).
// - Widths: a character takes one column, except East Asian wide and fullwidth ones (CJK
//   ideographs, kana, Hangul, fullwidth forms), which are square and take two, as in
//   terminals and screenwriting tools; combining marks and zero-width characters take
//   none. Text is read in NFC, so "e" + U+0301 is one "é". Wrapping counts columns: a
//   line without spaces (Japanese, Chinese) is cut where the next character would pass
//   the width, never inside a character.

import { parseInline } from "./fountain";
import { hasRuns, isPrinting as printing, type Run, type Script } from "./model";

export type Paper = "letter" | "a4";
export type LayoutOptions = {
  paper?: Paper;
  sceneNumbers?: boolean;
  /** indices into script.elements that carry a revision mark */
  changed?: ReadonlySet<number>;
};
export type LineKind = "sceneHeading" | "action" | "character" | "parenthetical" | "dialogue" | "transition" | "lyrics" | "centered" | "more" | "contd";
export type Line = {
  kind: LineKind;
  /** printed text with marks, no notes/boneyard */
  runs: Run[];
  /** from the page's left edge, in characters: 15 for 1.5", 25 for 2.5" … */
  column: number;
  /** 0-based from the top margin */
  row: number;
  /** index in script.elements, -1 for none (MORE and CONT'D carry their cue's) */
  element: number;
  side?: "left" | "right";
  revised?: true;
  /** on scene-heading lines when options.sceneNumbers */
  sceneNumber?: string;
};
export type TitleLine = { runs: Run[]; column: number; row: number; field: string };
export type Page = { number: number; showNumber: boolean; lines: Line[] };
export type SceneInfo = { element: number; sceneNumber: string; page: number; eighths: number };
export type Layout = { paper: Paper; linesPerPage: number; titlePage: TitleLine[] | null; pages: Page[]; scenes: SceneInfo[] };

/** Page sizes in inches, and the rows of text they hold. */
export const PAPER: Record<Paper, { width: number; height: number; linesPerPage: number }> = {
  letter: { width: 8.5, height: 11, linesPerPage: 54 },
  a4: { width: 210 / 25.4, height: 297 / 25.4, linesPerPage: 58 },
};

export const COLUMNS = {
  action: 15,
  actionWidth: 60,
  right: 75, // right margin (1" on Letter): transitions end here
  dialogue: 25,
  dialogueWidth: 35,
  parenthetical: 31,
  parentheticalWidth: 25,
  cue: 37,
  cueWidth: 38,
  /** in the margins: scene numbers end at col 12 on the left and start at col 76 on the
   *  right; revision marks at col 80 (8", inside A4's 8.27"); page numbers 0.5" (3 rows)
   *  above the top margin, ending at col 75 */
  sceneNumberLeftEnd: 12,
  sceneNumberRight: 76,
  revisionMark: 80,
  pageNumberRow: -3,
} as const;

export type Speaker = { cue: number; paren: number; parenWidth: number; dialogue: number; dialogueWidth: number; cueWidth: number };
const SINGLE: Speaker = { cue: 37, paren: 31, parenWidth: 25, dialogue: 25, dialogueWidth: 35, cueWidth: 38 };
const LEFT: Speaker = { cue: 24, paren: 19, parenWidth: 20, dialogue: 15, dialogueWidth: 28, cueWidth: 20 };
const RIGHT: Speaker = { cue: 54, paren: 49, parenWidth: 20, dialogue: 45, dialogueWidth: 28, cueWidth: 20 };
/** Where a speech's parts go: alone, or as the left or right half of dual dialogue. */
export const SPEAKERS: Readonly<Record<"single" | "left" | "right", Readonly<Speaker>>> = { single: SINGLE, left: LEFT, right: RIGHT };

// ───────────────────────────── text and wrapping ─────────────────────────────

type Marks = { bold?: true; italic?: true; underline?: true };
/** Printed text of runs (notes and boneyard out) and the marks of each of its pieces. */
type Styled = { text: string; starts: number[]; marks: Marks[] };

// ───────────────────────────── widths ─────────────────────────────

/** Code point ranges of East Asian Wide (W) and Fullwidth (F) characters, UAX #11. */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0], [0x23f3, 0x23f3],
  [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f], [0x2693, 0x2693], [0x26a1, 0x26a1],
  [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5], [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea],
  [0x26f2, 0x26f3], [0x26f5, 0x26f5], [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b],
  [0x2728, 0x2728], [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
  [0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55], [0x2e80, 0x303e],
  [0x3041, 0x3247], [0x3250, 0x4dbf], [0x4e00, 0xa4cf], [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xf900, 0xfaff],
  [0xfe10, 0xfe19], [0xfe30, 0xfe6f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x18cff], [0x1b000, 0x1b2ff],
  [0x1f004, 0x1f004], [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e], [0x1f191, 0x1f19a], [0x1f200, 0x1f251], [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff], [0x1f7e0, 0x1f7eb], [0x1f90c, 0x1f9ff], [0x1fa70, 0x1faff], [0x20000, 0x3fffd],
];
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200f\u2060\ufeff]$/u;

/** Columns a code point takes: 0, 1 or 2. */
export function codePointColumns(cp: number): number {
  if (cp < 0x300) return 1;
  if (ZERO_WIDTH.test(String.fromCodePoint(cp))) return 0;
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return 2;
  }
  return 1;
}

/** Columns of the UTF-16 unit at i: a pair of surrogates counts on its first unit. */
function unitColumns(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x300) return 1;
  if (c >= 0xdc00 && c <= 0xdfff) return 0;
  return codePointColumns(text.codePointAt(i)!);
}

/** True when every unit of text[a, b) takes one column: the common, fast case. */
function narrow(text: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (text.charCodeAt(i) >= 0x300) return false;
  return true;
}

/** The columns text takes on the page (see "Widths" above). */
export function textColumns(text: string): number {
  if (narrow(text, 0, text.length)) return text.length;
  let n = 0;
  for (let i = 0; i < text.length; i++) n += unitColumns(text, i);
  return n;
}

const nfc = (s: string) => (narrow(s, 0, s.length) && !/[\x80-\xff]/.test(s) ? s : s.normalize("NFC"));

function styled(runs: readonly Run[], map?: (s: string) => string, extra?: Marks): Styled {
  let text = "";
  const starts: number[] = [];
  const marks: Marks[] = [];
  for (const run of runs) {
    if (run.note || run.boneyard || !run.text) continue;
    const m: Marks = {};
    if (run.bold || extra?.bold) m.bold = true;
    if (run.italic || extra?.italic) m.italic = true;
    if (run.underline || extra?.underline) m.underline = true;
    starts.push(text.length);
    marks.push(m);
    text += nfc(map ? map(run.text) : run.text);
  }
  return { text, starts, marks };
}

function plain(text: string): Styled {
  return { text, starts: [0], marks: [{}] };
}

function concat(...parts: Styled[]): Styled {
  const out: Styled = { text: "", starts: [], marks: [] };
  for (const p of parts) {
    for (let i = 0; i < p.starts.length; i++) {
      out.starts.push(out.text.length + p.starts[i]!);
      out.marks.push(p.marks[i]!);
    }
    out.text += p.text;
  }
  return out;
}

/** Runs for text[a, b), adjacent pieces with the same marks merged. */
function slice(s: Styled, a: number, b: number): Run[] {
  const out: Run[] = [];
  for (let i = 0; i < s.starts.length; i++) {
    const from = Math.max(a, s.starts[i]!);
    const to = Math.min(b, i + 1 < s.starts.length ? s.starts[i + 1]! : s.text.length);
    if (from >= to) continue;
    const m = s.marks[i]!;
    const last = out[out.length - 1];
    if (last && !!last.bold === !!m.bold && !!last.italic === !!m.italic && !!last.underline === !!m.underline) last.text += s.text.slice(from, to);
    else out.push({ text: s.text.slice(from, to), ...m });
  }
  return out;
}

/**
 * Greedy word wrap of text[a, b) (no "\n" inside): [start, end) of each printed line.
 * Breaks at spaces, which are dropped; leading spaces of the first line are kept; a word
 * longer than the width is cut.
 */
function wrapRange(text: string, a: number, b: number, firstWidth: number, restWidth: number): [number, number][] {
  const out: [number, number][] = [];
  while (b > a && text.charCodeAt(b - 1) === 32) b--;
  if (a >= b) return [[a, a]];
  // Text with wide, zero-width or astral characters is counted in columns (at[k]: columns
  // of text[a, a + k)); other text, the common case, in characters, without the table.
  let at: number[] | null = null;
  if (!narrow(text, a, b)) {
    at = new Array<number>(b - a + 1);
    at[0] = 0;
    for (let k = a; k < b; k++) at[k - a + 1] = at[k - a]! + unitColumns(text, k);
  }
  const cols = (x: number, y: number) => (at ? at[y - a]! - at[x - a]! : y - x);
  let i = a;
  let width = firstWidth;
  while (i < b) {
    if (cols(i, b) <= width) {
      out.push([i, b]);
      break;
    }
    // the furthest end whose text fits
    let fit = i + width;
    if (at) for (fit = i; fit < b && cols(i, fit + 1) <= width; ) fit++;
    let end = -1;
    let next = -1;
    for (let j = fit; j > i; j--) {
      if (text.charCodeAt(j) === 32) {
        let e = j;
        while (e > i && text.charCodeAt(e - 1) === 32) e--;
        if (e > i) {
          end = e;
          next = j;
        }
        break;
      }
    }
    if (end < 0) {
      // no space to break at (a word too long, or text without spaces): cut it; marks and
      // a low surrogate go with their character, which moves on if none fitted
      end = fit > i ? fit : i + 1;
      if (at) while (end < b && unitColumns(text, end) === 0) end++;
      next = end;
    }
    out.push([i, end]);
    i = next;
    while (i < b && text.charCodeAt(i) === 32) i++;
    width = restWidth;
  }
  return out;
}

/** Printed lines (runs; empty array for an empty line) of styled text with "\n" in it. */
function wrap(s: Styled, firstWidth: number, restWidth = firstWidth): Run[][] {
  const out: Run[][] = [];
  let a = 0;
  const t = s.text;
  for (;;) {
    const nl = t.indexOf("\n", a);
    const b = nl < 0 ? t.length : nl;
    for (const [from, to] of wrapRange(t, a, b, out.length ? restWidth : firstWidth, restWidth)) out.push(slice(s, from, to));
    if (nl < 0) break;
    a = nl + 1;
  }
  return out;
}

/** The columns runs take on the page. */
export function runsLength(runs: readonly Run[]): number {
  let n = 0;
  for (const r of runs) n += textColumns(r.text);
  return n;
}

const upper = (s: string) => s.toUpperCase();

// ───────────────────────────── blocks ─────────────────────────────

/** A line of a block, its row counted from the block's first row. */
type Item = Omit<Line, "row"> & { row: number };

type Block = {
  type: "heading" | "text" | "speech" | "dual" | "transition" | "pageBreak";
  blank: number;
  items: Item[];
  height: number;
  keepWithNext?: boolean;
  /** speech: the rows its cue takes (the CONT'D cue after a break takes one) */
  cueRows?: number;
  /** speech: the cue to repeat on the next page, and where MORE goes */
  contd?: { runs: Run[]; column: number; element: number };
  /** heading: the scene this heading starts */
  scene?: number;
  /** speech: its elements, for a dual dialogue that follows */
  speech?: SpeechParts;
};

function textItems(kind: LineKind, lines: Run[][], column: number | ((len: number) => number), element: number, revised: boolean, row = 0): Item[] {
  const items: Item[] = [];
  lines.forEach((runs, i) => {
    if (!runs.length) return; // an empty line: a blank row
    const col = typeof column === "number" ? column : column(runsLength(runs));
    const item: Item = { kind, runs, column: col, row: row + i, element };
    if (revised) item.revised = true;
    items.push(item);
  });
  return items;
}

type SpeechParts = { cue: number; parts: number[] };

function speechItems(script: Script, sp: SpeechParts, at: Speaker, changed: ReadonlySet<number> | undefined, side?: "left" | "right") {
  const items: Item[] = [];
  let row = 0;
  let cueRows = 0;
  let contd: Block["contd"];
  const add = (list: Item[], rows: number) => {
    for (const it of list) {
      if (side) it.side = side;
      items.push(it);
    }
    row += rows;
  };
  if (sp.cue >= 0) {
    const cue = script.elements[sp.cue]!;
    const name = hasRuns(cue) ? styled(cue.text) : plain("");
    const ext = cue.type === "character" && cue.extension !== undefined ? cue.extension : undefined;
    const full = ext !== undefined ? concat(name, plain(` (${ext})`)) : name;
    const lines = wrap(full, at.cueWidth);
    add(textItems("character", lines, at.cue, sp.cue, !!changed?.has(sp.cue)), lines.length);
    cueRows = lines.length;
    // the repeated cue keeps its extension, and says CONT'D once
    const contdText = ext !== undefined && /CONT['’]?D/i.test(ext) ? full : concat(full, plain(" (CONT'D)"));
    contd = { runs: slice(contdText, 0, contdText.text.length), column: at.cue, element: sp.cue };
  }
  for (const index of sp.parts) {
    const e = script.elements[index]!;
    if (!hasRuns(e)) continue;
    const revised = !!changed?.has(index);
    if (e.type === "parenthetical") {
      let inner = styled(e.text);
      const t = inner.text.trim();
      if (!(t.startsWith("(") && t.endsWith(")"))) inner = concat(plain("("), inner, plain(")"));
      const lines = wrap(inner, at.parenWidth, at.parenWidth - 1);
      const list = textItems("parenthetical", lines, at.paren, index, revised);
      for (const it of list) {
        if (it.row > 0) it.column = at.paren + 1;
        it.row += row;
      }
      add(list, lines.length);
    } else {
      const lines = wrap(styled(e.text, undefined, e.type === "lyrics" ? { italic: true } : undefined), at.dialogueWidth);
      add(textItems(e.type === "lyrics" ? "lyrics" : "dialogue", lines, at.dialogue, index, revised, row), lines.length);
    }
  }
  return { items, height: row, cueRows, contd };
}

function buildBlocks(script: Script, options: LayoutOptions) {
  const { elements } = script;
  const changed = options.changed;
  const blocks: Block[] = [];
  const sceneElements: number[] = [];
  const n = elements.length;
  let i = 0;
  while (i < n) {
    const e = elements[i]!;
    if (!printing(e)) {
      i++;
      continue;
    }
    const revised = !!changed?.has(i);
    switch (e.type) {
      case "pageBreak":
        blocks.push({ type: "pageBreak", blank: 0, items: [], height: 0 });
        i++;
        break;
      case "sceneHeading": {
        const lines = wrap(styled(e.text, upper), COLUMNS.actionWidth);
        const items = textItems("sceneHeading", lines, COLUMNS.action, i, revised);
        blocks.push({ type: "heading", blank: 1, items, height: lines.length, keepWithNext: true, scene: sceneElements.length });
        sceneElements.push(i);
        i++;
        break;
      }
      case "action":
      case "lyrics": {
        const italic = e.type === "lyrics" ? ({ italic: true } as const) : undefined;
        const lines = wrap(styled(e.text, undefined, italic), COLUMNS.actionWidth);
        const centered = e.type === "action" && e.centered;
        const column = centered ? (len: number) => COLUMNS.action + Math.max(0, Math.floor((COLUMNS.actionWidth - len) / 2)) : COLUMNS.action;
        const kind: LineKind = centered ? "centered" : e.type === "lyrics" ? "lyrics" : "action";
        blocks.push({ type: "text", blank: 1, items: textItems(kind, lines, column, i, revised), height: lines.length });
        i++;
        break;
      }
      case "transition": {
        const lines = wrap(styled(e.text), COLUMNS.actionWidth);
        const items = textItems("transition", lines, (len) => COLUMNS.right - len, i, revised);
        blocks.push({ type: "transition", blank: 1, items, height: lines.length });
        i++;
        break;
      }
      default: {
        // a speech: a cue (or dialogue without one) and the lines that follow it
        const sp: SpeechParts = { cue: e.type === "character" ? i : -1, parts: [] };
        let j = e.type === "character" ? i + 1 : i;
        while (j < n) {
          const f = elements[j]!;
          if (f.type === "parenthetical" || f.type === "dialogue" || f.type === "lyrics") sp.parts.push(j);
          else if (printing(f)) break;
          j++;
        }
        i = j;
        const prev = blocks[blocks.length - 1];
        const prevSpeech = prev?.type === "speech" ? prev.speech : undefined;
        if (e.type === "character" && e.dual && prevSpeech && prevSpeech.cue >= 0) {
          const left = speechItems(script, prevSpeech, LEFT, changed, "left");
          const right = speechItems(script, sp, RIGHT, changed, "right");
          blocks[blocks.length - 1] = { type: "dual", blank: 1, items: [...left.items, ...right.items].sort((x, y) => x.row - y.row), height: Math.max(left.height, right.height) };
        } else {
          const s = speechItems(script, sp, SINGLE, changed);
          const block: Block = { type: "speech", blank: 1, items: s.items, height: s.height, cueRows: s.cueRows, speech: sp };
          if (s.contd) block.contd = s.contd;
          blocks.push(block);
        }
      }
    }
  }
  return { blocks, sceneElements };
}

// ───────────────────────────── breaking ─────────────────────────────

function rowIndex(block: Block): (Item | undefined)[] {
  const at: (Item | undefined)[] = new Array(block.height);
  for (const it of block.items) if (at[it.row] === undefined) at[it.row] = it;
  return at;
}

/** Rows k where the block may break (rows [0, k) stay), smallest first. */
function legalBreaks(block: Block): number[] {
  if (block.type !== "text" && block.type !== "speech") return [];
  const at = rowIndex(block);
  const out: number[] = [];
  const first = block.type === "speech" ? (block.cueRows ?? 0) + 2 : 2;
  for (let k = first; k <= block.height - 2; k++) {
    const before = at[k - 1];
    const after = at[k];
    if (!before || !after) continue;
    // a speech keeps two lines of dialogue above MORE (not a parenthetical, not the cue)
    if (block.type === "speech" && !(isSpoken(before) && isSpoken(at[k - 2]))) continue;
    out.push(k);
  }
  return out;
}

const isSpoken = (it: Item | undefined) => it?.kind === "dialogue" || it?.kind === "lyrics";

const headRows = (block: Block, k: number) => (block.type === "speech" && block.contd ? k + 1 : k);

/** The smallest first piece of a block a page must have room for. */
function minHead(block: Block): number {
  const breaks = legalBreaks(block);
  return breaks.length ? headRows(block, breaks[0]!) : block.height;
}

/** Rows that must follow block i on its page: the smallest piece of the next block, and
 *  for a heading right after a heading, what that one needs too. */
function keptAfter(blocks: Block[], i: number): number {
  let rows = 0;
  for (let j = i + 1; j < blocks.length; j++) {
    const next = blocks[j]!;
    if (next.type === "pageBreak") break;
    if (!next.keepWithNext) return rows + next.blank + minHead(next);
    rows += next.blank + next.height;
  }
  return rows;
}

/** The block cut at row k: the items for this page (with MORE), and the rest. */
function split(block: Block, k: number): { head: Item[]; tail: Block } {
  const head = block.items.filter((it) => it.row < k);
  const rest = block.items.filter((it) => it.row >= k);
  let shift: number;
  const tail: Block = { ...block, blank: 0, items: [], keepWithNext: false };
  if (block.type === "speech" && block.contd) {
    const { contd } = block;
    head.push({ kind: "more", runs: [{ text: "(MORE)" }], column: contd.column, row: k, element: contd.element });
    tail.items.push({ kind: "contd", runs: contd.runs.map((r) => ({ ...r })), column: contd.column, row: 0, element: contd.element });
    tail.cueRows = 1;
    shift = k - 1;
  } else {
    // the rest starts at the top of the page: no blank rows there
    let firstRow = block.height;
    for (const it of rest) firstRow = Math.min(firstRow, it.row);
    shift = firstRow;
  }
  for (const it of rest) tail.items.push({ ...it, row: it.row - shift });
  tail.height = block.height - shift;
  return { head, tail };
}

// ───────────────────────────── title page ─────────────────────────────

const CENTRE_KEYS = ["title", "credit", "author", "authors", "source"];
const LEFT_KEYS = ["contact", "notes", "copyright"];
const RIGHT_KEYS = ["draft date", "date", "revision"];

function titleRuns(value: string): Styled {
  return styled(parseInline(value.trim()));
}

function layoutTitlePage(script: Script, rows: number): TitleLine[] | null {
  const fields = script.titlePage.map((f) => ({ key: f.key.trim().toLowerCase(), value: f.value }));
  const lines: TitleLine[] = [];
  const centreWidth = COLUMNS.actionWidth;
  const centre = COLUMNS.action + COLUMNS.actionWidth / 2;
  let row = Math.floor(rows / 3);
  let first = true;
  for (const f of fields) {
    if (!CENTRE_KEYS.includes(f.key) || !f.value.trim()) continue;
    if (!first) row++; // a blank row between fields
    first = false;
    for (const runs of wrap(titleRuns(f.value), centreWidth)) {
      if (runs.length) lines.push({ runs, column: Math.max(COLUMNS.action, Math.floor(centre - runsLength(runs) / 2)), row, field: f.key });
      row++;
    }
  }
  // bottom corners, stacked upwards from the last row
  const corner = (keys: string[], place: (runs: Run[]) => number) => {
    const blocks: Run[][][] = [];
    const keyOf: string[] = [];
    for (const f of fields) {
      if (keys.includes(f.key) && f.value.trim()) {
        blocks.push(wrap(titleRuns(f.value), 30));
        keyOf.push(f.key);
      }
    }
    const total = blocks.reduce((n, b) => n + b.length, 0) + Math.max(0, blocks.length - 1);
    let r = rows - total;
    blocks.forEach((b, i) => {
      for (const runs of b) {
        if (runs.length) lines.push({ runs, column: place(runs), row: r, field: keyOf[i]! });
        r++;
      }
      r++;
    });
  };
  corner(LEFT_KEYS, () => COLUMNS.action);
  corner(RIGHT_KEYS, (runs) => COLUMNS.right - runsLength(runs));
  return lines.length ? lines : null;
}

// ───────────────────────────── pagination ─────────────────────────────

export function layoutScript(script: Script, options: LayoutOptions = {}): Layout {
  const paper = options.paper ?? "letter";
  const L = PAPER[paper].linesPerPage;
  const { blocks, sceneElements } = buildBlocks(script, options);
  const sceneNumbers = numberScenes(script, sceneElements);
  const sceneOf = new Map(sceneElements.map((element, k) => [element, k]));

  const pages: Page[] = [];
  let lines: Line[] = [];
  let row = 0;
  // scene extents: per page, the rows where scenes start on it (a scene going on from
  // the page before starts at row 0)
  const starts: { scene: number; row: number }[][] = [];
  let pageStarts: { scene: number; row: number }[] = [];
  const used: number[] = [];
  let scene = -1;
  const scenePage: number[] = [];

  let keepOpen = false; // the last thing placed is a heading waiting for what follows
  const newPage = () => {
    keepOpen = false;
    pages.push({ number: pages.length + 1, showNumber: pages.length > 0, lines });
    starts.push(pageStarts);
    used.push(lines.reduce((m, l) => Math.max(m, l.row + 1), 0));
    lines = [];
    pageStarts = scene >= 0 ? [{ scene, row: 0 }] : [];
    row = 0;
  };
  const place = (items: Item[], at: number) => {
    keepOpen = false;
    for (const it of items) {
      const line: Line = { ...it, row: at + it.row };
      if (line.kind === "sceneHeading" && options.sceneNumbers && it.row === 0 && it.element >= 0) {
        const k = sceneOf.get(it.element);
        if (k !== undefined) line.sceneNumber = sceneNumbers[k]!;
      }
      lines.push(line);
    }
  };

  for (let bi = 0; bi < blocks.length; bi++) {
    let block = blocks[bi]!;
    if (block.type === "pageBreak") {
      if (lines.length) newPage();
      continue;
    }
    for (;;) {
      const blank = lines.length ? block.blank : 0;
      let need = blank + block.height;
      if (block.keepWithNext) {
        // what follows too tall to ever share a page with it gets cut under it: 2 rows of it then
        const after = keptAfter(blocks, bi);
        need += block.height + after <= L ? after : Math.min(after, (blocks[bi + 1]?.blank ?? 0) + 2);
      }
      if (row + need <= L) {
        if (block.scene !== undefined) {
          scene = block.scene;
          scenePage[scene] = pages.length + 1;
          pageStarts.push({ scene, row: row + blank });
        }
        place(block.items, row + blank);
        row += blank + block.height;
        keepOpen = !!block.keepWithNext;
        break;
      }
      const avail = L - row - blank;
      const legal = legalBreaks(block);
      const breaks = legal.filter((k) => headRows(block, k) <= avail);
      if (breaks.length && !block.keepWithNext) {
        const { head, tail } = split(block, breaks[breaks.length - 1]!);
        place(head, row + blank);
        newPage();
        block = tail;
        continue;
      }
      // Cut it where this page ends when no break would help on any page, or when a
      // heading above it would otherwise be left alone (what follows it is too tall).
      const cut = block.type === "speech" && block.contd ? avail - 1 : avail;
      const hopeless = block.height > L && !legal.some((k) => headRows(block, k) <= L);
      if ((hopeless || keepOpen) && cut >= 2 && cut < block.height) {
        const { head, tail } = split(block, cut);
        place(head, row + blank);
        newPage();
        block = tail;
        continue;
      }
      if (lines.length) {
        newPage();
        continue;
      }
      // alone on an empty page, kept with what follows it though that cannot fit
      if (block.scene !== undefined) {
        scene = block.scene;
        scenePage[scene] = pages.length + 1;
        pageStarts.push({ scene, row: 0 });
      }
      place(block.items, 0);
      row = block.height;
      keepOpen = !!block.keepWithNext;
      break;
    }
  }
  if (lines.length || pages.length === 0) newPage();

  // scene lengths, page by page
  const rows = new Array<number>(sceneElements.length).fill(0);
  starts.forEach((list, p) => {
    list.forEach((s, j) => {
      const end = j + 1 < list.length ? list[j + 1]!.row : used[p]!;
      rows[s.scene]! += Math.max(0, end - s.row);
    });
  });
  const scenes: SceneInfo[] = sceneElements.map((element, k) => ({
    element,
    sceneNumber: sceneNumbers[k]!,
    page: scenePage[k] ?? pages.length,
    eighths: Math.max(1, Math.round((rows[k]! * 8) / L)),
  }));

  return { paper, linesPerPage: L, titlePage: layoutTitlePage(script, L), pages, scenes };
}

function numberScenes(script: Script, sceneElements: number[]): string[] {
  return sceneElements.map((index, k) => {
    const e = script.elements[index]!;
    return e.type === "sceneHeading" && e.sceneNumber ? e.sceneNumber : String(k + 1);
  });
}
