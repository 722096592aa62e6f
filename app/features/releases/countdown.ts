// What is left before a premiere, in words a person reads at a glance ("2 days 4 hours"),
// and when those words next change, so a page updates itself no more often than that.
// Pure: the page gives it the milliseconds left on the browser's clock (decision 0046).

export type CountdownUnit = "days" | "hours" | "minutes" | "seconds";
export type CountdownPart = { unit: CountdownUnit; count: number };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The two largest units left, zeros left out: "2 days 4 hours", "3 hours 5 minutes",
 * "12 minutes"; seconds only in the last minute, counted up so the last one reads "1
 * second" rather than "0". Nothing once the time has come.
 */
export function timeLeft(ms: number): CountdownPart[] {
  if (ms <= 0) return [];
  if (ms < MINUTE) return [{ unit: "seconds", count: Math.ceil(ms / SECOND) }];
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  const parts: CountdownPart[] = days
    ? [
        { unit: "days", count: days },
        { unit: "hours", count: hours },
      ]
    : hours
      ? [
          { unit: "hours", count: hours },
          { unit: "minutes", count: minutes },
        ]
      : [{ unit: "minutes", count: minutes }];
  return parts.filter((p) => p.count > 0);
}

/**
 * Milliseconds until the words may change: every second in the last two minutes, else at
 * the next whole minute left (the words show minutes at most), and just after the time
 * itself so the page can fetch the film then. Never less than a few milliseconds.
 */
export function nextChange(ms: number): number {
  if (ms <= 0) return 0;
  const step = ms <= 2 * MINUTE ? SECOND : MINUTE;
  return (ms % step || step) + 5;
}

/** A unit's words in the page's language: "{count} days", and its form for one. */
export type CountdownWords = { now: string } & Record<CountdownUnit, { one: string; other: string }>;

/** "2 days 4 hours" in the page's language, as the page and the visitor's island both write it. */
export function wordsLeft(ms: number, words: CountdownWords, plural: Intl.PluralRules): string {
  const parts = timeLeft(ms);
  if (!parts.length) return words.now;
  return parts.map(({ unit, count }) => (plural.select(count) === "one" ? words[unit].one : words[unit].other).replace("{count}", String(count))).join(" ");
}
