// The browser tells the server its zone in a cookie, so that the next page is rendered in
// it and hydrates without a different time flashing in (docs/decisions/0035).
import { useEffect } from "react";
import { rememberTimeZone } from "~/lib/zoned-time";
import { ErrorText, type FormState } from "./form";
import { useTimeZone } from "./i18n";

export function useRememberTimeZone() {
  useEffect(rememberTimeZone, []);
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
