// Right-to-left text on the printed page (decision 0030): the Unicode bidirectional
// algorithm (UAX #9, through bidi-js) puts a line's characters in the order they are
// printed, left to right, so that a Hebrew or Arabic line reads from the right with its
// Latin words and numbers in their own order.

import bidiFactory from "bidi-js";
import type { Run } from "./model";

const bidi = bidiFactory();

// Hebrew, Arabic, Syriac, Thaana, N'Ko… and their presentation forms: the only characters
// that can make a line other than left to right (besides explicit marks, kept below)
const RTL = /[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/** True when a paragraph is right to left: its first strong character is (UAX #9, P2–P3). */
export function isRtl(text: string): boolean {
  if (!RTL.test(text)) return false;
  return bidi.getEmbeddingLevels(text, "auto").paragraphs[0]?.level === 1;
}

/** A piece of a line printed in one direction and one style. Its text is in logical order
 *  (shaping needs it), with mirrored brackets where it runs right to left. */
export type VisualRun = { run: Run; text: string; rtl: boolean };

/** A line's runs cut and ordered as they are printed, from left to right (UAX #9 L1–L4). */
export function visualRuns(runs: readonly Run[], rtlParagraph: boolean): VisualRun[] {
  const text = runs.map((r) => r.text).join("");
  // nearly every line: nothing to reorder
  if (!rtlParagraph && !RTL.test(text)) return runs.filter((r) => r.text).map((run) => ({ run, text: run.text, rtl: false }));

  const owner: number[] = [];
  runs.forEach((r, i) => {
    for (let k = 0; k < r.text.length; k++) owner.push(i);
  });
  const levels = bidi.getEmbeddingLevels(text, rtlParagraph ? "rtl" : "ltr");
  const mirrored = bidi.getMirroredCharactersMap(text, levels.levels);
  const order = bidi.getReorderedIndices(text, levels);

  // visual neighbours that are logical neighbours, in one run and one direction, make a piece
  const out: VisualRun[] = [];
  let units: number[] = [];
  const flush = () => {
    if (!units.length) return;
    const rtl = (levels.levels[units[0]!]! & 1) === 1;
    const logical = rtl ? units.slice().reverse() : units;
    out.push({ run: runs[owner[logical[0]!]!]!, text: logical.map((i) => mirrored.get(i) ?? text[i]).join(""), rtl });
    units = [];
  };
  for (const i of order) {
    const last = units[units.length - 1];
    if (last !== undefined) {
      const rtl = (levels.levels[last]! & 1) === 1;
      const next = rtl ? last - 1 : last + 1;
      if (i !== next || owner[i] !== owner[last] || (levels.levels[i]! & 1) !== (levels.levels[last]! & 1)) flush();
    }
    units.push(i);
  }
  flush();
  return out;
}
