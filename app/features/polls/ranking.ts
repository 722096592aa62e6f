// A ranked ballot as the ranking control edits it: ranks per option key, the
// order they make, and moves. Pure, so the drag and the buttons share one logic.

/** Rank per ranked option key (1 first); an option without a rank is unranked. */
export type Ranks = Readonly<Record<string, number>>;

/** Ranks from form values (`rank-<key>`); anything but a whole number from 1 is unranked, as on the server. */
export function ranksFromValues(optionKeys: readonly string[], value: (key: string) => string | null | undefined): Ranks {
  const ranks: Record<string, number> = {};
  for (const key of optionKeys) {
    const rank = Number(value(key) ?? "");
    if (Number.isInteger(rank) && rank > 0) ranks[key] = rank;
  }
  return ranks;
}

/** The ranked options, first choice first; equal ranks keep the poll's order. */
export function rankedOrder(optionKeys: readonly string[], ranks: Ranks): string[] {
  return optionKeys.filter((key) => key in ranks).sort((a, b) => ranks[a]! - ranks[b]! || optionKeys.indexOf(a) - optionKeys.indexOf(b));
}

/** Ranks as the voter reads them: 1, 2, 3… without gaps, equal ranks staying equal (the server normalises the same way). */
export function shownRanks(ranks: Ranks): Record<string, number> {
  const distinct = [...new Set(Object.values(ranks))].sort((a, b) => a - b);
  return Object.fromEntries(Object.entries(ranks).map(([key, rank]) => [key, distinct.indexOf(rank) + 1]));
}

/** Strict ranks from an order: its first option gets 1, the next 2… */
export function ranksOf(order: readonly string[]): Ranks {
  return Object.fromEntries(order.map((key, i) => [key, i + 1]));
}

/**
 * Move `key` to position `index` (0-based, clamped) of the ranking, or out of it
 * (`index` null). The result is a strict order: moving anything settles equal ranks
 * in the order they were shown.
 */
export function moveTo(optionKeys: readonly string[], ranks: Ranks, key: string, index: number | null): Ranks {
  const others = rankedOrder(optionKeys, ranks).filter((k) => k !== key);
  if (index === null) return ranksOf(others);
  const at = Math.max(0, Math.min(index, others.length));
  return ranksOf([...others.slice(0, at), key, ...others.slice(at)]);
}

/** Whether two ballots say the same thing (the same options, ranked the same way). */
export function sameRanks(a: Ranks, b: Ranks): boolean {
  const sa = shownRanks(a);
  const sb = shownRanks(b);
  const keys = Object.keys(sa);
  return keys.length === Object.keys(sb).length && keys.every((k) => sa[k] === sb[k]);
}
