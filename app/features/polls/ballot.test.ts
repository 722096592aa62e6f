import { describe, expect, it } from "vitest";
import { checkBallot } from "./ballot";

const keys = ["a", "b", "c"];
const none = { minChoices: 1, maxChoices: null };

describe("checkBallot", () => {
  it("asks for a choice, and one only in a single-choice poll", () => {
    expect(checkBallot("plurality", keys, [], none)).toEqual({ ok: false, problem: "poll.ballot.empty" });
    expect(checkBallot("plurality", keys, [{ option: "a", rank: 1 }, { option: "b", rank: 1 }], none)).toEqual({ ok: false, problem: "poll.ballot.single" });
    expect(checkBallot("plurality", keys, [{ option: "a", rank: 1 }], none).ok).toBe(true);
  });
  it("keeps approval within the poll's minimum and maximum", () => {
    const limits = { minChoices: 2, maxChoices: 2 };
    expect(checkBallot("approval", keys, [{ option: "a", rank: 1 }], limits)).toEqual({ ok: false, problem: "poll.ballot.tooFew", vars: { count: 2 } });
    const three = keys.map((option) => ({ option, rank: 1 }));
    expect(checkBallot("approval", keys, three, limits)).toEqual({ ok: false, problem: "poll.ballot.tooMany", vars: { count: 2 } });
  });
  it("renumbers ranks, keeps equal ones equal for Schulze, refuses them for instant runoff", () => {
    expect(checkBallot("irv", keys, [{ option: "c", rank: 5 }, { option: "a", rank: 2 }], none)).toEqual({
      ok: true,
      choices: [{ option: "a", rank: 1 }, { option: "c", rank: 2 }],
    });
    expect(checkBallot("schulze", keys, [{ option: "a", rank: 3 }, { option: "b", rank: 3 }], none)).toEqual({
      ok: true,
      choices: [{ option: "a", rank: 1 }, { option: "b", rank: 1 }],
    });
    expect(checkBallot("irv", keys, [{ option: "a", rank: 1 }, { option: "b", rank: 1 }], none)).toEqual({ ok: false, problem: "poll.ballot.invalid" });
  });
  it("refuses options the poll does not have", () => {
    expect(checkBallot("irv", keys, [{ option: "z", rank: 1 }], none)).toEqual({ ok: false, problem: "poll.ballot.invalid" });
  });
});
