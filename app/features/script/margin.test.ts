import { describe, expect, test } from "vitest";
import { stackInMargin } from "./margin";

describe("threads in the margin", () => {
  test("each sits beside its passage when there is room", () => {
    const { tops, height } = stackInMargin(
      [
        { id: "b", anchorTop: 400, height: 50 },
        { id: "a", anchorTop: 100, height: 50 },
      ],
      8,
    );
    expect(tops).toEqual(new Map([["a", 100], ["b", 400]]));
    expect(height).toBe(450);
  });

  test("a thread whose passage is close under another's is pushed down, never over it", () => {
    const { tops } = stackInMargin(
      [
        { id: "a", anchorTop: 100, height: 120 },
        { id: "b", anchorTop: 130, height: 40 },
        { id: "c", anchorTop: 500, height: 40 },
      ],
      8,
    );
    expect(tops.get("b")).toBe(228);
    expect(tops.get("c")).toBe(500);
  });

  test("threads without a passage come first; a passage above the margin's top is clamped to it", () => {
    const { tops } = stackInMargin(
      [
        { id: "on-passage", anchorTop: -50, height: 40 },
        { id: "whole-script", anchorTop: null, height: 60 },
      ],
      8,
    );
    expect(tops.get("whole-script")).toBe(0);
    expect(tops.get("on-passage")).toBe(68);
  });
});
