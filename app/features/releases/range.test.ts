import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentDisposition, ifRangeAllows, parseHttpDate, parseRange } from "./range";

const partial = (start: number, end: number) => ({ kind: "partial", start, end });
const full = { kind: "full" };
const unsatisfiable = { kind: "unsatisfiable" };

describe("parseRange", () => {
  it("serves the whole reel without a Range header", () => {
    expect(parseRange(undefined, 1000)).toEqual(full);
    expect(parseRange(null, 1000)).toEqual(full);
    expect(parseRange("", 1000)).toEqual(full);
  });

  it("reads a closed range, end inclusive", () => {
    expect(parseRange("bytes=0-499", 1000)).toEqual(partial(0, 499));
    expect(parseRange("bytes=500-999", 1000)).toEqual(partial(500, 999));
    expect(parseRange("bytes=0-0", 1000)).toEqual(partial(0, 0));
    expect(parseRange("bytes=999-999", 1000)).toEqual(partial(999, 999));
  });

  it("clamps the end to the last byte", () => {
    expect(parseRange("bytes=500-5000", 1000)).toEqual(partial(500, 999));
    expect(parseRange("bytes=0-99999999999999999999999", 1000)).toEqual(partial(0, 999));
  });

  it("reads an open range to the end", () => {
    expect(parseRange("bytes=0-", 1000)).toEqual(partial(0, 999));
    expect(parseRange("bytes=900-", 1000)).toEqual(partial(900, 999));
  });

  it("reads a suffix: the last n bytes", () => {
    expect(parseRange("bytes=-100", 1000)).toEqual(partial(900, 999));
    expect(parseRange("bytes=-1", 1000)).toEqual(partial(999, 999));
    expect(parseRange("bytes=-1000", 1000)).toEqual(partial(0, 999));
  });

  it("gives the whole file for a suffix longer than it", () => {
    expect(parseRange("bytes=-5000", 1000)).toEqual(partial(0, 999));
    expect(parseRange("bytes=-99999999999999999999999", 1000)).toEqual(partial(0, 999));
  });

  it("refuses a zero-length suffix and a start past the end", () => {
    expect(parseRange("bytes=-0", 1000)).toEqual(unsatisfiable);
    expect(parseRange("bytes=-000", 1000)).toEqual(unsatisfiable);
    expect(parseRange("bytes=1000-", 1000)).toEqual(unsatisfiable);
    expect(parseRange("bytes=1000-2000", 1000)).toEqual(unsatisfiable);
    expect(parseRange("bytes=99999999999999999999-", 1000)).toEqual(unsatisfiable);
  });

  it("handles an empty file: nothing to cut, an empty suffix sent whole", () => {
    expect(parseRange("bytes=0-", 0)).toEqual(unsatisfiable);
    expect(parseRange("bytes=0-10", 0)).toEqual(unsatisfiable);
    expect(parseRange("bytes=-0", 0)).toEqual(unsatisfiable);
    expect(parseRange("bytes=-10", 0)).toEqual(full);
  });

  it("accepts the unit in any case, surrounding blanks and empty list elements", () => {
    expect(parseRange("Bytes=0-9", 100)).toEqual(partial(0, 9));
    expect(parseRange("BYTES=0-9", 100)).toEqual(partial(0, 9));
    expect(parseRange("  bytes=0-9  ", 100)).toEqual(partial(0, 9));
    expect(parseRange("bytes= 0-9 ", 100)).toEqual(partial(0, 9));
    expect(parseRange("bytes=0-9,", 100)).toEqual(partial(0, 9));
    expect(parseRange("bytes=, ,0-9", 100)).toEqual(partial(0, 9));
    expect(parseRange("bytes=007-010", 100)).toEqual(partial(7, 10));
  });

  it("ignores another unit or a malformed header: full", () => {
    for (const header of [
      "items=0-9",
      "bytes",
      "bytes=",
      "bytes=-",
      "bytes=,",
      "bytes=abc",
      "bytes=a-b",
      "bytes=1-a",
      "bytes=0x10-20",
      "bytes=1.5-2",
      "bytes=+1-2",
      "bytes=-+1",
      "bytes=--1",
      "bytes=1--2",
      "bytes=0 - 9",
      "bytes 0-9",
      "bytes=9-0", // last before first
      "bytes==0-9",
      "bytes=0-9=",
      "=0-9",
      "bytes=٣-٤", // Arabic-Indic digits are not DIGIT
      "bytes=0-9\u0000",
    ]) {
      expect(parseRange(header, 100), header).toEqual(full);
    }
  });

  it("does not do multipart: several ranges are served whole", () => {
    expect(parseRange("bytes=0-9,20-29", 100)).toEqual(full);
    expect(parseRange("bytes=0-9, 20-", 100)).toEqual(full);
    expect(parseRange("bytes=-1,-2", 100)).toEqual(full);
    expect(parseRange("bytes=0-9,0-9", 100)).toEqual(full);
  });

  it("refuses a size that is not a byte count", () => {
    expect(() => parseRange("bytes=0-", -1)).toThrow(RangeError);
    expect(() => parseRange("bytes=0-", 1.5)).toThrow(RangeError);
    expect(() => parseRange("bytes=0-", Number.NaN)).toThrow(RangeError);
  });

  it("always answers within the file (property)", () => {
    const spec = fc.oneof(
      fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a}-${b}`),
      fc.nat().map((a) => `${a}-`),
      fc.nat().map((n) => `-${n}`),
      fc.string(),
    );
    fc.assert(
      fc.property(spec, fc.nat({ max: 1 << 30 }), (s, size) => {
        const answer = parseRange(`bytes=${s}`, size);
        if (answer.kind === "partial") {
          expect(answer.start).toBeGreaterThanOrEqual(0);
          expect(answer.start).toBeLessThanOrEqual(answer.end);
          expect(answer.end).toBeLessThan(size);
        }
      }),
    );
  });

  it("is quick on a hostile header", () => {
    const t = performance.now();
    expect(parseRange(`bytes=${"1".repeat(1_000_000)}-${"2".repeat(1_000_000)}`, 100)).toEqual(unsatisfiable);
    expect(parseRange(`bytes=${"0-1,".repeat(200_000)}`, 100)).toEqual(full);
    expect(parseRange(`bytes=${" ".repeat(1_000_000)}x`, 100)).toEqual(full);
    expect(performance.now() - t).toBeLessThan(2000);
  });
});

describe("ifRangeAllows", () => {
  const etag = '"reel-1-abc"';
  const lastModified = new Date("2026-12-01T19:00:00.750Z");

  it("allows the range without an If-Range", () => {
    expect(ifRangeAllows(undefined, etag, lastModified)).toBe(true);
    expect(ifRangeAllows(null, etag, lastModified)).toBe(true);
    expect(ifRangeAllows("", etag, lastModified)).toBe(true);
  });

  it("matches a strong ETag exactly", () => {
    expect(ifRangeAllows('"reel-1-abc"', etag, lastModified)).toBe(true);
    expect(ifRangeAllows(' "reel-1-abc" ', etag, lastModified)).toBe(true);
    expect(ifRangeAllows('"reel-1-abd"', etag, lastModified)).toBe(false);
    expect(ifRangeAllows('"REEL-1-ABC"', etag, lastModified)).toBe(false);
    expect(ifRangeAllows("reel-1-abc", etag, lastModified)).toBe(false); // unquoted: not an entity tag, not a date
  });

  it("takes our ETag with or without its quotes", () => {
    expect(ifRangeAllows('"reel-1-abc"', "reel-1-abc", lastModified)).toBe(true);
  });

  it("never matches a weak ETag, theirs or ours", () => {
    expect(ifRangeAllows('W/"reel-1-abc"', etag, lastModified)).toBe(false);
    expect(ifRangeAllows('W/"reel-1-abc"', 'W/"reel-1-abc"', lastModified)).toBe(false);
    expect(ifRangeAllows('"reel-1-abc"', 'W/"reel-1-abc"', lastModified)).toBe(false);
  });

  it("matches the Last-Modified date to the second, in the three HTTP date forms", () => {
    expect(ifRangeAllows("Tue, 01 Dec 2026 19:00:00 GMT", etag, lastModified)).toBe(true);
    expect(ifRangeAllows(lastModified.toUTCString(), etag, lastModified)).toBe(true);
    expect(ifRangeAllows("Tuesday, 01-Dec-26 19:00:00 GMT", etag, lastModified)).toBe(true);
    expect(ifRangeAllows("Tue Dec  1 19:00:00 2026", etag, lastModified)).toBe(true);
  });

  it("refuses another date, and one that only Date.parse would read", () => {
    expect(ifRangeAllows("Tue, 01 Dec 2026 19:00:01 GMT", etag, lastModified)).toBe(false);
    expect(ifRangeAllows("Tue, 01 Dec 2026 18:59:59 GMT", etag, lastModified)).toBe(false);
    expect(ifRangeAllows("Tue, 01 Dec 2025 19:00:00 GMT", etag, lastModified)).toBe(false);
    expect(ifRangeAllows("2026-12-01T19:00:00Z", etag, lastModified)).toBe(false);
    expect(ifRangeAllows("Tue, 01 Dec 2026 19:00:00 +0000", etag, lastModified)).toBe(false);
    expect(ifRangeAllows("Tue, 1 Dec 2026 19:00:00 GMT", etag, lastModified)).toBe(false);
    expect(ifRangeAllows("tomorrow", etag, lastModified)).toBe(false);
  });
});

describe("parseHttpDate", () => {
  it("reads the preferred form and the two obsolete ones (RFC 9110 §5.6.7)", () => {
    const t = Date.UTC(1994, 10, 6, 8, 49, 37) / 1000;
    expect(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT")).toBe(t);
    expect(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT")).toBe(t);
    expect(parseHttpDate("Sun Nov  6 08:49:37 1994")).toBe(t);
    expect(parseHttpDate("Sun Nov 16 08:49:37 1994")).toBe(t + 10 * 86400);
  });

  it("puts a two-digit year in the century nearest the reference date", () => {
    const near2026 = new Date("2026-06-01T00:00:00Z");
    expect(parseHttpDate("Monday, 01-Jan-26 00:00:00 GMT", near2026)).toBe(Date.UTC(2026, 0, 1) / 1000);
    expect(parseHttpDate("Monday, 01-Jan-99 00:00:00 GMT", near2026)).toBe(Date.UTC(1999, 0, 1) / 1000);
    expect(parseHttpDate("Monday, 01-Jan-70 00:00:00 GMT", near2026)).toBe(Date.UTC(2070, 0, 1) / 1000);
    expect(parseHttpDate("Monday, 01-Jan-77 00:00:00 GMT", near2026)).toBe(Date.UTC(1977, 0, 1) / 1000);
    expect(parseHttpDate("Monday, 01-Jan-01 00:00:00 GMT", new Date("2099-01-01T00:00:00Z"))).toBe(Date.UTC(2101, 0, 1) / 1000);
  });

  it("refuses impossible dates and times", () => {
    expect(parseHttpDate("Sat, 31 Feb 2026 00:00:00 GMT")).toBeNull();
    expect(parseHttpDate("Sat, 00 Feb 2026 00:00:00 GMT")).toBeNull();
    expect(parseHttpDate("Sat, 01 Feb 2026 24:00:00 GMT")).toBeNull();
    expect(parseHttpDate("Sat, 01 Feb 2026 23:60:00 GMT")).toBeNull();
    expect(parseHttpDate("Sat, 01 Feb 2026 23:59:61 GMT")).toBeNull();
    expect(parseHttpDate("Sat, 01 Foo 2026 00:00:00 GMT")).toBeNull();
    expect(parseHttpDate("Xyz, 01 Feb 2026 00:00:00 GMT")).toBeNull();
    expect(parseHttpDate("")).toBeNull();
  });

  it("takes a leap second as the second before the minute", () => {
    expect(parseHttpDate("Sat, 31 Dec 2016 23:59:60 GMT")).toBe(Date.UTC(2016, 11, 31, 23, 59, 59) / 1000);
  });
});

describe("contentDisposition", () => {
  it("names a plain file twice, the same way", () => {
    expect(contentDisposition("les-veilleurs.webm")).toBe(`attachment; filename="les-veilleurs.webm"; filename*=UTF-8''les-veilleurs.webm`);
  });

  it("can ask the browser to show the file instead", () => {
    expect(contentDisposition("affiche.png", "inline")).toBe(`inline; filename="affiche.png"; filename*=UTF-8''affiche.png`);
  });

  it("gives an ASCII fallback and the real name in UTF-8 (RFC 8187)", () => {
    expect(contentDisposition("Les Veilleurs — été.mp4")).toBe(
      `attachment; filename="Les Veilleurs _ _t_.mp4"; filename*=UTF-8''Les%20Veilleurs%20%E2%80%94%20%C3%A9t%C3%A9.mp4`,
    );
    expect(contentDisposition("夜の番人.srt")).toBe(`attachment; filename="____.srt"; filename*=UTF-8''%E5%A4%9C%E3%81%AE%E7%95%AA%E4%BA%BA.srt`);
  });

  it("counts an emoji as one character in the fallback", () => {
    expect(contentDisposition("🎬.mp4")).toBe(`attachment; filename="_.mp4"; filename*=UTF-8''%F0%9F%8E%AC.mp4`);
  });

  it("drops quotes, backslashes and control characters from the fallback", () => {
    const header = contentDisposition('say "cut"\\\r\n\t\u0000\u007f.txt');
    expect(header).toBe(`attachment; filename="say cut.txt"; filename*=UTF-8''say%20%22cut%22%5C.txt`);
    // eslint-disable-next-line no-control-regex
    expect(header).not.toMatch(/[\u0000-\u001f\u007f]/);
  });

  it("percent-encodes whatever is not an attr-char, and keeps those that are", () => {
    expect(contentDisposition("a'b(c)*d;e%f=g.txt")).toContain(`filename*=UTF-8''a%27b%28c%29%2Ad%3Be%25f%3Dg.txt`);
    expect(contentDisposition("!#$&+-.^_`|~")).toContain("filename*=UTF-8''!#$&+-.^_`|~");
  });

  it("never leaves a name empty", () => {
    expect(contentDisposition('""')).toBe(`attachment; filename="download"; filename*=UTF-8''%22%22`);
    expect(contentDisposition("")).toBe(`attachment; filename="download"; filename*=UTF-8''download`);
  });

  it("round-trips any name through decodeURIComponent (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1 }), (name) => {
        const header = contentDisposition(name);
        // eslint-disable-next-line no-control-regex
        expect(header).not.toMatch(/[\u0000-\u001f\u007f-\uffff]/);
        const fallback = /filename="([^"]*)"/.exec(header)?.[1];
        expect(fallback).toBeDefined();
        const encoded = /filename\*=UTF-8''(\S+)$/.exec(header)?.[1] ?? "";
        // eslint-disable-next-line no-control-regex
        const clean = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
        if (clean !== "") expect(decodeURIComponent(encoded)).toBe(clean);
      }),
    );
  });
});
