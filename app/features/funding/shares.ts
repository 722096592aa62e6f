// Fair shares (docs/decisions/0055): the published rule that turns what the studio records
// of each person's work into a weight, and the split of an amount by those weights so that
// the parts sum exactly to it. Pure, shared by server and pages.

/** The rule's name, stored with each distribution so a later change of rule is visible. */
export const SHARE_RULE = "work-and-text-1";

/** One accepted task submission counts as this many characters of authored text. */
export const CHARS_PER_ACCEPTED_WORK = 500;

export type Contribution = {
  /** a stable key that orders ties (the person's handle) */
  key: string;
  /** task submissions a reviewer accepted in the production's tracker */
  acceptedWork: number;
  /** characters the person typed into the production's live documents */
  authoredChars: number;
};

/** weight = 500 × accepted submissions + characters of authored text. */
export function weightOf(c: Pick<Contribution, "acceptedWork" | "authoredChars">): number {
  const w = CHARS_PER_ACCEPTED_WORK * Math.max(0, c.acceptedWork) + Math.max(0, c.authoredChars);
  if (!Number.isSafeInteger(w)) throw new Error("weight out of range");
  return w;
}

export type Weighted = { key: string; weight: number };

/**
 * Split `amount` minor units by the weights, largest remainder (Hamilton's method): each
 * person gets amount × weight ÷ total, rounded down; the units left over go one each to
 * the largest remainders; equal remainders go to the larger weight, then to the key first
 * in alphabetical (code point) order. Parts sum exactly to `amount`, none is negative,
 * none is more than one unit above its exact share. Returned in the input's order.
 */
export function allocateShares(amount: number, people: readonly Weighted[]): number[] {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new Error(`not an amount to share: ${amount}`);
  if (people.some((p) => !Number.isSafeInteger(p.weight) || p.weight < 0)) throw new Error("weights are whole and not negative");
  const total = people.reduce((sum, p) => sum + BigInt(p.weight), 0n);
  if (total === 0n) throw new Error("nobody to share with: every weight is zero");
  const big = BigInt(amount);
  const parts = people.map((p) => ({ floor: (big * BigInt(p.weight)) / total, rest: (big * BigInt(p.weight)) % total }));
  let left = big - parts.reduce((sum, p) => sum + p.floor, 0n);
  const order = people
    .map((p, i) => i)
    .sort((a, b) => {
      const byRest = parts[b]!.rest - parts[a]!.rest;
      if (byRest !== 0n) return byRest > 0n ? 1 : -1;
      if (people[a]!.weight !== people[b]!.weight) return people[b]!.weight - people[a]!.weight;
      return people[a]!.key < people[b]!.key ? -1 : people[a]!.key > people[b]!.key ? 1 : 0;
    });
  const result = parts.map((p) => p.floor);
  for (const i of order) {
    if (left === 0n) break;
    result[i]! += 1n;
    left -= 1n;
  }
  return result.map(Number);
}
