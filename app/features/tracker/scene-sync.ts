// Keeping the tracker's scenes in step with the script. Scenes have no identity in the
// text, so they are matched, in three passes:
// 1. identical headings in order (a longest common subsequence);
// 2. among the rest, headings alike enough (half their words shared, INT/EXT aside: a
//    changed time of day, a renamed place in the same street) wherever they moved;
// 3. what is still unmatched between the same two matched scenes pairs up in order, as a
//    rename in place.
// What is left of the old scenes was cut from the script: their rows stay, flagged, with
// their tasks; what is left of the new ones is new.

export type StoredScene = { id: string; heading: string; missing: boolean };
export type ScriptScene = { heading: string };
export type SceneMatch = { kept: { id: string; index: number; renamed: boolean }[]; added: number[]; cut: string[] };

const key = (s: string) => s.trim().toUpperCase().replace(/\s+/g, " ");
const words = (s: string) => new Set(key(s).split(/[^\p{L}\p{N}']+/u).filter((w) => w && !/^(INT|EXT|EST|I|E)$/.test(w)));

export function headingLikeness(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  const all = x.size + y.size - shared;
  return all ? shared / all : 0;
}

export function matchScenes(stored: readonly StoredScene[], script: readonly ScriptScene[]): SceneMatch {
  const n = stored.length;
  const m = script.length;
  const a = stored.map((s) => key(s.heading));
  const b = script.map((s) => key(s.heading));
  // LCS table on headings; scripts have hundreds of scenes, not thousands.
  const lcs: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const oldTo = new Int32Array(n).fill(-1);
  const newFrom = new Int32Array(m).fill(-1);
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j]) {
      oldTo[i] = j;
      newFrom[j] = i;
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) i++;
    else j++;
  }
  const renamed = new Set<number>();
  // 2. Alike headings, anywhere: best pairs first.
  const candidates: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    if (oldTo[i]! >= 0) continue;
    for (let j = 0; j < m; j++) {
      if (newFrom[j]! >= 0) continue;
      const score = headingLikeness(stored[i]!.heading, script[j]!.heading);
      if (score >= 0.5) candidates.push([score, i, j]);
    }
  }
  candidates.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (const [, i, j] of candidates) {
    if (oldTo[i]! >= 0 || newFrom[j]! >= 0) continue;
    oldTo[i] = j;
    newFrom[j] = i;
    renamed.add(i);
  }
  // 3. In place: unmatched live scenes between the same two matched ones, in order.
  const gapOf = (matchedBefore: (k: number) => boolean, k: number) => {
    let g = 0;
    for (let x = 0; x < k; x++) if (matchedBefore(x)) g++;
    return g;
  };
  const gapsOld = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if (oldTo[i]! >= 0 || stored[i]!.missing) continue;
    const g = gapOf((x) => oldTo[x]! >= 0 && !renamed.has(x), i);
    gapsOld.set(g, [...(gapsOld.get(g) ?? []), i]);
  }
  const gapsNew = new Map<number, number[]>();
  for (let j = 0; j < m; j++) {
    if (newFrom[j]! >= 0) continue;
    const g = gapOf((x) => newFrom[x]! >= 0 && !renamed.has(newFrom[x]!), j);
    gapsNew.set(g, [...(gapsNew.get(g) ?? []), j]);
  }
  for (const [g, olds] of gapsOld) {
    const news = gapsNew.get(g) ?? [];
    for (let k = 0; k < Math.min(olds.length, news.length); k++) {
      oldTo[olds[k]!] = news[k]!;
      newFrom[news[k]!] = olds[k]!;
      renamed.add(olds[k]!);
    }
  }
  const kept: SceneMatch["kept"] = [];
  const cut: string[] = [];
  for (let i = 0; i < n; i++) {
    if (oldTo[i]! >= 0) kept.push({ id: stored[i]!.id, index: oldTo[i]!, renamed: renamed.has(i) });
    else cut.push(stored[i]!.id);
  }
  const added: number[] = [];
  for (let j = 0; j < m; j++) if (newFrom[j]! < 0) added.push(j);
  return { kept, added, cut };
}
