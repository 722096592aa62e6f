import { describe, expect, it } from "vitest";
import { instantAt, isTimeZone, localAt } from "./zoned-time";

describe("venue times", () => {
  it("turn a wall-clock time at the venue into the instant, across summer and winter time", () => {
    expect(instantAt("2026-12-01T20:30", "Europe/Paris")?.toISOString()).toBe("2026-12-01T19:30:00.000Z");
    expect(instantAt("2026-07-01T20:30", "Europe/Paris")?.toISOString()).toBe("2026-07-01T18:30:00.000Z");
    expect(instantAt("2026-12-01T20:30", "America/New_York")?.toISOString()).toBe("2026-12-02T01:30:00.000Z");
    expect(instantAt("2026-12-01T20:30", "Asia/Tokyo")?.toISOString()).toBe("2026-12-01T11:30:00.000Z");
  });

  it("read back as the same wall-clock time", () => {
    for (const zone of ["Europe/Paris", "America/Sao_Paulo", "Australia/Sydney", "UTC"]) {
      expect(localAt(instantAt("2026-10-25T02:30", zone)!, zone).slice(0, 10)).toBe("2026-10-25");
      expect(localAt(instantAt("2026-12-01T20:30", zone)!, zone)).toBe("2026-12-01T20:30");
    }
  });

  it("refuse zones and times that do not exist", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("../../etc")).toBe(false);
    expect(instantAt("2026-12-01 20:30", "Europe/Paris")).toBeNull();
    expect(instantAt("2026-12-01T20:30", "Nowhere")).toBeNull();
  });
});
