import { describe, expect, it } from "vitest";
import { ConnectionCounter, RateLimiter } from "./limits";

describe("RateLimiter", () => {
  it("allows a burst, then the sustained rate", () => {
    const r = new RateLimiter(10, 5, 0);
    expect([1, 2, 3, 4, 5, 6].map(() => r.take(0))).toEqual([true, true, true, true, true, false]);
    expect(r.take(100)).toBe(true); // 0.1 s at 10/s = one more
    expect(r.take(100)).toBe(false);
    expect(r.take(10_000)).toBe(true);
  });
});

describe("ConnectionCounter", () => {
  it("refuses past the maximum and frees on removal", () => {
    const c = new ConnectionCounter(2);
    expect(c.tryAdd("a")).toBe(true);
    expect(c.tryAdd("a")).toBe(true);
    expect(c.tryAdd("a")).toBe(false);
    expect(c.tryAdd("b")).toBe(true);
    c.remove("a");
    expect(c.tryAdd("a")).toBe(true);
    expect(c.count("a")).toBe(2);
  });
});
