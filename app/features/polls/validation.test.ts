import { describe, expect, it } from "vitest";
import { FIRST_OPTION_SLOTS, MAX_OPTIONS, optionSlots } from "./validation";

describe("option slots of the new-poll form", () => {
  it("starts with three, keeps what was asked, never fewer than two nor more than the maximum", () => {
    expect(optionSlots(null)).toBe(FIRST_OPTION_SLOTS);
    expect(optionSlots("4")).toBe(4);
    expect(optionSlots("1")).toBe(2);
    expect(optionSlots("99")).toBe(MAX_OPTIONS);
    expect(optionSlots("four")).toBe(FIRST_OPTION_SLOTS);
  });
  it("never hides an option already typed", () => {
    expect(optionSlots("3", ["A", "", "", "", "E"])).toBe(5);
  });
});
