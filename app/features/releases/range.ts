// Byte ranges for release downloads (RFC 9110 §14, §13.1.5) and the file name a download
// is saved under (RFC 6266, RFC 8187). Pure: the download route turns the answers into
// 200, 206 or 416 responses.

export type RangeAnswer = { kind: "full" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

const FULL = { kind: "full" } as const;
const UNSATISFIABLE = { kind: "unsatisfiable" } as const;

// first-pos "-" last-pos, first-pos "-", or "-" suffix-length; digits only, no spaces.
const RANGE_SPEC = /^(\d*)-(\d*)$/;

/**
 * Which bytes of a file of `size` bytes a Range header asks for. A server may always
 * ignore Range (RFC 9110 §14.2), so anything we do not serve — a malformed header, another
 * unit, several ranges (multipart/byteranges) — is answered with the whole reel: "full".
 * `end` is inclusive, as in Content-Range.
 */
export function parseRange(header: string | null | undefined, size: number): RangeAnswer {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`file size must be a whole number of bytes, not ${size}`);
  if (!header) return FULL;
  const value = header.trim();
  const eq = value.indexOf("=");
  // The range unit is case-insensitive (§14.1).
  if (eq < 0 || value.slice(0, eq).toLowerCase() !== "bytes") return FULL;
  // A list may hold empty elements (§5.6.1): "bytes=0-99," is one range.
  const specs = value
    .slice(eq + 1)
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (specs.length !== 1) return FULL;
  const m = RANGE_SPEC.exec(specs[0]!);
  if (!m) return FULL;
  const [, first = "", last = ""] = m;

  if (first === "") {
    if (last === "") return FULL; // "bytes=-": no number at all
    const suffix = Number(last);
    if (suffix === 0) return UNSATISFIABLE;
    // A suffix longer than the file selects all of it; an empty file has no bytes to send
    // in a 206, so it goes out whole (and empty) as a 200.
    if (size === 0) return FULL;
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }

  const start = Number(first);
  if (last !== "" && Number(last) < start) return FULL; // last-pos < first-pos: invalid, so ignored
  if (start >= size) return UNSATISFIABLE;
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: "partial", start, end };
}

/**
 * Whether a Range may be honoured given the request's If-Range (RFC 9110 §13.1.5): only
 * when the client's copy is still ours, else it must get the whole file again. No If-Range
 * means no condition. `etag` is our ETag as sent (quotes optional); weak tags never match
 * because If-Range needs the strong comparison. A date matches only when it is exactly
 * our Last-Modified, to the second (HTTP dates have no finer grain).
 */
export function ifRangeAllows(ifRange: string | null | undefined, etag: string, lastModified: Date): boolean {
  if (ifRange === null || ifRange === undefined) return true;
  const value = ifRange.trim();
  if (value === "") return true;
  if (value.startsWith('"') || value.startsWith("W/")) {
    const ours = etag.startsWith('"') || etag.startsWith("W/") ? etag : `"${etag}"`;
    return value.startsWith('"') && !ours.startsWith("W/") && value === ours;
  }
  const seconds = parseHttpDate(value, lastModified);
  return seconds !== null && seconds === Math.floor(lastModified.getTime() / 1000);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_DAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
// The three forms a recipient must accept (RFC 9110 §5.6.7).
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/**
 * An HTTP-date in seconds since the epoch, or null. Strict where Date.parse is lenient
 * ("2026" is not a date). A two-digit RFC 850 year takes the century that puts it nearest
 * `near`, which keeps the function pure (the RFC's "50 years" rule needs a clock).
 */
export function parseHttpDate(value: string, near: Date = new Date(Date.UTC(2000, 0, 1))): number | null {
  let day: string, month: string, year: number, hh: string, mm: string, ss: string;
  let m = IMF_FIXDATE.exec(value);
  if (m) {
    [, day = "", month = "", , hh = "", mm = "", ss = ""] = m;
    year = Number(m[3]);
  } else if ((m = RFC850_DATE.exec(value))) {
    [, day = "", month = "", , hh = "", mm = "", ss = ""] = m;
    const base = Number.isNaN(near.getTime()) ? 2000 : near.getUTCFullYear();
    year = Math.floor(base / 100) * 100 + Number(m[3]);
    if (year - base > 50) year -= 100;
    else if (base - year > 50) year += 100;
  } else if ((m = ASCTIME_DATE.exec(value))) {
    [, month = "", day = "", hh = "", mm = "", ss = ""] = m;
    year = Number(m[6]);
  } else {
    return null;
  }
  const monthIndex = MONTHS.indexOf(month);
  const [d, h, mi, s] = [Number(day), Number(hh), Number(mm), Number(ss)];
  if (h > 23 || mi > 59 || s > 60) return null;
  // A leap second stands for the second before the next minute.
  const ms = Date.UTC(year, monthIndex, d, h, mi, Math.min(s, 59));
  const check = new Date(ms);
  // Date.UTC rolls 31 Feb over into March: such a date does not exist.
  if (check.getUTCDate() !== d || check.getUTCMonth() !== monthIndex) return null;
  return ms / 1000;
}

// attr-char (RFC 8187 §3.2.1): what may stand unencoded in filename*.
const ATTR_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/;
// Controls would let a name break the header or trick the viewer's file manager.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001F\u007F-\u009F]/g;

/**
 * Content-Disposition for a download: an ASCII `filename` for old clients and the real name
 * in UTF-8 as `filename*`, which every current browser prefers (RFC 6266 §4.3).
 */
export function contentDisposition(filename: string, type: "attachment" | "inline" = "attachment"): string {
  const name = filename.replace(CONTROLS, "");
  let fallback = "";
  for (const ch of name) {
    if (ch === '"' || ch === "\\") continue;
    fallback += ch.codePointAt(0)! < 0x80 ? ch : "_";
  }
  if (fallback.trim() === "") fallback = "download";
  let encoded = "";
  for (const byte of new TextEncoder().encode(name)) {
    const ch = String.fromCharCode(byte);
    encoded += ATTR_CHAR.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  if (encoded === "") encoded = "download";
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
