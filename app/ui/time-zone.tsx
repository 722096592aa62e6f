// The browser tells the server its zone in a cookie, so that the next page is rendered in
// it and hydrates without a different time flashing in (docs/decisions/0035).
import { useEffect } from "react";
import { canonicalTimeZone, timeZoneCookie } from "~/lib/zoned-time";
import { ErrorText, type FormState } from "./form";
import { useTimeZone } from "./i18n";

/** The zone the page on screen was rendered in (the root loader's), once running. */
let shownZone: string | null = null;

/**
 * Whether the browser's zone differs from the one the page was rendered in: a client
 * navigation then re-reads the root's data, so the next page is in the browser's zone
 * without waiting for a full load (docs/decisions/0041).
 */
export function zoneToCatchUp(): boolean {
  if (shownZone === null || typeof Intl === "undefined") return false;
  const zone = canonicalTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
  return zone !== null && zone !== shownZone;
}

export function useRememberTimeZone() {
  const shown = useTimeZone();
  useEffect(() => {
    shownZone = shown;
  }, [shown]);
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    const value = encodeURIComponent(zone);
    if (document.cookie.split("; ").includes(`${timeZoneCookie}=${value}`)) return;
    document.cookie = `${timeZoneCookie}=${value}; Path=/; Max-Age=31536000; SameSite=Lax`;
  }, []);
}

/**
 * The zone the page shows its times in, posted with a form: its datetime-local fields are
 * read in it, as their label says.
 */
export function TimeZoneField({ state }: { state?: FormState }) {
  return (
    <>
      <input type="hidden" name="timeZone" value={useTimeZone()} />
      <ErrorText id="timeZone-error" error={state?.errors?.timeZone} />
    </>
  );
}
