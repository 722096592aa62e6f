// ISO weeks (Monday to Sunday, UTC) for the weekly production log: "2026-W47". Pure.

/** The ISO week a moment falls in, e.g. "2026-W47". */
export function isoWeekOf(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday); // the Thursday of that week names its year
  const year = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The week's first instant (Monday 00:00 UTC) and the next week's; null for a malformed week. */
export function weekRange(week: string): { start: Date; end: Date } | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > 53) return null;
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const start = new Date(jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * 86_400_000 + (n - 1) * 7 * 86_400_000);
  if (isoWeekOf(start) !== week) return null; // W53 of a year that has 52
  return { start, end: new Date(start.getTime() + 7 * 86_400_000) };
}

export function shiftWeek(week: string, by: number): string | null {
  const range = weekRange(week);
  return range ? isoWeekOf(new Date(range.start.getTime() + by * 7 * 86_400_000)) : null;
}
