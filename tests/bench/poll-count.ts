// Counting benchmark for polls (issue: community polls).
//
//   npm run bench:count            (BALLOTS=1000000, OPTIONS=10 by default)
//
// Counts a million ranked ballots over ten options by instant runoff and by
// Schulze with the same functions a closing poll and `poll:recount` use.
// Targets: IRV ≤ 1 s, Schulze ≤ 1 s.
import { count, type Choice } from "../../app/features/polls/tally.ts";
import { report } from "./studio.ts";

const BALLOTS = Number(process.env.BALLOTS ?? 1_000_000);
const OPTIONS = Number(process.env.OPTIONS ?? 10);
const options = Array.from({ length: OPTIONS }, (_, i) => ({ id: `option-${i}`, label: `Option ${i}` }));

// Voters with leanings: a few popular options, partial rankings of 1 to OPTIONS options.
let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const ballots: Choice[][] = new Array(BALLOTS);
for (let b = 0; b < BALLOTS; b++) {
  const order = options.map((o, i) => ({ id: o.id, key: random() + i * 0.04 })).sort((x, y) => x.key - y.key);
  const length = 1 + Math.floor(random() * OPTIONS);
  ballots[b] = order.slice(0, length).map((o, i) => ({ option: o.id, rank: i + 1 }));
}

function time(method: "irv" | "schulze") {
  const runs: number[] = [];
  let winners: string[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    winners = count(method, options, ballots, "bench").winners;
    runs.push(performance.now() - t);
  }
  return { runsMs: runs.map((r) => Math.round(r)), bestMs: Math.round(Math.min(...runs)), winners };
}

report("poll-count", {
  ballots: BALLOTS,
  options: OPTIONS,
  irv: time("irv"),
  schulze: time("schulze"),
  targets: { irvMs: 1000, schulzeMs: 1000 },
});
