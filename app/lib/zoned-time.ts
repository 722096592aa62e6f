// Wall-clock times in a zone ("20:30 in Europe/Paris") and the instants they are: a
// venue's screenings, and every time a person reads or types in their own zone
// (docs/decisions/0035). Pure.

/** The cookie in which the browser tells the server its zone (set by the page's script). */
export const timeZoneCookie = "claquette_tz";

/** In the browser: tell the server this browser's zone, once, for the pages that follow. */
export function rememberTimeZone() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return;
  const value = encodeURIComponent(zone);
  if (document.cookie.split("; ").includes(`${timeZoneCookie}=${value}`)) return;
  document.cookie = `${timeZoneCookie}=${value}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

/** The zone a page is shown in when the browser has not said its own. */
export const fallbackTimeZone = "UTC";

let known: Set<string> | undefined;
function knownZones(): Set<string> {
  // supportedValuesOf leaves out "UTC" itself, which Intl accepts and browsers report.
  known ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
  return known;
}

/**
 * The zone's canonical IANA name ("europe/paris" → "Europe/Paris", "Etc/UTC" → "UTC"), or
 * null when it is not a zone this runtime knows.
 */
export function canonicalTimeZone(zone: string | null | undefined): string | null {
  if (!zone || zone.length > 60 || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return null;
  try {
    const resolved = new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
    // An alias resolves to its canonical name; the list holds canonical names only.
    return knownZones().has(resolved) ? resolved : null;
  } catch {
    return null;
  }
}

export function isTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== null;
}

/** How far `zone` is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, zone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(instant / 1000) * 1000;
}

const DAY_MS = 24 * 3600_000;

/**
 * "2026-12-01T20:30" on the wall clocks of `zone` → the instant; null when malformed.
 * Across a change of the clocks it does what calendars do (Temporal's "compatible"): a
 * time the clocks skip (02:30 when 02:00 becomes 03:00) is read with the offset before the
 * change, so it lands as late as the skip (03:30); a time that happens twice (01:30 when
 * 02:00 becomes 01:00) is the first of the two.
 */
export function instantAt(local: string, zone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m || !isTimeZone(zone)) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Date.UTC rolls 31 Feb over into March: such a date does not exist.
  if (new Date(wall).getUTCDate() !== day) return null;
  // No zone changes its offset twice within two days: the offsets a day either side are
  // the only candidates.
  const before = offsetAt(wall - DAY_MS, zone);
  const after = offsetAt(wall + DAY_MS, zone);
  const candidates = [wall - before, wall - after].filter((t) => t + offsetAt(t, zone) === wall).sort((a, b) => a - b);
  return new Date(candidates[0] ?? wall - before);
}

/** The instant as the wall clock of `zone`, for a datetime-local field. */
export function localAt(instant: Date, zone: string): string {
  const shifted = new Date(instant.getTime() + offsetAt(instant.getTime(), zone));
  return shifted.toISOString().slice(0, 16);
}
