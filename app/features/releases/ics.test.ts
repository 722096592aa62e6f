import fc from "fast-check";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { foldLine, icsDateTime, icsText, screeningsCalendar, webcalUrl, type Screening } from "./ics";

const octets = (s: string) => Buffer.byteLength(s, "utf8");

const premiere: Screening = {
  uid: "screening-1@studio.example.org",
  start: new Date("2026-12-01T19:00:00Z"),
  end: new Date("2026-12-01T20:30:00Z"),
  summary: "Les Veilleurs — avant-première",
  location: "Cinéma Le Phare, 12 quai des Brumes, Saint-Malo",
  description: "Projection suivie d'un débat avec l'équipe.",
  url: "https://studio.example.org/p/les-veilleurs/screenings#1",
  updated: new Date("2026-11-20T08:15:30.999Z"),
};

const tricky: Screening = {
  uid: "screening-2@studio.example.org",
  start: new Date("2027-01-15T09:30:00Z"),
  end: new Date("2027-01-15T11:00:00Z"),
  summary: "Nuit, veille; phare\nsecond line \\ backslash, again;",
  location: "東京都渋谷区, シネマ・ヴェリテ; 2階",
  description:
    "Les veilleurs de nuit gardent le phare depuis trois générations; quand la lumière s'éteint, chacun raconte sa version, et la mer écoute.\n" +
    "夜の番人たちは三世代にわたって灯台を守ってきた。光が消えると、それぞれが自分の物語を語り、海がそれを聞く。🎬🌊\r\n" +
    "Fin, vraiment; enfin\\.",
  url: "https://studio.example.org/p/les-veilleurs/screenings?lang=ja&at=2027-01-15",
  updated: new Date("2027-01-02T00:00:00Z"),
};

const calendar = (events: Screening[]) => screeningsCalendar({ prodId: "-//Claquette//Screenings//EN", name: "Les Veilleurs, en salle", events });

// A non-standard property's value is TEXT (RFC 5545 §3.8.8.2), which ical.js leaves raw
// unless told: tell it, as calendar apps do for the calendar's name.
ICAL.design.icalendar.property["x-wr-calname"] = { defaultType: "text" };

const parse = (ics: string) => new ICAL.Component(ICAL.parse(ics));

describe("screeningsCalendar", () => {
  it("writes the calendar RFC 5545 describes, line by line", () => {
    expect(calendar([premiere])).toBe(
      [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Claquette//Screenings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Les Veilleurs\\, en salle",
        "BEGIN:VEVENT",
        "UID:screening-1@studio.example.org",
        "DTSTAMP:20261120T081530Z",
        "DTSTART:20261201T190000Z",
        "DTEND:20261201T203000Z",
        "SUMMARY:Les Veilleurs — avant-première",
        "LOCATION:Cinéma Le Phare\\, 12 quai des Brumes\\, Saint-Malo",
        "DESCRIPTION:Projection suivie d'un débat avec l'équipe.",
        "URL:https://studio.example.org/p/les-veilleurs/screenings#1",
        "LAST-MODIFIED:20261120T081530Z",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
      ].join("\r\n"),
    );
  });

  it("reads back in ical.js: calendar properties", () => {
    const vcalendar = parse(calendar([premiere, tricky]));
    expect(vcalendar.name).toBe("vcalendar");
    expect(vcalendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(vcalendar.getFirstPropertyValue("prodid")).toBe("-//Claquette//Screenings//EN");
    expect(vcalendar.getFirstPropertyValue("calscale")).toBe("GREGORIAN");
    expect(vcalendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(vcalendar.getFirstPropertyValue("x-wr-calname")).toBe("Les Veilleurs, en salle");
  });

  it("reads back in ical.js: every field and time of every screening", () => {
    const vevents = parse(calendar([premiere, tricky])).getAllSubcomponents("vevent");
    expect(vevents).toHaveLength(2);
    [premiere, tricky].forEach((screening, i) => {
      const vevent = vevents[i]!;
      const event = new ICAL.Event(vevent);
      expect(event.uid).toBe(screening.uid);
      expect(event.summary).toBe(screening.summary);
      expect(event.location).toBe(screening.location);
      expect(event.description).toBe(screening.description.replace(/\r\n/g, "\n"));
      expect(vevent.getFirstPropertyValue("url")).toBe(screening.url);
      expect(event.startDate.zone?.tzid).toBe("UTC");
      expect(event.startDate.toJSDate()).toEqual(screening.start);
      expect(event.endDate.toJSDate()).toEqual(screening.end);
      // To the second: calendars have no finer grain.
      const updated = new Date(Math.floor(screening.updated.getTime() / 1000) * 1000);
      expect((vevent.getFirstPropertyValue("dtstamp") as ICAL.Time).toJSDate()).toEqual(updated);
      expect((vevent.getFirstPropertyValue("last-modified") as ICAL.Time).toJSDate()).toEqual(updated);
    });
  });

  it("keeps commas, semicolons, backslashes and line breaks in a summary", () => {
    const summary = "Ciné-club, séance 3; «Les Veilleurs»\nDébat\\Q&R\r\nFin\rVraiment";
    const [vevent] = parse(calendar([{ ...tricky, summary }])).getAllSubcomponents("vevent");
    expect(new ICAL.Event(vevent).summary).toBe("Ciné-club, séance 3; «Les Veilleurs»\nDébat\\Q&R\nFin\nVraiment");
  });

  it("ends every line with CRLF and folds at 75 octets, never inside a character", () => {
    const ics = calendar([premiere, tricky]);
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
    const physical = ics.slice(0, -2).split("\r\n");
    expect(physical.some((l) => l.startsWith(" "))).toBe(true); // something was folded
    for (const line of physical) expect(octets(line)).toBeLessThanOrEqual(75);
    // Each physical line is whole UTF-8 by itself: no sequence was cut.
    const bytes = Buffer.from(ics);
    let start = 0;
    for (let at = bytes.indexOf("\r\n"); at >= 0; start = at + 2, at = bytes.indexOf("\r\n", start)) {
      expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(start, at))).not.toThrow();
    }
    expect(start).toBe(bytes.length);
    // Unfolded, the logical lines are the values as written.
    const unfolded = ics.replace(/\r\n /g, "");
    expect(unfolded).toContain(`DESCRIPTION:${icsText(tricky.description)}\r\n`);
    expect(unfolded).toContain("LOCATION:東京都渋谷区\\, シネマ・ヴェリテ\\; 2階\r\n");
  });

  it("drops empty optional properties", () => {
    const ics = calendar([{ ...premiere, location: "", description: "", url: "" }]);
    expect(ics).not.toMatch(/^(LOCATION|DESCRIPTION|URL):/m);
    const event = new ICAL.Event(parse(ics).getAllSubcomponents("vevent")[0]);
    expect(event.summary).toBe(premiere.summary);
  });

  it("writes a calendar with no screenings yet", () => {
    const vcalendar = parse(calendar([]));
    expect(vcalendar.getAllSubcomponents("vevent")).toEqual([]);
    expect(vcalendar.getFirstPropertyValue("x-wr-calname")).toBe("Les Veilleurs, en salle");
  });

  it("gives the same bytes for the same screenings", () => {
    expect(calendar([premiere, tricky])).toBe(calendar([premiere, tricky]));
  });

  it("keeps a URL's commas and semicolons as they are, and no line break", () => {
    const url = "https://example.org/a,b;c?d=e,f";
    const ics = calendar([{ ...premiere, url: `${url}\r\n` }]);
    expect(ics).toContain(`\r\nURL:${url}\r\n`);
    expect(parse(ics).getAllSubcomponents("vevent")[0]!.getFirstPropertyValue("url")).toBe(url);
  });

  it("refuses a screening that ends before it starts, or an impossible date", () => {
    expect(() => calendar([{ ...premiere, end: premiere.start }])).toThrow(RangeError);
    expect(() => calendar([{ ...premiere, end: new Date("2026-12-01T18:00:00Z") }])).toThrow(RangeError);
    expect(() => calendar([{ ...premiere, start: new Date(Number.NaN) }])).toThrow(RangeError);
    expect(() => calendar([{ ...premiere, updated: new Date(Number.NaN) }])).toThrow(RangeError);
    expect(() => calendar([{ ...premiere, end: new Date("+010000-01-01T00:00:00Z") }])).toThrow(RangeError);
  });

  it("round-trips any text through ical.js (property)", () => {
    const anyText = fc.string({ unit: "grapheme", maxLength: 300 }).filter((s) => s.trim() !== "");
    fc.assert(
      fc.property(anyText, anyText, anyText, fc.date({ min: new Date("1970-01-01"), max: new Date("9000-01-01"), noInvalidDate: true }), (summary, location, description, start) => {
        const end = new Date(start.getTime() + 90 * 60_000);
        const ics = calendar([{ ...premiere, summary, location, description, start, end }]);
        for (const line of ics.slice(0, -2).split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);
        const event = new ICAL.Event(parse(ics).getAllSubcomponents("vevent")[0]);
        // What TEXT cannot hold: control characters, and CR (line breaks become LF).
        // eslint-disable-next-line no-control-regex
        const clean = (s: string) => s.replace(/\r\n|\r/g, "\n").replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, "");
        expect(event.summary).toBe(clean(summary));
        expect(event.location).toBe(clean(location));
        expect(event.description).toBe(clean(description));
        expect(event.startDate.toJSDate().getTime()).toBe(Math.floor(start.getTime() / 1000) * 1000);
      }),
      { numRuns: 300 },
    );
  });
});

describe("icsDateTime", () => {
  it("writes UTC to the second", () => {
    expect(icsDateTime(new Date("2026-12-01T19:00:00Z"))).toBe("20261201T190000Z");
    expect(icsDateTime(new Date("2026-12-01T19:00:59.999Z"))).toBe("20261201T190059Z");
    expect(icsDateTime(new Date("0099-02-03T04:05:06Z"))).toBe("00990203T040506Z");
    expect(icsDateTime(new Date("9999-12-31T23:59:59Z"))).toBe("99991231T235959Z");
  });
});

describe("icsText", () => {
  it("escapes what TEXT reserves", () => {
    expect(icsText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
    expect(icsText("a\r\nb\rc")).toBe("a\\nb\\nc");
    expect(icsText("tab\there")).toBe("tab\there");
    expect(icsText("bell\u0007 esc\u001b del\u007f")).toBe("bell esc del");
    expect(icsText(":colon\"quote")).toBe(':colon"quote');
  });
});

describe("foldLine", () => {
  it("leaves a line of 75 octets alone", () => {
    expect(foldLine("x".repeat(75))).toBe("x".repeat(75));
  });

  it("folds at 75 octets, continuations at 74 plus their space", () => {
    expect(foldLine("x".repeat(76))).toBe(`${"x".repeat(75)}\r\n x`);
    expect(foldLine("x".repeat(75 + 74 + 1))).toBe(`${"x".repeat(75)}\r\n ${"x".repeat(74)}\r\n x`);
  });

  it("counts octets, not characters", () => {
    // 38 "é" are 76 octets: 37 fit on the first line.
    expect(foldLine("é".repeat(38))).toBe(`${"é".repeat(37)}\r\n é`);
    // 25 three-octet characters fill the first line exactly.
    expect(foldLine("夜".repeat(26))).toBe(`${"夜".repeat(25)}\r\n 夜`);
  });

  it("moves a character that would not fit whole to the next line", () => {
    // 74 octets then a four-octet emoji: it goes to the next line.
    expect(foldLine(`${"x".repeat(74)}🎬`)).toBe(`${"x".repeat(74)}\r\n 🎬`);
    expect(foldLine(`${"x".repeat(73)}é€`)).toBe(`${"x".repeat(73)}é\r\n €`);
  });

  it("unfolds to the same line, every piece whole UTF-8 (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 500 }), (line) => {
        const folded = foldLine(line);
        expect(folded.replace(/\r\n /g, "")).toBe(line);
        for (const piece of folded.split("\r\n")) {
          expect(octets(piece)).toBeLessThanOrEqual(75);
          if (line.isWellFormed()) expect(piece.isWellFormed()).toBe(true);
        }
      }),
    );
  });
});

describe("webcalUrl", () => {
  it("gives calendar apps the same address to subscribe to", () => {
    expect(webcalUrl("https://studio.example.org/p/les-veilleurs/screenings.ics")).toBe("webcal://studio.example.org/p/les-veilleurs/screenings.ics");
    expect(webcalUrl("http://127.0.0.1:3000/p/a/screenings.ics")).toBe("webcal://127.0.0.1:3000/p/a/screenings.ics");
    expect(() => webcalUrl("javascript:alert(1)")).toThrow();
  });
});
