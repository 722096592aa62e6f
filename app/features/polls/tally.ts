// Counting a poll: the exact rules of reference/voting.md, as pure functions.
// The same code counts a closing poll, renders its results, and recounts a
// published ballots.csv offline (`npm run cli -- poll:recount`).
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";

export const methods = ["plurality", "approval", "irv", "schulze"] as const;
export type Method = (typeof methods)[number];

export type Option = { id: string; label: string };
/** One chosen option of a ballot; rank 1 is the first preference. */
export type Choice = { option: string; rank: number };

export type Round = { counts: Record<string, number>; eliminated: string | null; exhausted: number };
export type Results = {
  method: Method;
  options: Option[];
  ballots: number;
  /** more than one only for a tie no seed could settle */
  winners: string[];
  tieBreak: { seed: string; used: boolean } | null;
  ranking: string[];
  counts?: Record<string, number>;
  rounds?: Round[];
  pairwise?: { d: Record<string, Record<string, number>>; p: Record<string, Record<string, number>> };
};

export class CountError extends Error {}

/**
 * The published draw: tied options are ordered by SHA-256 of "<seed>:<option id>"
 * (lowercase hex, ascending). A tie for first place goes to the first of that order;
 * a tie for elimination (instant runoff) eliminates the last. Anyone can redo it.
 */
export function drawOrder(seed: string, ids: readonly string[]): string[] {
  const key = (id: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(`${seed}:${id}`)));
  return [...ids].map((id) => ({ id, k: key(id) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((x) => x.id);
}

type Tie = { seed: string | null; used: boolean };

/** Settle a tie among `ids` by the seeded draw (keeping its first, or its last); without a seed it stays a tie. */
function settle(ids: string[], tie: Tie, keep: "first" | "last" = "first"): string[] {
  if (ids.length <= 1 || tie.seed === null) return ids;
  tie.used = true;
  const order = drawOrder(tie.seed, ids);
  return [keep === "first" ? order[0]! : order.at(-1)!];
}

/** Order options by score (highest first); equal scores by the draw when there is a seed, else by the poll's order. */
function rankByScore(options: Option[], score: (id: string) => number, seed: string | null): string[] {
  const drawn = seed === null ? options.map((o) => o.id) : drawOrder(seed, options.map((o) => o.id));
  const position = new Map(drawn.map((id, i) => [id, i]));
  return options
    .map((o) => o.id)
    .sort((a, b) => score(b) - score(a) || position.get(a)! - position.get(b)!);
}

/**
 * Ballots checked against the method and encoded once, flat: ballot b's choices are
 * option[offsets[b] .. offsets[b + 1]) with their ranks, in order of rank.
 */
type Encoded = { n: number; count: number; offsets: Int32Array; option: Int32Array; rank: Int32Array };

function encode(options: Option[], ballots: Choice[][], method: Method): Encoded {
  const index = new Map(options.map((o, i) => [o.id, i]));
  if (index.size !== options.length) throw new CountError("option ids must be unique");
  let total = 0;
  for (const b of ballots) total += b.length;
  const offsets = new Int32Array(ballots.length + 1);
  const option = new Int32Array(total);
  const rank = new Int32Array(total);
  const seenIn = new Int32Array(options.length).fill(-1); // the last ballot each option was seen in
  let at = 0;
  for (let b = 0; b < ballots.length; b++) {
    const ballot = ballots[b]!;
    const where = `ballot ${b + 1}`;
    offsets[b] = at;
    if (method === "plurality" && ballot.length > 1) throw new CountError(`${where}: a single-choice ballot names one option`);
    for (const c of ballot) {
      const i = index.get(c.option);
      if (i === undefined) throw new CountError(`${where}: unknown option ${c.option}`);
      if (seenIn[i] === b) throw new CountError(`${where}: option ${c.option} chosen twice`);
      if (!Number.isInteger(c.rank) || c.rank < 1) throw new CountError(`${where}: rank must be a whole number from 1`);
      if (c.rank !== 1 && (method === "plurality" || method === "approval")) {
        throw new CountError(`${where}: every chosen option has rank 1 in ${method}`);
      }
      seenIn[i] = b;
      // Insertion by rank: ballots are short and usually already in order.
      let k = at++;
      while (k > offsets[b]! && rank[k - 1]! > c.rank) {
        option[k] = option[k - 1]!;
        rank[k] = rank[k - 1]!;
        k--;
      }
      option[k] = i;
      rank[k] = c.rank;
    }
    if (method === "irv") {
      for (let k = offsets[b]! + 1; k < at; k++) {
        if (rank[k] === rank[k - 1]) throw new CountError(`${where}: an instant-runoff ballot ranks options in a strict order`);
      }
    }
  }
  offsets[ballots.length] = at;
  return { n: options.length, count: ballots.length, offsets, option, rank };
}

function countChoices(options: Option[], e: Encoded, method: "plurality" | "approval", tie: Tie): Results {
  const votes = new Array<number>(e.n).fill(0);
  for (let k = 0; k < e.option.length; k++) votes[e.option[k]!]! += 1;
  const counts: Record<string, number> = Object.fromEntries(options.map((o, i) => [o.id, votes[i]!]));
  const top = Math.max(0, ...votes);
  const leaders = e.count ? options.map((o) => o.id).filter((id) => counts[id] === top) : [];
  return {
    method,
    options,
    ballots: e.count,
    winners: settle(leaders, tie),
    tieBreak: tie.seed === null ? null : { seed: tie.seed, used: tie.used },
    ranking: rankByScore(options, (id) => counts[id]!, tie.seed),
    counts,
  };
}

function instantRunoff(options: Option[], e: Encoded, tie: Tie): Results {
  const ids = options.map((o) => o.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const inRace = new Uint8Array(ids.length).fill(1);
  const cursor = e.offsets.slice(0, e.count); // where each ballot's current choice is
  const rounds: Round[] = [];
  const history: number[][] = [];
  const eliminatedOrder: string[] = [];
  let exhausted = 0;
  const exhaustedBallot = new Uint8Array(e.count);
  let winner: string | null = null;

  while (e.count) {
    const votes = new Array<number>(ids.length).fill(0);
    for (let b = 0; b < e.count; b++) {
      if (exhaustedBallot[b]) continue;
      const end = e.offsets[b + 1]!;
      let k = cursor[b]!;
      while (k < end && !inRace[e.option[k]!]) k++;
      cursor[b] = k;
      if (k === end) {
        exhaustedBallot[b] = 1;
        exhausted++;
      } else votes[e.option[k]!]! += 1;
    }
    history.push(votes);
    const counts: Record<string, number> = {};
    ids.forEach((id, i) => inRace[i] && (counts[id] = votes[i]!));
    const active = e.count - exhausted;
    const remaining = ids.filter((_, i) => inRace[i]);
    const majority = remaining.find((id) => votes[index.get(id)!]! * 2 > active);
    if (majority !== undefined || remaining.length === 1) {
      winner = majority ?? remaining[0]!;
      rounds.push({ counts, eliminated: null, exhausted });
      break;
    }
    // The fewest votes goes; a tie for last looks back round by round, then the draw.
    const fewest = Math.min(...remaining.map((id) => votes[index.get(id)!]!));
    let tied = remaining.filter((id) => votes[index.get(id)!] === fewest);
    for (let r = history.length - 2; r >= 0 && tied.length > 1; r--) {
      const earlier = history[r]!;
      const low = Math.min(...tied.map((id) => earlier[index.get(id)!]!));
      tied = tied.filter((id) => earlier[index.get(id)!] === low);
    }
    const drawn = settle(tied, tie, "last");
    if (drawn.length > 1) {
      // No seed to settle it: the count stops here, a tie among the last options.
      rounds.push({ counts, eliminated: null, exhausted });
      return { method: "irv", options, ballots: e.count, winners: remaining, tieBreak: null, ranking: [...remaining, ...eliminatedOrder.reverse()], rounds };
    }
    const out = drawn[0]!;
    inRace[index.get(out)!] = 0;
    eliminatedOrder.push(out);
    rounds.push({ counts, eliminated: out, exhausted });
  }

  // The winner, the others still in the race by their last count, then the eliminated, last out first.
  const last = rounds.at(-1)?.counts ?? {};
  const standing = ids.filter((id) => id !== winner && id in last).sort((a, b) => last[b]! - last[a]!);
  const ranking = winner === null ? ids : [winner, ...standing, ...[...eliminatedOrder].reverse()];
  return {
    method: "irv",
    options,
    ballots: e.count,
    winners: winner === null ? [] : [winner],
    tieBreak: tie.seed === null ? null : { seed: tie.seed, used: tie.used },
    ranking,
    rounds,
  };
}

function schulze(options: Option[], e: Encoded, tie: Tie): Results {
  const ids = options.map((o) => o.id);
  const n = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));
  const d = new Float64Array(n * n);
  const rank = new Float64Array(n);
  for (let b = 0; b < e.count; b++) {
    rank.fill(Infinity); // unranked: below every ranked option, equal to each other
    for (let k = e.offsets[b]!; k < e.offsets[b + 1]!; k++) rank[e.option[k]!] = e.rank[k]!;
    for (let x = 0; x < n; x++) {
      const rx = rank[x]!;
      if (rx === Infinity) continue;
      for (let y = 0; y < n; y++) if (rx < rank[y]!) d[x * n + y]! += 1;
    }
  }
  const p = new Float64Array(n * n);
  for (let x = 0; x < n; x++) for (let y = 0; y < n; y++) if (x !== y && d[x * n + y]! > d[y * n + x]!) p[x * n + y] = d[x * n + y]!;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      for (let k = 0; k < n; k++) {
        if (k === i || k === j) continue;
        p[j * n + k] = Math.max(p[j * n + k]!, Math.min(p[j * n + i]!, p[i * n + k]!));
      }
    }
  }
  const beats = (x: number, y: number) => p[x * n + y]! > p[y * n + x]!;
  const winners = e.count ? ids.filter((_, x) => ids.every((_, y) => y === x || p[x * n + y]! >= p[y * n + x]!)) : [];
  const wins = ids.map((_, x) => ids.filter((_, y) => y !== x && beats(x, y)).length);
  const matrix = (m: Float64Array) =>
    Object.fromEntries(ids.map((x, i) => [x, Object.fromEntries(ids.filter((_, j) => j !== i).map((y) => [y, m[i * n + index.get(y)!]!]))]));
  return {
    method: "schulze",
    options,
    ballots: e.count,
    winners: settle(winners, tie),
    tieBreak: tie.seed === null ? null : { seed: tie.seed, used: tie.used },
    ranking: rankByScore(options, (id) => wins[index.get(id)!]!, tie.seed),
    pairwise: { d: matrix(d), p: matrix(p) },
  };
}

/** Count a poll. Throws CountError for ballots that do not fit the method. */
export function count(method: Method, options: Option[], ballots: Choice[][], seed: string | null = null): Results {
  const encoded = encode(options, ballots, method);
  const tie: Tie = { seed, used: false };
  switch (method) {
    case "plurality":
    case "approval":
      return countChoices(options, encoded, method, tie);
    case "irv":
      return instantRunoff(options, encoded, tie);
    case "schulze":
      return schulze(options, encoded, tie);
  }
}
