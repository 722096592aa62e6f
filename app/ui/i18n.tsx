// Components read the locale chosen by the root loader.
import { useRouteError, useRouteLoaderData } from "react-router";
import { isTooLarge } from "~/lib/body-limit";
import { defaultLocale, formatDate, translator, type Locale } from "~/lib/i18n";

type RootData = { locale: Locale };

export function useLocale(): Locale {
  const root = useRouteLoaderData("root") as RootData | undefined;
  // An action's error comes without the root loader's data; a 413 says the language itself.
  const error = useRouteError() as { data?: unknown } | undefined;
  return root?.locale ?? (isTooLarge(error?.data) ? error.data.locale : defaultLocale);
}

export function useT() {
  return translator(useLocale());
}

export function useFormatDate() {
  const locale = useLocale();
  return (date: Date | string, withTime = false) => formatDate(locale, date, withTime);
}
