import { describe, expect, it } from "vitest";
import { formatDate } from "./i18n";
import { canonicalTimeZone, instantAt, isTimeZone, localAt } from "./zoned-time";

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
    expect(instantAt("2027-02-31T20:30", "Europe/Paris")).toBeNull();
    expect(instantAt("2027-02-28T24:30", "Europe/Paris")).toBeNull();
  });
});

describe("a viewer's zone", () => {
  it("is a zone of the runtime's list, by its canonical name", () => {
    expect(canonicalTimeZone("Pacific/Auckland")).toBe("Pacific/Auckland");
    expect(canonicalTimeZone("america/los_angeles")).toBe("America/Los_Angeles");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
    expect(canonicalTimeZone("Etc/UTC")).toBe("UTC");
    expect(canonicalTimeZone("")).toBeNull();
    expect(canonicalTimeZone(undefined)).toBeNull();
    expect(canonicalTimeZone("Pacific/Atlantis")).toBeNull();
    expect(canonicalTimeZone("Europe/Paris; Path=/")).toBeNull();
  });
});

describe("local times across a change of the clocks", () => {
  // Pacific/Auckland: NZDT (+13) ends 2027-04-04 03:00 → 02:00 NZST (+12); NZST starts
  // again as NZDT on 2027-09-26 02:00 → 03:00.
  // America/Los_Angeles: PDT (−7) ends 2026-11-01 02:00 → 01:00 PST (−8); PDT starts on
  // 2027-03-14 02:00 → 03:00.
  it("read a time on either side of the change with that side's offset", () => {
    expect(instantAt("2027-04-04T01:59", "Pacific/Auckland")?.toISOString()).toBe("2027-04-03T12:59:00.000Z");
    expect(instantAt("2027-04-04T03:00", "Pacific/Auckland")?.toISOString()).toBe("2027-04-03T15:00:00.000Z");
    expect(instantAt("2027-03-14T01:59", "America/Los_Angeles")?.toISOString()).toBe("2027-03-14T09:59:00.000Z");
    expect(instantAt("2027-03-14T03:00", "America/Los_Angeles")?.toISOString()).toBe("2027-03-14T10:00:00.000Z");
  });

  it("take a time the clocks skip as late as the skip", () => {
    // 02:30 does not happen on these days: it is read as 03:30, the first time after.
    expect(instantAt("2027-09-26T02:30", "Pacific/Auckland")?.toISOString()).toBe("2027-09-25T14:30:00.000Z");
    expect(localAt(instantAt("2027-09-26T02:30", "Pacific/Auckland")!, "Pacific/Auckland")).toBe("2027-09-26T03:30");
    expect(instantAt("2027-03-14T02:30", "America/Los_Angeles")?.toISOString()).toBe("2027-03-14T10:30:00.000Z");
    expect(localAt(instantAt("2027-03-14T02:30", "America/Los_Angeles")!, "America/Los_Angeles")).toBe("2027-03-14T03:30");
  });

  it("take a time that happens twice as the first of the two", () => {
    // 02:30 NZDT (13:30Z), then an hour later 02:30 NZST (14:30Z).
    expect(instantAt("2027-04-04T02:30", "Pacific/Auckland")?.toISOString()).toBe("2027-04-03T13:30:00.000Z");
    // 01:30 PDT (08:30Z), then an hour later 01:30 PST (09:30Z).
    expect(instantAt("2026-11-01T01:30", "America/Los_Angeles")?.toISOString()).toBe("2026-11-01T08:30:00.000Z");
  });

  it("show an instant as the wall clock it was typed on, either side of the change", () => {
    expect(localAt(new Date("2027-04-03T13:30:00Z"), "Pacific/Auckland")).toBe("2027-04-04T02:30");
    expect(localAt(new Date("2027-04-03T14:30:00Z"), "Pacific/Auckland")).toBe("2027-04-04T02:30");
    expect(localAt(new Date("2026-11-01T09:30:00Z"), "America/Los_Angeles")).toBe("2026-11-01T01:30");
  });
});

describe("a time shown to a viewer", () => {
  it("reads on the viewer's clock and names the zone, in either language", () => {
    const at = new Date("2027-12-04T07:30:00Z");
    expect(formatDate("en", at, true, "Pacific/Auckland")).toBe("Sat, 4 Dec 2027, 20:30 (Pacific/Auckland)");
    expect(formatDate("fr", at, true, "America/Los_Angeles")).toBe("ven. 3 déc. 2027, 23:30 (America/Los_Angeles)");
    expect(formatDate("en", at, true)).toBe("Sat, 4 Dec 2027, 07:30 (UTC)");
  });

  it("keeps a date alone as the calendar date it was stored as", () => {
    expect(formatDate("en", new Date("2027-12-04T00:00:00Z"), false, "America/Los_Angeles")).toBe("4 Dec 2027");
  });
});
