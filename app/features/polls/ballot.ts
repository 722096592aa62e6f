// Is this ballot acceptable for this poll? Pure: the structural rules are the
// counting rules' own (tally.ts); the poll's limits are checked here.
import { count, CountError, type Choice, type Method } from "./tally";

export type BallotProblem = "poll.ballot.empty" | "poll.ballot.single" | "poll.ballot.tooFew" | "poll.ballot.tooMany" | "poll.ballot.invalid";

export function checkBallot(
  method: Method,
  optionKeys: string[],
  choices: Choice[],
  limits: { minChoices: number; maxChoices: number | null },
): { ok: true; choices: Choice[] } | { ok: false; problem: BallotProblem; vars?: Record<string, number> } {
  if (!choices.length) return { ok: false, problem: "poll.ballot.empty" };
  if (method === "plurality" && choices.length !== 1) return { ok: false, problem: "poll.ballot.single" };
  if (method === "approval") {
    if (choices.length < limits.minChoices) return { ok: false, problem: "poll.ballot.tooFew", vars: { count: limits.minChoices } };
    if (limits.maxChoices !== null && choices.length > limits.maxChoices) {
      return { ok: false, problem: "poll.ballot.tooMany", vars: { count: limits.maxChoices } };
    }
  }
  // Ranks as people give them (1, 2, 5…) become 1, 2, 3…, equal ones staying equal.
  const distinct = [...new Set(choices.map((c) => c.rank))].sort((a, b) => a - b);
  const normalised = choices.map((c) => ({ option: c.option, rank: distinct.indexOf(c.rank) + 1 })).sort((a, b) => a.rank - b.rank);
  try {
    count(method, optionKeys.map((id) => ({ id, label: id })), [normalised]);
  } catch (e) {
    if (e instanceof CountError) return { ok: false, problem: "poll.ballot.invalid" };
    throw e;
  }
  return { ok: true, choices: normalised };
}
