// Translation: English and French from day one. Pure functions; the root loader
// picks the locale and components read it through useT() (app/ui/i18n.tsx).
import { catalogs } from "./i18n/catalogs";
import type { MessageKey } from "./i18n/en";

export type { MessageKey };
export const locales = ["en", "fr"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";
export const localeCookie = "claquette_lang";

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && value in (catalogs.en ?? catalogs.fr ?? {});
}

const pluralRulesOf = new Map<string, Intl.PluralRules>();
/** A language's plural rules, made once: making them costs more than a page's every use. */
export function pluralRules(locale: string): Intl.PluralRules {
  let rules = pluralRulesOf.get(locale);
  if (!rules) pluralRulesOf.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}

export function translator(locale: Locale): Translate {
  // In the browser only the page's language is loaded (catalogs.browser.ts).
  const catalog = catalogs[locale] ?? catalogs.en ?? catalogs.fr ?? {};
  const plural = pluralRules(locale);
  return (key, vars) => {
    // "{count} members" has a "….one" form for one (and, in French, for zero). A count
    // may come written out ("1", "2 3/8" pages): a plain number in it counts too.
    const count = typeof vars?.count === "string" && /^\d+$/.test(vars.count) ? Number(vars.count) : vars?.count;
    const form = typeof count === "number" && plural.select(count) === "one" ? catalog[`${key}.one`] : undefined;
    const text = form ?? catalog[key] ?? catalogs.en?.[key] ?? key;
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
  };
}

/** The locale from the remembered choice, else the browser's Accept-Language, else English. */
export function negotiateLocale(cookieValue: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookieValue)) return cookieValue;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { lang: tag.toLowerCase().split("-")[0] ?? "", q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((x) => x.lang && !Number.isNaN(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((x) => x.lang).find(isLocale) ?? defaultLocale;
}

/**
 * A command line's locale, as POSIX tools choose theirs: LC_ALL, else LC_MESSAGES, else
 * LANG ("fr_FR.UTF-8" is French); English for "C", "POSIX", unset or another language.
 */
export function localeOfEnvironment(env: Record<string, string | undefined>): Locale {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  const lang = value.toLowerCase().split(/[_.@-]/)[0];
  return isLocale(lang) ? lang : defaultLocale;
}

// Making a DateTimeFormat costs far more than using one (a page formats dozens of dates):
// each is made once per language, options and zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** A DateTimeFormat made once for these options (a bad zone throws, and is never kept). */
export function dateTimeFormat(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag} ${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(tag, options);
    if (dateFormats.size >= 1_000) dateFormats.clear(); // zones come from data
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * A date, or a moment with its time. A moment reads on the wall clock of `timeZone` (the
 * viewer's, docs/decisions/0035) and names that zone, so no one mistakes it for their own:
 * "Sat, 4 Dec 2027, 20:30 (Pacific/Auckland)". A date alone stays a calendar date (a due
 * date, a shooting day), the same for everyone, as it was stored.
 */
export function formatDate(locale: Locale, date: Date | string, withTime = false, timeZone = "UTC"): string {
  const tag = locale === "fr" ? "fr-FR" : "en-GB";
  if (!withTime) return dateTimeFormat(tag, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(date));
  const moment = dateTimeFormat(tag, { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
  return `${moment.format(new Date(date))} (${timeZone})`;
}
