// Components read the locale chosen by the root loader.
import { useRouteLoaderData } from "react-router";
import { defaultLocale, formatDate, translator, type Locale } from "~/lib/i18n";

type RootData = { locale: Locale };

export function useLocale(): Locale {
  return (useRouteLoaderData("root") as RootData | undefined)?.locale ?? defaultLocale;
}

export function useT() {
  return translator(useLocale());
}

export function useFormatDate() {
  const locale = useLocale();
  return (date: Date | string, withTime = false) => formatDate(locale, date, withTime);
}
