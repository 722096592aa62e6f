// Fountain ⇄ the screenplay model (./model.ts). Pure, no I/O, no dependencies.
//
// parseFountain reads any string without throwing, in linear time (every search moves
// forward, every "find the closer" is done once per opener and remembered when it fails).
// writeFountain writes Fountain that parseFountain reads back to the same model: the
// round trip parse → write → parse is the identity on parsed scripts.
//
// The rules are those of reference/screenplay.md. Where the reference is silent, the
// choices are written down beside the code and summed up here:
// - Lines: CRLF/CR become LF; a leading BOM is dropped; tabs become 4 spaces (outside
//   boneyard, which is kept verbatim); other control characters are removed (warning).
//   Input containing NUL is not text (a binary file, or UTF-16 read as UTF-8): nothing is
//   parsed, the script is empty and the warning says why — the caller refuses the import.
// - Blank line: a line of spaces only, except a line of exactly two spaces, which is
//   Fountain's "two spaces" line: an empty line kept inside the paragraph (dialogue,
//   action, notes). At either end of a paragraph it is simply dropped.
// - A paragraph is a run of non-blank lines. Scene headings and transitions must be a whole
//   paragraph (blank line before and after); a character cue starts a paragraph that
//   continues (its dialogue). Page breaks, sections, synopses, forced headings and forced
//   transitions take one line; lines after them in the same paragraph are read as if a
//   new paragraph started there. Lyrics (~) and centred text (> <) lines are recognised on
//   any line outside dialogue (consecutive ones make one element); lyrics also inside
//   dialogue. A line that looks like a scene heading but has no blank line after it is
//   action, as the reference says, with a warning; it is never taken for a character cue,
//   nor is a line ending in "TO:".
// - Boneyard /* */ is removed before anything else is recognised, like Fountain does: a
//   boneyard starting a line is a boneyard element (text after its "*/" continues as a new
//   line); one inside a line and closed on it is an inline run; one opened inside a line
//   and closed on a later line is moved, whole, to its own element after that line. Inside
//   an element that spans lines (action, dialogue, lyrics, centred text) a boneyard
//   element is placed right after the element, so the printed text is unchanged; but a
//   boneyard with its lines to itself stands for the blank line a scene heading or a
//   transition needs before or after it ("CUT TO:", a boneyard, "EXT. HOUSE - DAY" are a
//   transition and a heading, as screenplain and fountain-js read them). An
//   unclosed "/*" comments out the rest of the file, as in Fountain, with a warning that
//   says so: its text is all kept, as a boneyard element the writer closes. (Keeping it as
//   text instead cannot round-trip: a note or section holding it verbatim would be closed
//   by a later "*/" once written back.)
// - Notes: a paragraph that is exactly one [[…]] is a note element; anywhere else [[…]] is
//   an inline note run (it may span lines of its element). "[[" with no "]]" is text (and
//   is written as is; the writer escapes a "[[" only when a "]]" follows it).
// - Title page: the first paragraph, when its first line is "Key: value" and one of its
//   keys is known (Title, Credit, Author(s), Source, Draft date, Contact, and the usual
//   Notes, Copyright, Date, Revision); any key is then kept, in order. A value continues on
//   lines indented by 3+ spaces (or a tab); a non-indented line without a colon ends the
//   title page and starts the script. Leading blank lines before it are allowed.
// - Emphasis does not cross line breaks and works as toggles: "*" italic, "**" bold, "***"
//   both, "_" underline; a marker left open at the end of its line is plain text; "****"
//   and "__" runs are plain text. Markers hug the text they mark, as fountain-js reads
//   them: a cluster of markers ("**_") followed by a non-space may open, one after a
//   non-space may close, one with spaces (or the line's ends) on both sides or inside a
//   word is text ("5 * 3 * 2", "my_secret_file.txt"). A backslash before ASCII
//   punctuation makes it literal; the writer escapes only where needed, and writes marks
//   an editor put where Fountain cannot (inside a word, on a space at a mark's edge) as
//   near as it can (see huggingRuns).

import type { Action, Character, Element, Run, Script, SectionDepth, TitleField } from "./model";

export type ParseResult = { script: Script; warnings: string[] };

/** The warning given, alone, for input that is not text. */
export const BINARY_WARNING = "This file is not a Fountain text file (it contains NUL bytes, as binary files and UTF-16 text do); nothing was imported.";
const MAX_WARNINGS = 50;

const KNOWN_TITLE_KEYS = new Set(["title", "credit", "author", "authors", "source", "draft date", "contact", "notes", "copyright", "date", "revision"]);
const TITLE_KEY = /^[\p{L}\p{N}][\p{L}\p{N} ._'’&/-]{0,59}$/u;

// An inline boneyard, once cut out of a line, is this placeholder around its index in a
// table: Unicode noncharacters, removed from the input beforehand, so they cannot collide.
const B_OPEN = "\uFDD0";
const B_CLOSE = "\uFDD1";

class Warnings {
  list: string[] = [];
  dropped = 0;
  add(message: string) {
    if (this.list.length < MAX_WARNINGS) this.list.push(message);
    else this.dropped++;
  }
  done(): string[] {
    return this.dropped ? [...this.list, `… and ${this.dropped} more warnings.`] : this.list;
  }
}

// ───────────────────────────── small text helpers ─────────────────────────────

const isSpaceOnly = (s: string) => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== 32) return false;
  return true;
};
/** Spaces only (tabs are spaces by then); never JavaScript's trim, which eats NBSP and more. */
function trimSpaces(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) === 32) a++;
  while (b > a && s.charCodeAt(b - 1) === 32) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}
function trimEnd(s: string): string {
  let b = s.length;
  while (b > 0 && s.charCodeAt(b - 1) === 32) b--;
  return b === s.length ? s : s.slice(0, b);
}
function trimStart(s: string): string {
  let a = 0;
  while (a < s.length && s.charCodeAt(a) === 32) a++;
  return a === 0 ? s : s.slice(a);
}
const KEPT_EMPTY = "  ";
const isBlank = (line: string) => line !== KEPT_EMPTY && isSpaceOnly(line);
const isAsciiPunct = (c: string | undefined) => {
  if (c === undefined || c.length !== 1) return false;
  const k = c.charCodeAt(0);
  return (k >= 33 && k <= 47) || (k >= 58 && k <= 64) || (k >= 91 && k <= 96) || (k >= 123 && k <= 126);
};
const isAlnum = (c: string | undefined) => {
  if (c === undefined || c.length !== 1) return false;
  const k = c.charCodeAt(0);
  if (k < 128) return (k >= 48 && k <= 57) || (k >= 65 && k <= 90) || (k >= 97 && k <= 122);
  return /^[\p{L}\p{N}]$/u.test(c);
};
/** White space, or nothing (the start or end of the text). */
const isWhite = (c: string | undefined) => {
  if (c === undefined) return true;
  const k = c.charCodeAt(0);
  if (k < 128) return k === 32 || (k >= 9 && k <= 13);
  return /^\s$/u.test(c);
};
const CAN_OPEN = 1;
const CAN_CLOSE = 2;
const hasLower = (s: string) => /\p{Ll}/u.test(s);
const hasUpper = (s: string) => /\p{Lu}/u.test(s);

function expandBones(s: string, bones: readonly string[]): string {
  if (!s.includes(B_OPEN)) return s;
  return s.replace(/\uFDD0(\d+)\uFDD1/g, (_, i: string) => `/*${bones[Number(i)] ?? ""}*/`);
}

// ───────────────────────────── line recognition ─────────────────────────────
// Shared by the parser and the writer, so that the writer knows how each line it writes
// will be read back.

// "INT./EXT" and "I./E" too, as Afterwriting and screenplain read them (the Fountain page lists
// INT./EXT but writers abbreviate it either way).
const HEADING = /^(?:int\.?\/ext|i\.?\/e|int|ext|est)[. ]/i;
/** INT., EXT.… after any emphasis markers (or escaped ones: the writer escapes literal ones). */
function headingLike(s: string): boolean {
  let i = 0;
  while (s[i] === "*" || s[i] === "_" || s[i] === "\\") i++;
  return HEADING.test(i ? s.slice(i) : s);
}
const transitionLike = (s: string) => s.endsWith("TO:") && !hasLower(s);
const isPageBreak = (s: string) => s.length >= 3 && /^=+$/.test(s);
const isCentered = (s: string) => s.length >= 2 && s[0] === ">" && s.endsWith("<");

/** A cue split into name, extension and the dual-dialogue mark (the cue has no "@"). */
function splitCue(cue: string): { name: string; extension?: string; dual: boolean } {
  let x = trimSpaces(cue);
  let dual = false;
  if (x.endsWith("^")) {
    dual = true;
    x = trimSpaces(x.slice(0, -1));
  }
  if (x.endsWith(")")) {
    const p = x.indexOf("(");
    const name = p > 0 ? trimSpaces(x.slice(0, p)) : "";
    if (name) return { name, extension: trimSpaces(x.slice(p + 1, -1)), dual };
  }
  return { name: x, dual };
}
const characterLike = (s: string) => {
  if (headingLike(s) || transitionLike(s)) return false;
  const { name } = splitCue(s);
  return hasUpper(name) && !hasLower(name);
};

type StartKind =
  | "pageBreak"
  | "section"
  | "synopsis"
  | "forcedHeading"
  | "forcedAction"
  | "forcedCharacter"
  | "lyrics"
  | "centered"
  | "forcedTransition"
  | "note"
  | "heading"
  | "transition"
  | "trailingAction"
  | "character"
  | "headingAction"
  | "action";

/** A paragraph's lines as read: raw (tabs expanded, placeholders in) and trimmed. */
type Para = { raw: string[]; trim: string[]; nextClose?: Int32Array };

/** Line t starts a paragraph (or what is read as one): what does it start? `last`: as if it ended it. */
function startKind(p: Para, t: number, last = t === p.trim.length - 1): StartKind {
  const s = p.trim[t]!;
  const c = s[0];
  if (isPageBreak(s)) return "pageBreak";
  if (c === "#") return "section";
  if (c === "=") return "synopsis";
  if (c === "." && isAlnum(s[1])) return "forcedHeading";
  if (c === "!") return "forcedAction";
  if (c === "@" && trimSpaces(s.slice(1)) !== "") return "forcedCharacter";
  if (c === "~") return "lyrics";
  if (isCentered(s)) return "centered";
  if (c === ">") return "forcedTransition";
  if (c === "[" && s[1] === "[" && noteBlockAt(p, t)) return "note";
  if (headingLike(s)) return last ? "heading" : "headingAction";
  if (last && transitionLike(trimStart(p.raw[t]!))) return "transition";
  if (last && transitionLike(s)) return "trailingAction";
  if (!last && characterLike(s)) return "character";
  return "action";
}

const headingOrTransition = (k: StartKind) => k === "heading" || k === "transition";
/** startKind, where a boneyard right under the line may end its paragraph (see ParagraphReader.read). */
function boneStartKind(p: Para, t: number, beforeBone: boolean): StartKind {
  const kind = startKind(p, t);
  if (!beforeBone || headingOrTransition(kind)) return kind;
  const alone = startKind(p, t, true);
  return headingOrTransition(alone) ? alone : kind;
}

/** Whether lines t… of the paragraph are exactly one [[note]]: its first "]]" ends the last line. */
function noteBlockAt(p: Para, t: number): boolean {
  const n = p.trim.length;
  let line = -1;
  let at = p.trim[t]!.indexOf("]]", 2);
  if (at !== -1) line = t;
  else if (t + 1 < n) {
    if (!p.nextClose) {
      // for each line, the first line at or after it holding "]]" (n when none): once per paragraph
      const next = new Int32Array(n + 1);
      next[n] = n;
      for (let i = n - 1; i >= 0; i--) next[i] = p.trim[i]!.includes("]]") ? i : next[i + 1]!;
      p.nextClose = next;
    }
    line = p.nextClose[t + 1]!;
    if (line < n) at = p.trim[line]!.indexOf("]]");
  }
  return line === n - 1 && at === p.trim[line]!.length - 2;
}

/** How a line inside dialogue is read. */
function dialogueKind(s: string): "lyrics" | "parenthetical" | "dialogue" {
  if (s[0] === "~") return "lyrics";
  if (s[0] === "(" && s.endsWith(")")) return "parenthetical";
  return "dialogue";
}
/** How a line continuing an action paragraph is read. */
function continuationKind(s: string): "lyrics" | "centered" | "action" {
  if (s[0] === "~") return "lyrics";
  if (isCentered(s)) return "centered";
  return "action";
}

// ───────────────────────────── inline text ─────────────────────────────

// Marks as bits while parsing and writing.
const ITALIC = 1;
const BOLD = 2;
const UNDERLINE = 4;
const maskOf = (run: Run) => (run.italic ? ITALIC : 0) | (run.bold ? BOLD : 0) | (run.underline ? UNDERLINE : 0);

// Token kinds of parseInline.
const T_TEXT = 0;
const T_STAR = 1; // 1, 2 or 3 stars: T_STAR + count - 1
const T_UNDER = 4;
const T_NOTE = 5;
const T_BONE = 6;

const INLINE_SPECIAL = /[\\*_[\uFDD0/]/;

/**
 * Runs of an element's text (lines joined with "\n"): emphasis, escapes, inline notes and
 * inline boneyard (placeholders from the boneyard pass). Linear in the text's length.
 */
export function parseInline(text: string, bones: readonly string[] = []): Run[] {
  if (!INLINE_SPECIAL.test(text)) return text ? [{ text }] : [];
  // Tokens: their kinds (never more tokens than characters), and the strings of those
  // with text (text, notes, boneyard), in order.
  const kind = new Uint8Array(text.length);
  let count = 0;
  const str: string[] = [];
  const breaks: number[] = []; // index of the first token of each line after the first
  let noteCloser = -3; // where the next "]]" is; -1 when a search found none, -2 once that is known (-3: not searched)
  let plain = "";
  const flush = () => {
    if (plain) {
      kind[count++] = T_TEXT;
      str.push(plain);
      plain = "";
    }
  };
  const n = text.length;
  // What each emphasis marker may do, from the characters around its cluster (markers with
  // nothing between them: "**_"): markers hug the text they mark, as fountain-js reads them.
  // A cluster followed by a non-space may open, one after a non-space may close; one with
  // spaces (or a line's end) on both sides, or inside a word, is text: "5 * 3", "my_file".
  const can = new Uint8Array(n);
  let clusterFirst = -1; // the first token of the current cluster
  let clusterEnd = -1; // where its last marker ends
  const endCluster = () => {
    if (clusterFirst === -1) return;
    const before = text[clusterStartAt - 1];
    const after = text[clusterEnd];
    const f = isAlnum(before) && isAlnum(after) ? 0 : (isWhite(after) ? 0 : CAN_OPEN) | (isWhite(before) ? 0 : CAN_CLOSE);
    for (let u = clusterFirst; u < count; u++) can[u] = f;
    clusterFirst = -1;
  };
  let clusterStartAt = 0;
  const marker = (k: number, at: number, end: number) => {
    if (clusterFirst === -1 || clusterEnd !== at) {
      endCluster();
      clusterFirst = count;
      clusterStartAt = at;
    }
    clusterEnd = end;
    kind[count++] = k;
  };
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (clusterFirst !== -1 && clusterEnd !== i) endCluster();
    if (c === "\\") {
      // escapes, as many as follow each other
      let j = i;
      let chars = "";
      while (text[j] === "\\") {
        const next = text[j + 1];
        if (isAsciiPunct(next)) {
          chars += next;
          j += 2;
        } else {
          chars += "\\";
          j++;
        }
      }
      plain += chars;
      i = j;
    } else if (c === "*" || c === "_") {
      let j = i + 1;
      while (j < n && text[j] === c) j++;
      const run = j - i;
      if (c === "*" && run <= 3) {
        flush();
        marker(T_STAR + run - 1, i, j);
      } else if (c === "_" && run === 1) {
        flush();
        marker(T_UNDER, i, j);
      } else plain += text.slice(i, j);
      i = j;
    } else if (c === "[" && text[i + 1] === "[" && noteCloser !== -2 && (noteCloser >= i + 2 || (noteCloser = text.indexOf("]]", i + 2)) !== -1)) {
      flush();
      kind[count++] = T_NOTE;
      str.push(expandBones(text.slice(i + 2, noteCloser), bones));
      i = noteCloser + 2;
    } else if (c === B_OPEN) {
      const end = text.indexOf(B_CLOSE, i);
      flush();
      kind[count++] = T_BONE;
      str.push(bones[Number(text.slice(i + 1, end))] ?? "");
      i = end === -1 ? n : end + 1;
    } else if (c === "/" && text[i + 1] === "*") {
      // an opener the boneyard pass left (only when called on other text): literal
      plain += "/*";
      i += 2;
    } else {
      if (noteCloser === -1) noteCloser = -2; // "[[" with no "]]" after it: text, like any after it
      // plain text up to the next special character; line breaks are noted on the way
      let j = i;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d === 10) breaks.push(count); // the text token being gathered counts as the next line's: no matter
        else if (d === 92 || d === 42 || d === 95 || d === 0xfdd0 || d === 47 || (d === 91 && noteCloser !== -2)) break;
      }
      if (j === i) j++; // a lone "[" or "/"
      plain += text.slice(i, j);
      i = j;
    }
  }
  flush();
  endCluster();

  // Emphasis, line by line: each marker toggles, opening or closing its mark, when its
  // cluster lets it (a marker that may neither is text). A pair with
  // no text between its markers (notes and boneyard take no marks), or a marker left open
  // at the end of its line, is text: no marker ever vanishes without a trace ("_*_*" stays
  // as typed), which writing back could not reproduce.
  const valid = new Uint8Array(count);
  breaks.push(count);
  let lineStart = 0;
  const open = [-1, -1, -1, -1, -1]; // by mark bit: the token that opened it in this line
  for (const lineEnd of breaks) {
    open[ITALIC] = open[BOLD] = open[UNDERLINE] = -1;
    let lastText = -1; // the last text token
    const toggle = (u: number, bit: number) => {
      const o = open[bit]!;
      if (o === -1) {
        if (!(can[u]! & CAN_OPEN)) return;
        open[bit] = u;
        valid[u]! |= bit;
      } else {
        if (!(can[u]! & CAN_CLOSE)) return;
        open[bit] = -1;
        if (lastText > o) valid[u]! |= bit;
        else valid[o]! &= ~bit; // nothing between: both markers are text
      }
    };
    for (let u = lineStart; u < lineEnd; u++) {
      const k = kind[u]!;
      if (k >= T_STAR && k <= T_STAR + 2) {
        const stars = k - T_STAR + 1;
        if (stars !== 2) toggle(u, ITALIC);
        if (stars >= 2) toggle(u, BOLD);
      } else if (k === T_UNDER) toggle(u, UNDERLINE);
      else if (k === T_TEXT) lastText = u;
    }
    for (const bit of [ITALIC, BOLD, UNDERLINE]) if (open[bit] !== -1) valid[open[bit]!]! &= ~bit;
    lineStart = lineEnd;
  }

  const runs: Run[] = [];
  let mask = 0;
  let last: Run | null = null; // the last run, when text can be added to it
  let lastMask = -1;
  let pieces: string[] = []; // more text of the last run, joined once it is complete
  const complete = () => {
    if (last && pieces.length) last.text += pieces.join("");
    pieces = [];
  };
  const push = (s: string) => {
    if (last && lastMask === mask) {
      pieces.push(s);
      return;
    }
    complete();
    const run: Run = { text: s };
    if (mask & BOLD) run.bold = true;
    if (mask & ITALIC) run.italic = true;
    if (mask & UNDERLINE) run.underline = true;
    runs.push(run);
    last = run;
    lastMask = mask;
  };
  let next = 0; // in str
  for (let u = 0; u < count; u++) {
    const k = kind[u]!;
    if (k === T_TEXT) push(str[next++]!);
    else if (k === T_NOTE || k === T_BONE) {
      complete();
      runs.push(k === T_NOTE ? { text: str[next++]!, note: true } : { text: str[next++]!, boneyard: true });
      last = null;
    } else if (k === T_UNDER) {
      if (valid[u]) mask ^= UNDERLINE;
      else push("_");
    } else {
      const stars = k - T_STAR + 1;
      const v = valid[u]!;
      const literal = (stars !== 2 && !(v & ITALIC) ? "*" : "") + (stars >= 2 && !(v & BOLD) ? "**" : "");
      if (literal) push(literal);
      mask ^= v;
    }
  }
  complete();
  return runs;
}

const WRITE_SPECIAL = /[*_\\[/\uFDD0\uFDD1]/;

/**
 * Runs whose marks Fountain can write: a marker hugs the text it marks and never stands
 * inside a word (see parseInline). A parse gives such runs; an editor may not. A word
 * takes the marks of its first letter ("un*believ*able" cannot be written), white space
 * the marks of the text on both sides of it (an underlined space between plain words is
 * plain), a line break none. Notes and boneyard, which take no marks, let marks open
 * before them and close after them.
 */
function huggingRuns(runs: readonly Run[]): readonly Run[] {
  if (!runs.some((r) => maskOf(r) && !r.note && !r.boneyard)) return runs;
  let text = "";
  const atomsAt = new Map<number, Run[]>(); // notes and boneyard, by the position in `text` they stand before
  const parts: { from: number; mask: number }[] = [];
  for (const r of runs) {
    if (r.note || r.boneyard) {
      const list = atomsAt.get(text.length);
      if (list) list.push(r);
      else atomsAt.set(text.length, [r]);
    } else if (r.text) {
      parts.push({ from: text.length, mask: maskOf(r) });
      text += r.text;
    }
  }
  const n = text.length;
  const mask = new Uint8Array(n);
  parts.forEach((p, k) => mask.fill(p.mask, p.from, k + 1 < parts.length ? parts[k + 1]!.from : n));
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) mask[i] = 0;
  // a word's marks are those of its first letter
  for (let i = 1; i < n; i++)
    if (mask[i] !== mask[i - 1] && !atomsAt.has(i) && isAlnum(text[i - 1]) && isAlnum(text[i])) mask[i] = mask[i - 1]!;
  // white space: the marks on both sides of it (all of them, next to a note or boneyard or
  // inside the line; none at the line's start or end)
  for (let i = 0; i < n; ) {
    if (!isWhite(text[i])) {
      i++;
      continue;
    }
    let j = i;
    let m = 7;
    while (j < n && isWhite(text[j]) && (j === i || !atomsAt.has(j))) m &= mask[j++]!;
    const left = atomsAt.has(i) ? 7 : i > 0 ? mask[i - 1]! : 0;
    const right = atomsAt.has(j) ? 7 : j < n ? mask[j]! : 0;
    mask.fill(m & left & right, i, j);
    i = j;
  }
  const out: Run[] = [];
  let from = 0;
  const textUpTo = (to: number) => {
    for (let i = from; i < to; ) {
      let j = i + 1;
      while (j < to && mask[j] === mask[i]) j++;
      const run: Run = { text: text.slice(i, j) };
      if (mask[i]! & BOLD) run.bold = true;
      if (mask[i]! & ITALIC) run.italic = true;
      if (mask[i]! & UNDERLINE) run.underline = true;
      out.push(run);
      i = j;
    }
    from = to;
  };
  for (const at of [...atomsAt.keys()].sort((a, b) => a - b)) {
    textUpTo(at);
    out.push(...atomsAt.get(at)!);
  }
  textUpTo(n);
  return out;
}

/**
 * Fountain for runs, as lines. `cls` is the same with each inline boneyard as the parser's
 * placeholder: what line recognition sees (the very same array when there is none).
 */
function writeRuns(given: readonly Run[], oneLine = false): { out: string[]; cls: string[] } {
  if (given.length <= 1) {
    const run = given[0];
    if (!run) return { out: [""], cls: [""] };
    if (!run.note && !run.boneyard && !maskOf(run) && !WRITE_SPECIAL.test(run.text)) {
      const lines = (oneLine ? run.text.replaceAll("\n", " ") : run.text).split("\n");
      return { out: lines, cls: lines };
    }
  }
  const runs = huggingRuns(oneLine ? given.map((r) => (r.note || r.boneyard || !r.text.includes("\n") ? r : { ...r, text: r.text.replaceAll("\n", " ") })) : given);
  // Written as a stream of pieces: markup, literal text (escaped once the character after
  // it is known) and inline boneyard.
  // (a note holding "/* … */" is read with a placeholder there too)
  const hasBone = runs.some((r) => r.boneyard || (r.note && r.text.includes("/*")));
  const out: string[] = []; // joined in the end: cheaper than a rope of many small pieces
  const cls: string[] = [];
  let boneCount = 0;
  let last = ""; // the last character written
  let lineBlank = true; // whether the line written so far is blank (spaces at most)
  const wrote = (e: string) => {
    const nl = e.lastIndexOf("\n");
    lineBlank = (nl !== -1 || lineBlank) && isSpaceOnly(nl === -1 ? e : e.slice(nl + 1));
  };
  // Whether a "]]" may be written after run r (a note's, or one in text): only then does a
  // "[[" before it need escaping ("[[" with no "]]" after it is text, and is written as is).
  const closerAfter = new Uint8Array(runs.length + 1);
  for (let r = runs.length - 2; r >= 0; r--) {
    const a = runs[r]!;
    const b = runs[r + 1]!;
    const closes = b.note || (!b.boneyard && (b.text.includes("]]") || (!a.note && !a.boneyard && a.text.endsWith("]") && b.text.startsWith("]"))));
    closerAfter[r] = closes || closerAfter[r + 1] ? 1 : 0;
  }
  let pending = ""; // literal text waiting for the character after it
  let pendingRun = 0; // the run the end of the pending text comes from
  const flushLit = (next: string | undefined) => {
    let e = pending;
    pending = "";
    if (WRITE_SPECIAL.test(e)) {
      const s = /[\uFDD0\uFDD1]/.test(e) ? e.replace(/[\uFDD0\uFDD1]/g, "") : e; // the placeholder characters, never in text
      // Every escape is a backslash before the character: found inside the piece by the
      // passes below, at its two ends by looking at its neighbours outside it.
      const end = s.at(-1);
      const first = s[0] === "/" && last === "*" && s[1] !== "*";
      const final =
        next !== undefined &&
        ((end === "\\" && isAsciiPunct(next)) || (end === "[" && next === "[") || (end === "/" && next === "*" && s.at(-2) !== "*"));
      e = s;
      // a run of backslashes: each one followed by ASCII punctuation (the next backslash, or what follows the run)
      if (e.includes("\\"))
        e = e.replace(/\\+/g, (m: string, at: number) => {
          const all = isAsciiPunct(s[at + m.length]);
          return "\\\\".repeat(all ? m.length : m.length - 1) + (all ? "" : "\\");
        });
      // "/" next to "*" would open or close a boneyard
      if (e.includes("/")) e = e.replace(/\/(?=\*)|(?<=\*)\//g, "\\/");
      // in a run of "[", all but the last (which is not followed by one), when a "]]" follows
      if (e.includes("[[")) {
        const closed = closerAfter[pendingRun] === 1;
        e = e.replace(/\[{2,}/g, (m: string, at: number, all: string) => (closed || all.includes("]]", at + m.length) ? "\\[".repeat(m.length - 1) + "[" : m));
      }
      // "*" and "_", unless they read as text anyway: with white space (or the line's
      // start or end) on both sides, or inside a word ("5 * 3", "my_file")
      if (e.includes("*") || e.includes("_")) {
        e = e.replace(/\*+|_+/g, (m: string, at: number, all: string) => {
          const before = at > 0 ? all[at - 1] : last || undefined;
          const after = at + m.length < all.length ? all[at + m.length] : next;
          const inert = (isWhite(before) && isWhite(after)) || (isAlnum(before) && isAlnum(after));
          return inert ? m : m.length === 1 ? "\\" + m : "\\" + m.split("").join("\\");
        });
      }
      if (final && !(first && s.length === 1)) e = e.slice(0, -1) + "\\" + end;
      if (first) e = "\\" + e;
    }
    out.push(e);
    if (hasBone) cls.push(e);
    if (e) last = e.at(-1)!;
    wrote(e);
  };
  const mark = (s: string, seen = s) => {
    if (pending) flushLit(s[0]);
    out.push(s);
    if (hasBone) cls.push(seen);
    last = s.at(-1)!;
    wrote(s);
  };
  let cur = 0;
  const to = (want: number) => {
    const stars = ((cur ^ want) & ITALIC ? 1 : 0) + ((cur ^ want) & BOLD ? 2 : 0);
    if (stars) mark("*".repeat(stars));
    if ((cur ^ want) & UNDERLINE) mark("_");
    cur = want;
  };
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r]!;
    if ((run.note || run.boneyard) && !(r > 0 && (runs[r - 1]!.note || runs[r - 1]!.boneyard))) {
      // Text after notes and boneyard that starts with a space cannot open its marks right
      // before it (a marker hugs the text it marks): open them before the notes instead.
      let k = r + 1;
      while (k < runs.length && (runs[k]!.note || runs[k]!.boneyard)) k++;
      const after = runs[k];
      if (after && isWhite(after.text[0]) && after.text[0] !== "\n" && maskOf(after) & ~cur) to(cur | maskOf(after));
    }
    if (run.note) {
      const note = `[[${safeNote(run.text)}]]`;
      mark(note, asScanned(note));
    }
    else if (run.boneyard) {
      if (pending) flushLit("/");
      if (lineBlank) {
        // A boneyard starting a line would be read as a boneyard element: open the marks of
        // the text after it first (it was inside them: "_/* cut */word_").
        let k = r + 1;
        while (k < runs.length && (runs[k]!.note || runs[k]!.boneyard)) k++;
        const after = runs[k];
        if (after && !after.text.startsWith("\n")) to(maskOf(after));
      }
      out.push(`/*${run.text.replaceAll("*/", "* /").replaceAll("\n", " ")}*/`);
      cls.push(`${B_OPEN}${boneCount++}${B_CLOSE}`);
      last = "/";
      lineBlank = false;
    } else {
      const text = oneLine ? run.text.replaceAll("\n", " ") : run.text;
      const want = maskOf(run);
      if (!want) {
        // no marks to close at line ends: line breaks stay inside the text
        to(0);
        pending += text;
        pendingRun = r;
        continue;
      }
      const parts = text.split("\n");
      for (let p = 0; p < parts.length; p++) {
        if (p > 0) {
          to(0);
          mark("\n");
        }
        if (parts[p]) {
          to(want);
          pending += parts[p]!;
          pendingRun = r;
        }
      }
    }
  }
  to(0);
  if (pending) flushLit(undefined);
  const lines = out.join("").split("\n");
  return { out: lines, cls: hasBone ? cls.join("").split("\n") : lines };
}

/**
 * A line as the boneyard pass leaves it: each "/* … *\/" closed on it (a "/*" not escaped,
 * not starting it) as a placeholder. For verbatim text written inside a line (notes).
 */
function asScanned(line: string): string {
  let out = "";
  let from = 0;
  for (let p = line.indexOf("/*"); p !== -1; p = line.indexOf("/*", from)) {
    let k = p - 1;
    while (k >= 0 && line[k] === "\\") k--;
    const close = line.indexOf("*/", p + 2);
    if ((p - 1 - k) % 2 === 1) {
      out += line.slice(from, p + 1);
      from = p + 1;
    } else if (close === -1) break;
    else {
      out += `${line.slice(from, p)}${B_OPEN}0${B_CLOSE}`;
      from = close + 2;
    }
  }
  return out + line.slice(from);
}

/** Put a backslash before the first non-space character of a line (a literal "(", "~" or ">"). */
function escapeFirst(line: string): string {
  const i = line.length - trimStart(line).length;
  return line.slice(0, i) + "\\" + line.slice(i);
}

// ───────────────────────────── parsing ─────────────────────────────

/** A line, or a boneyard block; `whole` when it has its lines to itself (nothing before "/*" or after "*\/"). */
type Item = { line: string; no: number } | { bone: string; no: number; whole?: true };
const BLANK_LINE: Item = { line: "", no: 0 };
const KEPT_EMPTY_LINE: Item = { line: "  ", no: 0 };

/** Parse Fountain. Never throws; `warnings` are for the person importing (in English). */
export function parseFountain(source: string): ParseResult {
  const warnings = new Warnings();
  try {
    return { script: parse(String(source ?? ""), warnings), warnings: warnings.done() };
  } catch (error) {
    // A safety net for a bug of ours; the tests make sure it is never reached.
    return { script: { titlePage: [], elements: [] }, warnings: [`internal error while reading the file: ${String(error)}`] };
  }
}

function parse(input: string, warnings: Warnings): Script {
  if (input.includes("\0")) {
    warnings.add(BINARY_WARNING);
    return { titlePage: [], elements: [] };
  }
  let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  text = text.replace(/\r\n?/g, "\n");
  let removed = 0;
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  text = text.replace(/[\x01-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFDD0\uFDD1]/g, () => {
    removed++;
    return "";
  });
  if (removed) warnings.add(`${removed} control character${removed === 1 ? " was" : "s were"} removed.`);

  const { titlePage, bodyStart, bodyLine } = readTitlePage(text);
  const bones: string[] = [];
  const items = scanBoneyard(text, bodyStart, bodyLine, bones, warnings);
  const elements: Element[] = [];
  const reader = new ParagraphReader(elements, bones, warnings);
  let para: Item[] = [];
  for (const item of items) {
    if (item === BLANK_LINE || ("line" in item && item !== KEPT_EMPTY_LINE && isBlank(item.line))) {
      if (para.length) reader.read(para);
      para = [];
    } else para.push(item);
  }
  if (para.length) reader.read(para);
  // Some elements can only be written back with a forcing marker (an action whose first
  // line is all emphasis markers, "INT. X" read as action…): mark them forced now, so that
  // writing and reading again gives this very script.
  const dry: Out = Object.assign([], { marked: [] as number[] });
  writeLines({ titlePage, elements }, dry);
  for (const k of dry.marked!) (elements[k] as { forced?: true }).forced = true;
  return { titlePage, elements };
}

function readTitlePage(text: string): { titlePage: TitleField[]; bodyStart: number; bodyLine: number } {
  const none = { titlePage: [], bodyStart: 0, bodyLine: 1 };
  let pos = 0;
  let no = 1;
  const nextLine = () => {
    const nl = text.indexOf("\n", pos);
    const line = text.slice(pos, nl === -1 ? text.length : nl).replaceAll("\t", "    ");
    return { line, end: nl === -1 ? text.length : nl + 1 };
  };
  // leading blank lines
  while (pos < text.length) {
    const { line, end } = nextLine();
    if (!isSpaceOnly(line)) break;
    pos = end;
    no++;
  }
  const fields: TitleField[] = [];
  const values: string[][] = [];
  let known = false;
  while (pos < text.length) {
    const { line, end } = nextLine();
    const indent = line.length - trimStart(line).length;
    if (indent === 0 && line.includes(":")) {
      const colon = line.indexOf(":");
      const key = trimSpaces(line.slice(0, colon));
      if (!TITLE_KEY.test(key)) break;
      known ||= KNOWN_TITLE_KEYS.has(key.toLowerCase());
      fields.push({ key, value: "" });
      const value = trimSpaces(line.slice(colon + 1));
      values.push(value ? [value] : []);
    } else if (indent >= 3 && fields.length) {
      values.at(-1)!.push(trimSpaces(line));
    } else if (fields.length && isSpaceOnly(line)) {
      pos = end; // the blank line ending the title page
      no++;
      break;
    } else break;
    pos = end;
    no++;
  }
  if (!known) return none;
  fields.forEach((f, i) => (f.value = values[i]!.join("\n")));
  return { titlePage: fields, bodyStart: pos, bodyLine: no };
}

/**
 * Cut boneyard out of the body: lines (tabs expanded, inline boneyard as placeholders)
 * and boneyard blocks, in order. Linear: each search starts where the last one ended.
 */
function scanBoneyard(text: string, start: number, firstLine: number, bones: string[], warnings: Warnings): Item[] {
  const items: Item[] = [];
  const n = text.length;
  let i = start;
  let no = firstLine;
  let buf = ""; // the current line so far, when it holds inline boneyard
  let nextOpen = -2;
  const blankRange = (a: number, b: number) => {
    for (let k = a; k < b; k++) if (text[k] !== " " && text[k] !== "\t") return false;
    return true;
  };
  const escaped = (p: number) => {
    let k = p - 1;
    while (k >= start && text[k] === "\\") k--;
    return (p - 1 - k) % 2 === 1;
  };
  const findOpen = (from: number) => {
    let p = text.indexOf("/*", from);
    while (p !== -1 && escaped(p)) p = text.indexOf("/*", p + 1);
    return p;
  };
  const pushLine = (line: string) => items.push({ line: line.includes("\t") ? line.replaceAll("\t", "    ") : line, no });
  if (start >= n) return items;
  let nlAt = -1; // the next "\n" found (n when none), searched again only once passed
  const lineEnd = (from: number) => {
    if (nlAt < from) {
      nlAt = text.indexOf("\n", from);
      if (nlAt === -1) nlAt = n;
    }
    return nlAt;
  };
  for (;;) {
    const nl = lineEnd(i);
    if (nextOpen !== -1 && nextOpen < i) nextOpen = findOpen(i);
    const open = nextOpen;
    if (open === -1 || open >= nl) {
      // (blank lines and "two spaces" lines, the only ones no warning ever points at, are shared)
      if (buf === "" && nl - i === 2 && text.charCodeAt(i) === 32 && text.charCodeAt(i + 1) === 32) items.push(KEPT_EMPTY_LINE);
      else if (buf === "" && blankRange(i, nl)) items.push(BLANK_LINE);
      else pushLine(buf + text.slice(i, nl));
      buf = "";
      if (nl >= n) break;
      i = nl + 1;
      no++;
      continue;
    }
    const before = buf + text.slice(i, open);
    let close = text.indexOf("*/", open + 2);
    if (close === -1) {
      const lines = countNewlines(text, open) + (text.endsWith("\n") ? 0 : 1);
      warnings.add(`Line ${no}: "/*" opens a boneyard that is never closed, so the rest of the file (${lines} line${lines === 1 ? "" : "s"}) was kept as boneyard, not as script. Close it with "*/" where it should end.`);
      close = n;
    }
    const content = text.slice(open + 2, close);
    const startsLine = buf === "" && blankRange(i, open); // buf, when set, holds a placeholder
    if (close < nl && !startsLine) {
      buf = `${before}${B_OPEN}${bones.length}${B_CLOSE}`;
      bones.push(content);
      i = close + 2;
      continue;
    }
    if (!startsLine) pushLine(before);
    const bone: Item = { bone: content, no };
    items.push(bone);
    no += countNewlines(content, 0);
    buf = "";
    i = close + 2;
    while (i < n && (text[i] === " " || text[i] === "\t")) i++; // text after "*/" starts a line of its own
    if (i >= n) {
      if (startsLine) bone.whole = true;
      break;
    }
    const nl2 = lineEnd(i);
    if (blankRange(i, nl2)) {
      if (startsLine) bone.whole = true;
      if (nl2 >= n) break;
      i = nl2 + 1;
      no++;
    }
  }
  return items;
}

function countNewlines(s: string, from: number): number {
  let count = 0;
  for (let k = s.indexOf("\n", from); k !== -1; k = s.indexOf("\n", k + 1)) count++;
  return count;
}

type Open =
  | { type: "action"; lines: string[]; forced: boolean }
  | { type: "centered"; lines: string[] }
  | { type: "lyrics"; lines: string[] }
  | { type: "dialogue"; lines: string[] };

/** Reads paragraphs into elements; one instance per parse. */
class ParagraphReader {
  private open: Open | null = null;
  private pending: string[] = [];

  private readonly elements: Element[];
  private readonly bones: readonly string[];
  private readonly warnings: Warnings;

  constructor(elements: Element[], bones: readonly string[], warnings: Warnings) {
    this.elements = elements;
    this.bones = bones;
    this.warnings = warnings;
  }

  private runs(s: string): Run[] {
    return parseInline(s, this.bones);
  }

  private close() {
    const o = this.open;
    if (o) {
      this.open = null;
      if (o.type === "action") {
        while (o.lines.length > 1 && o.lines.at(-1) === "") o.lines.pop();
        const el: Action = { type: "action", text: this.runs(o.lines.join("\n")) };
        if (o.forced) el.forced = true;
        this.elements.push(el);
      } else if (o.type === "centered") this.elements.push({ type: "action", text: this.runs(o.lines.join("\n")), centered: true });
      else this.elements.push({ type: o.type, text: this.runs(o.lines.join("\n")) });
    }
    for (const bone of this.pending) this.elements.push({ type: "boneyard", text: bone });
    this.pending = [];
  }

  read(items: Item[]) {
    // the "two spaces" lines at either end of a paragraph are dropped
    let first = items.findIndex((x) => "line" in x && x.line !== KEPT_EMPTY);
    if (first === -1) first = items.length;
    let last = items.length - 1;
    const keptEmpty = (x: Item) => !("line" in x) || x.line === KEPT_EMPTY;
    while (last >= first && keptEmpty(items[last]!)) last--;
    let kept = items;
    if (first > 0 || last < items.length - 1) kept = items.filter((x, k) => !("line" in x) || (k >= first && k <= last));

    const raw: string[] = [];
    const trim: string[] = [];
    for (const x of kept)
      if ("line" in x) {
        raw.push(x.line);
        trim.push(x.line === KEPT_EMPTY ? "" : trimSpaces(x.line));
      }
    const p: Para = { raw, trim };

    type State = "start" | "action" | "lyrics" | "centered" | "dialogue" | "note";
    let state: State = "start";
    let t = -1;
    // A boneyard with its lines to itself stands for the blank line a scene heading or a
    // transition needs before or after it (Fountain removes boneyard first, leaving that
    // line empty): "CUT TO:", a boneyard, "EXT. HOUSE - DAY" are a transition and a heading.
    // Elsewhere it does not cut the paragraph (dialogue goes on under it).
    const wholeBone = (j: number) => {
      const y = kept[j];
      return y !== undefined && "bone" in y && y.whole === true;
    };
    for (let j = 0; j < kept.length; j++) {
      const x = kept[j]!;
      if (!("line" in x)) {
        if (this.open) this.pending.push(x.bone);
        else this.elements.push({ type: "boneyard", text: x.bone });
        continue;
      }
      t++;
      if (state === "note") continue; // its lines were read with its first one
      const keptEmpty = x.line === KEPT_EMPTY;
      const s = p.trim[t]!;
      // the states that may hand the line over to "start" come first
      if (state === "lyrics" || state === "centered") {
        if (keptEmpty) {
          this.close();
          state = "start";
          continue;
        }
        if (state === "lyrics" && s[0] === "~") {
          this.open!.lines.push(trimSpaces(s.slice(1)));
          continue;
        }
        if (state === "centered" && isCentered(s)) {
          this.open!.lines.push(trimSpaces(s.slice(1, -1)));
          continue;
        }
        this.close();
        state = "start";
      }
      if (state === "action" && !keptEmpty && wholeBone(j - 1) && headingOrTransition(boneStartKind(p, t, wholeBone(j + 1)))) {
        this.close();
        state = "start";
      }
      if (state === "action") {
        if (keptEmpty) {
          this.open!.lines.push("");
          continue;
        }
        const kind = continuationKind(s);
        if (kind === "action") {
          this.open!.lines.push(trimEnd(x.line));
          continue;
        }
        this.close();
        if (kind === "lyrics") {
          this.open = { type: "lyrics", lines: [trimSpaces(s.slice(1))] };
          state = "lyrics";
        } else {
          this.open = { type: "centered", lines: [trimSpaces(s.slice(1, -1))] };
          state = "centered";
        }
        continue;
      }
      if (state === "dialogue") {
        const o = this.open;
        if (keptEmpty) {
          if (o?.type === "dialogue") o.lines.push("");
          else {
            this.close();
            this.open = { type: "dialogue", lines: [""] };
          }
          continue;
        }
        const kind = dialogueKind(s);
        if (kind === "lyrics") {
          if (o?.type === "lyrics") o.lines.push(trimSpaces(s.slice(1)));
          else {
            this.close();
            this.open = { type: "lyrics", lines: [trimSpaces(s.slice(1))] };
          }
        } else if (kind === "parenthetical") {
          this.close();
          this.elements.push({ type: "parenthetical", text: this.runs(trimSpaces(s.slice(1, -1))) });
        } else if (o?.type === "dialogue") o.lines.push(s);
        else {
          this.close();
          this.open = { type: "dialogue", lines: [s] };
        }
        continue;
      }
      // state "start": this line is read as the start of a paragraph
      if (keptEmpty) continue;
      state = this.start(p, t, x.no, wholeBone(j + 1));
    }
    this.close();
  }

  /** Read line t as a paragraph start; returns the state for the next line. */
  private start(p: Para, t: number, no: number, beforeBone: boolean): "start" | "action" | "lyrics" | "centered" | "dialogue" | "note" {
    const s = p.trim[t]!;
    const kind = boneStartKind(p, t, beforeBone);
    const els = this.elements;
    switch (kind) {
      case "pageBreak":
        els.push({ type: "pageBreak" });
        return "start";
      case "section": {
        let hashes = 0;
        while (s[hashes] === "#") hashes++;
        const depth = Math.min(hashes, 6) as SectionDepth;
        els.push({ type: "section", depth, text: expandBones(trimSpaces(s.slice(depth)), this.bones) });
        return "start";
      }
      case "synopsis":
        els.push({ type: "synopsis", text: expandBones(trimSpaces(s.slice(1)), this.bones) });
        return "start";
      case "forcedHeading":
      case "heading":
        els.push(heading(s.slice(kind === "forcedHeading" ? 1 : 0), kind === "forcedHeading", this.bones));
        return "start";
      case "forcedTransition":
        els.push({ type: "transition", text: this.runs(trimSpaces(s.slice(1))), forced: true });
        return "start";
      case "transition":
        els.push({ type: "transition", text: this.runs(s) });
        return "start";
      case "forcedCharacter":
      case "character": {
        const cue = splitCue(kind === "forcedCharacter" ? s.slice(1) : s);
        const el: Character = { type: "character", text: this.runs(cue.name) };
        if (cue.extension !== undefined) el.extension = expandBones(cue.extension, this.bones);
        if (cue.dual) el.dual = true;
        if (kind === "forcedCharacter") el.forced = true;
        els.push(el);
        return "dialogue";
      }
      case "lyrics":
        this.open = { type: "lyrics", lines: [trimSpaces(s.slice(1))] };
        return "lyrics";
      case "centered":
        this.open = { type: "centered", lines: [trimSpaces(s.slice(1, -1))] };
        return "centered";
      case "note": {
        const body = p.trim.slice(t).join("\n");
        els.push({ type: "note", text: expandBones(trimSpaces(body.slice(2, -2)), this.bones) });
        return "note";
      }
      case "forcedAction": {
        const first = trimEnd(trimStart(p.raw[t]!).slice(1));
        this.open = { type: "action", lines: [first], forced: true };
        return "action";
      }
      case "trailingAction":
        // "CUT TO: " — the reference's way of making a would-be transition action
        this.open = { type: "action", lines: [trimEnd(p.raw[t]!)], forced: true };
        return "action";
      case "headingAction":
        this.warnings.add(`Line ${no}: "${expandBones(s, this.bones).slice(0, 60)}" looks like a scene heading but has no blank line after it; it was read as action.`);
        this.open = { type: "action", lines: [trimEnd(p.raw[t]!)], forced: false };
        return "action";
      case "action":
        this.open = { type: "action", lines: [trimEnd(p.raw[t]!)], forced: false };
        return "action";
    }
  }
}

function heading(s: string, forced: boolean, bones: readonly string[]): Element {
  let text = s;
  let sceneNumber: string | undefined;
  if (s.length >= 4 && s.endsWith("#")) {
    const j = s.lastIndexOf("#", s.length - 2);
    const num = s.slice(j + 1, -1);
    if (j >= 1 && s[j - 1] === " " && /^[\p{L}\p{N}.-]+$/u.test(num)) {
      sceneNumber = num;
      text = trimSpaces(s.slice(0, j));
    }
  }
  return {
    type: "sceneHeading",
    text: parseInline(text, bones),
    ...(sceneNumber !== undefined ? { sceneNumber } : {}),
    ...(forced ? { forced: true as const } : {}),
  };
}

// ───────────────────────────── writing ─────────────────────────────

const paraOf = (cls: string[]): Para => ({ raw: cls, trim: cls.map((l) => (l === KEPT_EMPTY ? "" : trimSpaces(l))) });
const keepEmpty = (lines: string[]) => lines.map((l) => (l === "" ? KEPT_EMPTY : l));

/** Output lines; `marked` collects the elements given a forcing marker they did not ask for. */
type Out = string[] & { marked?: number[] };

/** Fountain text of a script; parseFountain reads it back to the same script. */
export function writeFountain(script: Script): string {
  const out = writeLines(script, []);
  return out.length ? out.join("\n") + "\n" : "";
}

function writeLines(script: Script, out: Out): Out {
  for (const { key, value } of script.titlePage) {
    const lines = value.split("\n");
    if (lines.length === 1) out.push(lines[0] ? `${key}: ${lines[0]}` : `${key}:`);
    else {
      out.push(`${key}:`);
      for (const line of lines) out.push(`    ${line}`);
    }
  }
  if (out.length) out.push("");

  const els = script.elements;
  let wroteElement = false;
  let i = 0;
  while (i < els.length) {
    const e = els[i]!;
    // a boneyard between paragraphs is written as a paragraph of its own
    if (wroteElement) out.push("");
    if (e.type === "boneyard") {
      emit(out, i, boneyardLines(e.text));
      wroteElement = true;
      i++;
      continue;
    }
    wroteElement = true;
    i = writeParagraph(els, i, out);
  }
  if (!script.titlePage.length && out.length) {
    // The script's first lines must not read as a title page ("A:" above "Title: X"): the
    // first element then takes its forcing marker, which no title-page key starts with.
    let end = 0;
    while (end < out.length && !isSpaceOnly(out[end]!)) end++;
    const first = els[0];
    const marker = first && ({ action: "!", character: "@", sceneHeading: ".", transition: ">" } as Record<string, string>)[first.type];
    if (marker && readTitlePage(out.slice(0, end + 1).join("\n")).titlePage.length) {
      out[0] = marker + out[0]!;
      out.marked?.push(0);
    }
  }
  return out;
}

/** Write the paragraph starting with els[i]; returns the index after it. */
function writeParagraph(els: readonly Element[], i: number, out: Out): number {
  const e = els[i]!;
  switch (e.type) {
    case "pageBreak":
      emit(out, i, ["==="]);
      return i + 1;
    case "section":
      emit(out, i, [`${"#".repeat(Math.min(6, Math.max(1, e.depth)))}${e.text ? " " + safeVerbatim(oneLine(e.text)) : ""}`]);
      return i + 1;
    case "synopsis":
      emit(out, i, [e.text ? `= ${safeVerbatim(oneLine(e.text))}` : "="]);
      return i + 1;
    case "note":
      emit(out, i, keepEmpty(`[[${safeNote(e.text)}]]`.split("\n")));
      return i + 1;
    case "sceneHeading": {
      const w = writeRuns(e.text, true);
      const num = e.sceneNumber ? ` #${e.sceneNumber}#` : "";
      const fitted = e.forced ? null : fitStart([w.out[0]! + num], [w.cls[0]! + num], ["heading"]);
      if (!fitted && !e.forced) out.marked?.push(i);
      emit(out, i, [fitted ? fitted[0]! : "." + w.out[0]! + num]);
      return i + 1;
    }
    case "transition": {
      const w = writeRuns(e.text, true);
      const fitted = e.forced ? null : fitStart([w.out[0]!], [w.cls[0]!], ["transition"]);
      if (!fitted && !e.forced) out.marked?.push(i);
      emit(out, i, [fitted ? fitted[0]! : ">" + w.out[0]!]);
      return i + 1;
    }
    case "lyrics":
      if (out.marked === undefined || i === 0) emit(out, i, writeRuns(e.text).out.map((l) => `~${l}`));
      return i + 1;
    case "parenthetical":
    case "dialogue":
      // outside a dialogue block (not something a parse gives): its own paragraph, as action would be
      return writeBlock(els, i, out, null);
    case "character": {
      const w = writeRuns(e.text, true);
      const cue = w.out[0]! + (e.extension !== undefined ? ` (${safeVerbatim(oneLine(e.extension))})` : "") + (e.dual ? " ^" : "");
      const cueCls = w.cls[0]! + (e.extension !== undefined ? ` (${asScanned(safeVerbatim(oneLine(e.extension)))})` : "") + (e.dual ? " ^" : "");
      return writeBlock(els, i, out, { cue, cueCls, forced: !!e.forced });
    }
    case "action":
      return writeAction(els, i, out);
    case "boneyard":
      return i + 1;
  }
}

/** Whether these lines, all of them, could be read as lines of a title page. */
function couldBeTitle(lines: readonly string[]): boolean {
  return lines.every((line) => {
    const indent = line.length - trimStart(line).length;
    const colon = line.indexOf(":");
    return indent >= 3 || (indent === 0 && colon > 0 && TITLE_KEY.test(trimSpaces(line.slice(0, colon))));
  });
}

/** Add lines to the output (as one string: the output is joined with "\n" in the end). */
function append(to: string[], lines: readonly string[]) {
  if (lines.length) to.push(lines.length === 1 ? lines[0]! : lines.join("\n"));
}

const oneLine = (s: string) => s.replaceAll("\n", " ");

/**
 * Verbatim text (notes, sections, synopses, extensions) made safe to write: a "/*" that
 * would open a boneyard reaching past its own line, or starting a line, becomes "/ *".
 * (Its first line always follows a marker: "[[", "# "….) A parse never gives such text
 * (that "/*" would have been read as boneyard); an editor may.
 */
function safeVerbatim(text: string): string {
  if (!text.includes("/*")) return text;
  return text
    .split("\n")
    .map((line, n) => {
      let out = "";
      let from = 0;
      for (let p = line.indexOf("/*"); p !== -1; p = line.indexOf("/*", from)) {
        let k = p - 1;
        while (k >= 0 && line[k] === "\\") k--;
        const close = line.indexOf("*/", p + 2);
        if ((p - 1 - k) % 2 === 1) {
          out += line.slice(from, p + 1); // escaped: not an opener
          from = p + 1;
        } else if (close !== -1 && (n === 0 || trimSpaces(line.slice(0, p)) !== "")) {
          out += line.slice(from, close + 2); // an inline boneyard, closed on its line
          from = close + 2;
        } else {
          out += line.slice(from, p) + "/ *";
          from = p + 2;
        }
      }
      return out + line.slice(from);
    })
    .join("\n");
}
/** Note text that ends where it should once written: no "]]" inside, no "]" at its end. */
const safeNote = (text: string) => {
  const t = safeVerbatim(text).replaceAll("]]", "] ]");
  return t.endsWith("]") ? t + " " : t;
};

type Lines = { out: string[]; cls: string[] };

/**
 * Map the lines of written runs, line by line, keeping `cls` the very array of `out`
 * when they are (no inline boneyard). f maps a line; g, when given, maps a written line
 * knowing how it is recognised.
 */
function mapLines(w: Lines, f: (line: string, k: number) => string, g?: (out: string, cls: string, k: number) => string): Lines {
  const cls = w.cls.map(f);
  return { out: w.out === w.cls ? cls : w.out.map((o, k) => (g ? g(o, w.cls[k]!, k) : f(o, k))), cls };
}

/** Lines of an element inside a dialogue block, escaped so that each reads back as itself. */
function blockLines(e: Element): Lines | null {
  if (e.type === "parenthetical") return mapLines(writeRuns(e.text, true), (l) => `(${l})`);
  if (e.type === "lyrics") return mapLines(writeRuns(e.text), (l) => `~${l}`);
  if (e.type === "dialogue") {
    // empty lines are "two spaces"; a line that would read as a parenthetical or lyrics is escaped
    const fix = (o: string, c: string) => {
      const t = trimSpaces(c);
      return t === "" ? KEPT_EMPTY : dialogueKind(t) !== "dialogue" ? escapeFirst(o) : o;
    };
    return mapLines(writeRuns(e.text), (c) => fix(c, c), fix);
  }
  return null;
}

const boneyardLines = (text: string) => `/*${text.replaceAll("*/", "* /")}*/`.split("\n");

/**
 * A character cue and the dialogue, parentheticals and lyrics under it (boneyards between
 * them included), or, with no cue, one such element alone. Returns the index after it.
 */
function writeBlock(els: readonly Element[], i: number, out: Out, cue: { cue: string; cueCls: string; forced: boolean } | null): number {
  if (!cue) {
    emit(out, i, blockLines(els[i]!)!.out);
    return i + 1;
  }
  let end = i + 1;
  let prev = "";
  for (let k = i + 1; k < els.length; k++) {
    const x = els[k]!;
    if (x.type === "boneyard") continue;
    if (x.type !== "dialogue" && x.type !== "parenthetical" && x.type !== "lyrics") break;
    // two dialogues (or lyrics) in a row would read back as one: the second is not in this block
    if (x.type === prev && x.type !== "parenthetical") break;
    prev = x.type;
    end = k + 1;
  }
  const lines: string[] = [];
  const cls: string[] = [cue.cueCls];
  // What the cue reads as depends on the lines under it only through their number, unless
  // it starts like a note (then where the note ends matters). A dry run writes no lines but
  // for the first paragraph, which must not read as a title page.
  const wholeCls = trimSpaces(cue.cueCls).startsWith("[[");
  // (and there, only as long as its lines could be title-page lines)
  const titleOnly = out.marked !== undefined;
  let write = !titleOnly || (i === 0 && couldBeTitle([cue.cue]));
  for (let k = i + 1; k < end; k++) {
    const x = els[k]!;
    if (x.type === "boneyard") {
      if (write) {
        const b = boneyardLines(x.text);
        append(lines, b);
        if (titleOnly && !couldBeTitle(b)) write = false;
      }
      continue;
    }
    if (!write && !wholeCls) {
      if (cls.length === 1) cls.push("x");
      continue;
    }
    const b = blockLines(x)!;
    if (write) {
      append(lines, b.out);
      if (titleOnly && !couldBeTitle(b.out)) write = false;
    }
    if (wholeCls) for (const c of b.cls) cls.push(c);
    else if (cls.length === 1) cls.push("x");
  }
  const fitted = cue.forced ? null : fitStart([cue.cue], cls, ["character"]);
  if (!fitted && !cue.forced) out.marked?.push(i);
  emit(out, i, [fitted ? fitted[0]! : "@" + cue.cue, ...lines]);
  return end;
}

/** An action's lines; in a dry run, as far as telling what it reads as needs them. */
function actionLines(e: Action, dry = false): Lines {
  const w = writeRuns(e.text);
  // (escaping later lines changes neither their number nor where a note ends)
  if (dry && !e.centered) return w;
  if (e.centered) return mapLines(w, (l) => `>${l}<`);
  // later lines: empty ones are "two spaces"; one that would read as lyrics or centred text is escaped
  const fix = (o: string, c: string, k: number) => {
    if (k === 0) return o;
    const t = trimSpaces(c);
    return t === "" ? KEPT_EMPTY : continuationKind(t) !== "action" ? escapeFirst(o) : o;
  };
  return mapLines(w, (c, k) => fix(c, c, k), fix);
}

/** First characters that only ever come from literal text, so a backslash before them is safe. */
const ESCAPABLE_START = [".", "!", "@", "~", ">", "#", "=", "("];

/**
 * The lines of a paragraph written so that its first line reads as one of `kinds` without
 * a forcing marker: as they are, or with their first character escaped; null if neither.
 */
function fitStart(out: string[], cls: string[], kinds: readonly StartKind[]): string[] | null {
  const first = trimSpaces(cls[0]!);
  if (first === "") return null;
  // What the first line reads as depends on the others only through their number, unless it
  // opens a note (then where the note ends matters): look at no more than that.
  const lines = first.startsWith("[[") || cls.length === 1 ? cls : [cls[0]!, "x"];
  if (kinds.includes(startKind(paraOf(lines), 0))) return out;
  if (!ESCAPABLE_START.includes(first[0]!)) return null;
  const escaped = [escapeFirst(cls[0]!), ...lines.slice(1)];
  return kinds.includes(startKind(paraOf(escaped), 0)) ? [escapeFirst(out[0]!), ...out.slice(1)] : null;
}

function writeAction(els: readonly Element[], i: number, out: Out): number {
  const e = els[i] as Action;
  const dry = out.marked !== undefined;
  if (e.centered) {
    emit(out, i, actionLines(e, dry).out);
    return i + 1;
  }
  const a = actionLines(e, dry);
  const plainKinds: StartKind[] = ["action", "headingAction"];
  const fitted = e.forced ? null : fitStart(a.out, a.cls, plainKinds);
  if (fitted) {
    emit(out, i, fitted);
    return i + 1;
  }
  const firstEmpty = trimSpaces(a.cls[0]!) === "";
  if (!e.forced && !firstEmpty) {
    // Read alone it would be something else, but it may have continued into lyrics or
    // centred text in the source ("INT. X" followed by "~la"): write it that way again.
    let j = i + 1;
    while (j < els.length && els[j]!.type === "boneyard") j++;
    const next = els[j];
    if (next && (next.type === "lyrics" || (next.type === "action" && next.centered))) {
      const n = next.type === "lyrics" ? mapLines(writeRuns(next.text), (l) => `~${l}`) : actionLines(next);
      const rest = a.cls.length > 1 && !trimSpaces(a.cls[0]!).startsWith("[[") ? ["x"] : a.cls.slice(1);
      let joined = fitStart(a.out, [a.cls[0]!, ...rest, n.cls[0]!], plainKinds);
      // a boneyard between them, right under a line that alone would be a heading or a
      // transition, would make it one (see ParagraphReader.read)
      if (joined && j > i + 1 && a.cls.length === 1) {
        const first = joined[0] === a.out[0] ? a.cls[0]! : escapeFirst(a.cls[0]!);
        if (headingOrTransition(startKind(paraOf([first]), 0))) joined = null;
      }
      if (joined) {
        const lines = [...joined];
        for (let k = i + 1; k < j; k++) lines.push(...boneyardLines((els[k] as { text: string }).text));
        emit(out, i, lines.concat(n.out));
        return j + 1;
      }
    }
  }
  if (!e.forced) out.marked?.push(i);
  emit(out, i, [`!${a.out[0]}`, ...a.out.slice(1)]);
  return i + 1;
}

/**
 * Add a paragraph's lines to the output. A dry run (parseFountain's, to find where
 * markers are needed) writes none, but those of the script's first paragraph that could
 * make it read as a title page.
 */
function emit(out: Out, i: number, lines: string[]) {
  if (out.marked === undefined) append(out, lines);
  else if (i === 0) {
    let k = 0;
    while (k < lines.length && couldBeTitle([lines[k]!])) k++;
    append(out, lines.slice(0, k + 1));
  }
}
