// Two drafts compared the way revision pages are made: which elements of the new draft
// get a "*" in the margin. Pure.
//
// Choices:
// - Only printing elements count, compared by type, printed text with its bold / italic /
//   underline, and what changes their print (centred, cue extension, dual). Notes,
//   boneyard, sections, synopses and scene numbers never mark anything (renumbering is
//   not a rewrite).
// - Matching is a longest common subsequence (Myers' O(ND) diff, in linear space, after
//   trimming the common ends), so two 120-page drafts with a few changes cost little.
// - New elements are marked. A cut marks the element that now stands where the cut text
//   was (the line after it; the last one when the cut is at the end), as in industry
//   practice. Where d elements were replaced by i new ones, min(d, i) count as modified
//   and only the rest as removed.

import { hasRuns, type Element, type Script } from "./model";

export type Comparison = {
  /** indices in after.elements new or modified */
  changed: Set<number>;
  /** count of before elements with no counterpart */
  removed: number;
};

/** What of an element shows on paper, as a string. */
function printKey(e: Element): string | null {
  if (e.type === "pageBreak") return "pageBreak";
  if (!hasRuns(e)) return null;
  let key = e.type;
  if (e.type === "action" && e.centered) key += "|centered";
  if (e.type === "character") key += `|${e.extension ?? ""}|${e.dual ? "dual" : ""}`;
  key += "|";
  let marks = "";
  for (const run of e.text) {
    if (run.note || run.boneyard || !run.text) continue;
    const m = `${run.bold ? "b" : ""}${run.italic ? "i" : ""}${run.underline ? "u" : ""}`;
    if (m !== marks) key += `\u0000${m}\u0000`; // runs split differently but marked alike compare equal
    marks = m;
    key += run.text;
  }
  return key;
}

/** The printing elements of a script: their indices and interned keys. */
function sequence(script: Script, ids: Map<string, number>) {
  const index: number[] = [];
  const keys: number[] = [];
  script.elements.forEach((e, i) => {
    const key = printKey(e);
    if (key === null) return;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    index.push(i);
    keys.push(id);
  });
  return { index, keys: Int32Array.from(keys) };
}

/**
 * Matched positions [i, j] (a[i] === b[j]) of a longest common subsequence, in order.
 * Myers' bisection: the middle of the shortest edit path splits the problem in two.
 */
export function commonSubsequence(a: Int32Array, b: Int32Array): [number, number][] {
  const out: [number, number][] = [];
  diff(a, 0, a.length, b, 0, b.length, out);
  return out;
}

function diff(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number, out: [number, number][]) {
  // common prefix and suffix first: most of two drafts
  while (a0 < a1 && b0 < b1 && a[a0] === b[b0]) out.push([a0++, b0++]);
  let s = 0;
  while (a1 - s > a0 && b1 - s > b0 && a[a1 - 1 - s] === b[b1 - 1 - s]) s++;
  const suffix: [number, number][] = [];
  for (let k = s; k > 0; k--) suffix.push([a1 - k, b1 - k]);
  a1 -= s;
  b1 -= s;
  if (a0 < a1 && b0 < b1) {
    const split = bisect(a, a0, a1, b, b0, b1);
    if (split) {
      diff(a, a0, split[0], b, b0, split[1], out);
      diff(a, split[0], a1, b, split[1], b1, out);
    }
  }
  for (const p of suffix) out.push(p);
}

/** Where the forward and backward shortest paths meet, or null if nothing is common. */
function bisect(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number): [number, number] | null {
  const n = a1 - a0;
  const m = b1 - b0;
  const maxD = Math.ceil((n + m) / 2);
  const offset = maxD;
  const size = 2 * maxD + 2;
  const v1 = new Int32Array(size).fill(-1);
  const v2 = new Int32Array(size).fill(-1);
  v1[offset + 1] = 0;
  v2[offset + 1] = 0;
  const delta = n - m;
  const front = delta % 2 !== 0; // which direction detects the overlap
  let k1start = 0;
  let k1end = 0;
  let k2start = 0;
  let k2end = 0;
  for (let d = 0; d < maxD; d++) {
    for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
      const k1o = offset + k1;
      let x1 = k1 === -d || (k1 !== d && v1[k1o - 1]! < v1[k1o + 1]!) ? v1[k1o + 1]! : v1[k1o - 1]! + 1;
      let y1 = x1 - k1;
      while (x1 < n && y1 < m && a[a0 + x1] === b[b0 + y1]) {
        x1++;
        y1++;
      }
      v1[k1o] = x1;
      if (x1 > n) k1end += 2;
      else if (y1 > m) k1start += 2;
      else if (front) {
        const k2o = offset + delta - k1;
        if (k2o >= 0 && k2o < size && v2[k2o] !== -1 && x1 >= n - v2[k2o]!) return [a0 + x1, b0 + y1];
      }
    }
    for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
      const k2o = offset + k2;
      let x2 = k2 === -d || (k2 !== d && v2[k2o - 1]! < v2[k2o + 1]!) ? v2[k2o + 1]! : v2[k2o - 1]! + 1;
      let y2 = x2 - k2;
      while (x2 < n && y2 < m && a[a1 - 1 - x2] === b[b1 - 1 - y2]) {
        x2++;
        y2++;
      }
      v2[k2o] = x2;
      if (x2 > n) k2end += 2;
      else if (y2 > m) k2start += 2;
      else if (!front) {
        const k1o = offset + delta - k2;
        if (k1o >= 0 && k1o < size && v1[k1o] !== -1) {
          const x1 = v1[k1o]!;
          const y1 = offset + x1 - k1o;
          if (x1 >= n - x2) return [a0 + x1, b0 + y1];
        }
      }
    }
  }
  return null;
}

export function compareScripts(before: Script, after: Script): Comparison {
  const ids = new Map<string, number>();
  const a = sequence(before, ids);
  const b = sequence(after, ids);
  const pairs = commonSubsequence(a.keys, b.keys);
  pairs.push([a.keys.length, b.keys.length]); // sentinel: the end of both

  const changed = new Set<number>();
  let removed = 0;
  const printsLine = (j: number) => after.elements[b.index[j]!]!.type !== "pageBreak";
  /** The element standing where a cut was: the next one with a line, else the last before. */
  const standing = (j: number) => {
    for (let k = j; k < b.index.length; k++) if (printsLine(k)) return b.index[k]!;
    for (let k = j - 1; k >= 0; k--) if (printsLine(k)) return b.index[k]!;
    return undefined;
  };
  let ai = 0;
  let bi = 0;
  for (const [x, y] of pairs) {
    const deleted = x - ai;
    const inserted = y - bi;
    for (let j = bi; j < y; j++) if (printsLine(j)) changed.add(b.index[j]!);
    if (deleted > inserted) removed += deleted - inserted;
    if (deleted > 0 && inserted === 0) {
      const at = standing(y);
      if (at !== undefined) changed.add(at);
    }
    ai = x + 1;
    bi = y + 1;
  }
  return { changed, removed };
}
