import { describe, expect, it } from "vitest";
import { nextChange, timeLeft } from "./countdown";

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe("the time left before a premiere", () => {
  it("says the two largest units, without zeros", () => {
    expect(timeLeft(2 * d + 4 * h + 30 * m)).toEqual([
      { unit: "days", count: 2 },
      { unit: "hours", count: 4 },
    ]);
    expect(timeLeft(1 * d + 20 * m)).toEqual([{ unit: "days", count: 1 }]);
    expect(timeLeft(3 * h + 5 * m + 59 * s)).toEqual([
      { unit: "hours", count: 3 },
      { unit: "minutes", count: 5 },
    ]);
    expect(timeLeft(12 * m + 30 * s)).toEqual([{ unit: "minutes", count: 12 }]);
  });

  it("counts seconds in the last minute, the last one as 1, and nothing once it has come", () => {
    expect(timeLeft(59_999)).toEqual([{ unit: "seconds", count: 60 }]);
    expect(timeLeft(42_100)).toEqual([{ unit: "seconds", count: 43 }]);
    expect(timeLeft(1)).toEqual([{ unit: "seconds", count: 1 }]);
    expect(timeLeft(0)).toEqual([]);
    expect(timeLeft(-5 * m)).toEqual([]);
  });

  it("wakes the page when the words change: minute steps, seconds at the end, at the time itself", () => {
    expect(nextChange(2 * d + 30 * s)).toBe(30 * s + 5);
    expect(nextChange(10 * m)).toBe(m + 5);
    expect(nextChange(90 * s + 250)).toBe(255);
    expect(nextChange(400)).toBe(405);
    expect(nextChange(0)).toBe(0);
    // Just past the wake-up the words are new.
    for (const left of [3 * h + 1, 10 * m + 7, 30 * s + 300, 700]) {
      expect(timeLeft(left - nextChange(left))).not.toEqual(timeLeft(left));
    }
  });
});
