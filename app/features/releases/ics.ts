// The screenings calendar (RFC 5545) that viewers subscribe to from their calendar app.
// Written by hand: a handful of properties, every text escaped, lines folded. Pure.

export type Screening = {
  /** Stable across edits, and unique beyond this studio (e.g. "screening-42@studio.example.org"). */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  location: string;
  description: string;
  url: string;
  updated: Date;
};

const CRLF = "\r\n";
const FOLD_OCTETS = 75;
const encoder = new TextEncoder();

/** A date-time in UTC, the form every calendar reads without a VTIMEZONE: 20261201T190000Z. */
export function icsDateTime(date: Date): string {
  const t = date.getTime();
  // Years outside 0000–9999 have no DATE-TIME form.
  if (Number.isNaN(t) || date.getUTCFullYear() < 0 || date.getUTCFullYear() > 9999) throw new RangeError(`not a calendar date: ${String(date)}`);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return (
    `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`
  );
}

/**
 * A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line breaks as
 * "\n". Other control characters are not allowed in TEXT at all, so they go.
 */
export function icsText(value: string): string {
  return (
    value
      .replace(/\r\n|\r|\n/g, "\n")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, "")
      .replace(/[\\;,\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`))
  );
}

// A URI value is not escaped like TEXT, but it cannot hold a line break or a control character.
// eslint-disable-next-line no-control-regex
const icsUri = (value: string) => value.replace(/[\u0000-\u001F\u007F]/g, "");

/**
 * Fold a content line to lines of at most 75 octets (RFC 5545 §3.1), each continuation
 * starting with one space. Cuts fall between code points, never inside a UTF-8 sequence,
 * so a calendar that checks its input does not see broken characters.
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= FOLD_OCTETS) return line;
  const lines: string[] = [];
  let current = "";
  let octets = 0;
  let limit = FOLD_OCTETS;
  for (const ch of line) {
    const size = utf8Length(ch.codePointAt(0)!);
    if (octets + size > limit) {
      lines.push(current);
      current = "";
      octets = 0;
      limit = FOLD_OCTETS - 1; // the leading space counts
    }
    current += ch;
    octets += size;
  }
  lines.push(current);
  return lines.join(`${CRLF} `);
}

const utf8Length = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/**
 * The calendar of a production's screenings. DTSTAMP is each screening's last change, not
 * the time of the request: the same screenings give the same bytes, so the feed can carry
 * an ETag and calendar apps are not told of changes that did not happen. A production with
 * no screenings yet gets a calendar with no events: RFC 5545 asks for one component, but
 * calendar apps take it, and a subscription made early must not break.
 */
export function screeningsCalendar(o: { prodId: string; name: string; events: Screening[] }): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", `PRODID:${icsText(o.prodId)}`, "CALSCALE:GREGORIAN", "METHOD:PUBLISH", `X-WR-CALNAME:${icsText(o.name)}`];
  for (const e of o.events) {
    if (e.end.getTime() <= e.start.getTime()) throw new RangeError(`screening ${e.uid} ends before it starts`);
    lines.push("BEGIN:VEVENT", `UID:${icsText(e.uid)}`, `DTSTAMP:${icsDateTime(e.updated)}`, `DTSTART:${icsDateTime(e.start)}`, `DTEND:${icsDateTime(e.end)}`);
    lines.push(`SUMMARY:${icsText(e.summary)}`);
    // Empty properties say nothing, and some calendars show them as blank fields.
    if (e.location) lines.push(`LOCATION:${icsText(e.location)}`);
    if (e.description) lines.push(`DESCRIPTION:${icsText(e.description)}`);
    if (e.url) lines.push(`URL:${icsUri(e.url)}`);
    lines.push(`LAST-MODIFIED:${icsDateTime(e.updated)}`, "END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map((l) => foldLine(l) + CRLF).join("");
}

/**
 * The calendar's webcal:// address: calendar apps subscribe to it (and fetch it again
 * for changes) where the https:// one only downloads a file. Same host and path.
 */
export function webcalUrl(httpUrl: string): string {
  const u = new URL(httpUrl);
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(`not a web address: ${httpUrl}`);
  return `webcal://${u.host}${u.pathname}${u.search}`;
}
