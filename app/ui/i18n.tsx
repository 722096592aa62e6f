// Components read the locale chosen by the root loader.
import { useRouteError, useRouteLoaderData } from "react-router";
import { isTooLarge } from "~/lib/body-limit";
import { fallbackTimeZone } from "~/lib/zoned-time";
import { defaultLocale, formatDate, translator, type Locale } from "~/lib/i18n";

type RootData = { locale: Locale; timeZone?: string };

export function useLocale(): Locale {
  const root = useRouteLoaderData("root") as RootData | undefined;
  // An action's error comes without the root loader's data; a 413 says the language itself.
  const error = useRouteError() as { data?: unknown } | undefined;
  return root?.locale ?? (isTooLarge(error?.data) ? error.data.locale : defaultLocale);
}

/** The zone the page shows times in: the browser's, once it has said it (docs/decisions/0035). */
export function useTimeZone(): string {
  const root = useRouteLoaderData("root") as RootData | undefined;
  return root?.timeZone ?? fallbackTimeZone;
}

export function useT() {
  return translator(useLocale());
}

export function useFormatDate() {
  const locale = useLocale();
  const timeZone = useTimeZone();
  return (date: Date | string, withTime = false) => formatDate(locale, date, withTime, timeZone);
}
