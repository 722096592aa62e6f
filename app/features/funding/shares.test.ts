import { describe, expect, it } from "vitest";
import { allocateShares, weightOf } from "./shares";

// A seeded generator: the same "random" cases on every run, so a failure can be replayed.
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("fair shares", () => {
  it("weighs an accepted submission as 500 characters of text", () => {
    expect(weightOf({ acceptedWork: 2, authoredChars: 120 })).toBe(1120);
    expect(weightOf({ acceptedWork: 0, authoredChars: 0 })).toBe(0);
  });

  it("sums exactly, never negative, each part within one unit of its exact share (many random cases)", () => {
    const random = mulberry32(22);
    for (let round = 0; round < 2000; round++) {
      const n = 1 + Math.floor(random() * 12);
      const people = Array.from({ length: n }, (_, i) => ({ key: `p${i}`, weight: Math.floor(random() * (random() < 0.2 ? 3 : 1_000_000)) }));
      if (people.every((p) => p.weight === 0)) people[0]!.weight = 1;
      const amount = Math.floor(random() * (random() < 0.3 ? 100 : 100_000_000));
      const parts = allocateShares(amount, people);
      const total = people.reduce((s, p) => s + p.weight, 0);
      expect(parts.reduce((s, p) => s + p, 0)).toBe(amount);
      parts.forEach((part, i) => {
        expect(part).toBeGreaterThanOrEqual(0);
        const exact = (amount * people[i]!.weight) / total;
        expect(part).toBeGreaterThanOrEqual(Math.floor(exact));
        expect(part - exact).toBeLessThanOrEqual(1);
        if (people[i]!.weight === 0) expect(part).toBe(0);
      });
    }
  });

  it("gives left-over cents to the largest remainders, then the larger weight, then the first key", () => {
    // 100 cents in thirds: 33 each, one left; equal remainders and weights: "ana" first.
    expect(allocateShares(100, [{ key: "cleo", weight: 1 }, { key: "ana", weight: 1 }, { key: "bob", weight: 1 }])).toEqual([33, 34, 33]);
    // Whatever the order people are listed in, the same person gets it.
    expect(allocateShares(100, [{ key: "bob", weight: 1 }, { key: "ana", weight: 1 }, { key: "cleo", weight: 1 }])).toEqual([33, 34, 33]);
    // 10 by 1:2:2 is 2, 4, 4 exactly; 11 by 1:2:2 is 2.2, 4.4, 4.4: the cent to the first larger remainder by key.
    expect(allocateShares(11, [{ key: "z", weight: 1 }, { key: "b", weight: 2 }, { key: "a", weight: 2 }])).toEqual([2, 4, 5]);
    // 7 by 3:1 is 5.25, 1.75: the cent to the larger remainder, not the larger weight.
    expect(allocateShares(7, [{ key: "a", weight: 3 }, { key: "b", weight: 1 }])).toEqual([5, 2]);
  });

  it("refuses what cannot be shared", () => {
    expect(() => allocateShares(100, [{ key: "a", weight: 0 }])).toThrow();
    expect(() => allocateShares(-1, [{ key: "a", weight: 1 }])).toThrow();
    expect(() => allocateShares(1.5, [{ key: "a", weight: 1 }])).toThrow();
  });
});
