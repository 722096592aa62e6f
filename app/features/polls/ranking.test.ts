import { describe, expect, it } from "vitest";
import { moveTo, rankedOrder, ranksFromValues, sameRanks, shownRanks } from "./ranking";

const keys = ["a", "b", "c", "d"];

describe("ranking", () => {
  it("reads form values as the server does", () => {
    const values: Record<string, string> = { a: "2", b: "", c: "1", d: "x" };
    expect(ranksFromValues(keys, (k) => values[k])).toEqual({ a: 2, c: 1 });
    expect(ranksFromValues(keys, () => null)).toEqual({});
    expect(ranksFromValues(keys, () => "0")).toEqual({});
    expect(ranksFromValues(keys, () => "1.5")).toEqual({});
  });

  it("orders by rank, equal ranks in the poll's order", () => {
    expect(rankedOrder(keys, { d: 1, b: 3, c: 3 })).toEqual(["d", "b", "c"]);
    expect(rankedOrder(keys, {})).toEqual([]);
  });

  it("shows ranks without gaps, equal ones equal", () => {
    expect(shownRanks({ a: 2, b: 5, c: 5, d: 9 })).toEqual({ a: 1, b: 2, c: 2, d: 3 });
  });

  it("moves within the ranking, into it and out of it", () => {
    const start = { a: 1, b: 2 };
    expect(moveTo(keys, start, "b", 0)).toEqual({ b: 1, a: 2 });
    expect(moveTo(keys, start, "a", 1)).toEqual({ b: 1, a: 2 });
    expect(moveTo(keys, start, "c", 1)).toEqual({ a: 1, c: 2, b: 3 });
    expect(moveTo(keys, start, "c", 99)).toEqual({ a: 1, b: 2, c: 3 });
    expect(moveTo(keys, start, "c", -1)).toEqual({ c: 1, a: 2, b: 3 });
    expect(moveTo(keys, start, "a", null)).toEqual({ b: 1 });
    expect(moveTo(keys, start, "d", null)).toEqual({ a: 1, b: 2 });
  });

  it("settles equal ranks in the order shown once something moves", () => {
    expect(moveTo(keys, { a: 1, b: 1, c: 2 }, "c", 0)).toEqual({ c: 1, a: 2, b: 3 });
  });

  it("compares ballots by meaning", () => {
    expect(sameRanks({ a: 1, b: 3 }, { a: 1, b: 2 })).toBe(true);
    expect(sameRanks({ a: 1, b: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameRanks({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameRanks({}, {})).toBe(true);
  });
});
