import { describe, expect, it } from "vitest";
import { isoWeekOf, shiftWeek, weekRange } from "./week";

describe("ISO weeks", () => {
  it("name the week by its Thursday's year, across year ends", () => {
    expect(isoWeekOf(new Date("2026-11-22T23:59:00Z"))).toBe("2026-W47"); // a Sunday
    expect(isoWeekOf(new Date("2026-11-23T00:00:00Z"))).toBe("2026-W48"); // the Monday after
    expect(isoWeekOf(new Date("2027-01-01T12:00:00Z"))).toBe("2026-W53"); // 2026 has 53 weeks
    expect(isoWeekOf(new Date("2024-12-30T12:00:00Z"))).toBe("2025-W01");
  });

  it("start on Monday 00:00 UTC and last seven days", () => {
    expect(weekRange("2026-W47")).toEqual({ start: new Date("2026-11-16T00:00:00Z"), end: new Date("2026-11-23T00:00:00Z") });
    expect(weekRange("2025-W01")?.start).toEqual(new Date("2024-12-30T00:00:00Z"));
  });

  it("refuse weeks that do not exist, and move by whole weeks", () => {
    expect(weekRange("2025-W53")).toBeNull();
    expect(weekRange("2026-W00")).toBeNull();
    expect(weekRange("../etc")).toBeNull();
    expect(shiftWeek("2026-W53", 1)).toBe("2027-W01");
    expect(shiftWeek("2027-W01", -1)).toBe("2026-W53");
  });
});
