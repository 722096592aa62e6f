// Storage allowances (decision 0023): what one person may keep in wiki images and
// submitted work, and what one production may keep in everything (release files,
// unfinished uploads by their announced length, wiki images, submissions). Pure: the
// server measures, this decides and words the numbers.
import type { Locale } from "~/lib/i18n";

export const DEFAULT_PERSON_QUOTA = 2 * 1024 ** 3;
export const DEFAULT_PRODUCTION_QUOTA = 50 * 1024 ** 3;

const units: Record<string, number> = { b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12 };

/** "2GiB", "500 MiB", "50GB" or a number of bytes; null when it is none of these. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = units[(m?.[2] || "b").toLowerCase()];
  if (!m || !unit) return null;
  const bytes = Math.floor(Number(m[1]) * unit);
  return Number.isSafeInteger(bytes) ? bytes : null;
}

export type Quotas = { person: number; production: number };

/** The allowances this instance gives (STORAGE_QUOTA_PERSON, STORAGE_QUOTA_PRODUCTION), or the defaults. */
export function quotasFrom(env: Record<string, string | undefined>): Quotas {
  const read = (name: string, fallback: number) => {
    const value = env[name];
    if (value === undefined || value === "") return fallback;
    const bytes = parseSize(value);
    if (bytes === null) throw new Error(`${name}: not a size (e.g. 2GiB, 500MiB): ${value}`);
    return bytes;
  };
  return { person: read("STORAGE_QUOTA_PERSON", DEFAULT_PERSON_QUOTA), production: read("STORAGE_QUOTA_PRODUCTION", DEFAULT_PRODUCTION_QUOTA) };
}

export type Usage = { person: number | null; production: number };

export type QuotaProblem = { key: "storage.personFull" | "storage.productionFull"; used: number; limit: number; size: number };

/** Whether `size` more bytes fit; the person's allowance is checked first (it is the one they can act on). */
export function quotaProblem(usage: Usage, quotas: Quotas, size: number): QuotaProblem | null {
  if (usage.person !== null && usage.person + size > quotas.person) return { key: "storage.personFull", used: usage.person, limit: quotas.person, size };
  if (usage.production + size > quotas.production) return { key: "storage.productionFull", used: usage.production, limit: quotas.production, size };
  return null;
}

const unitNames: Record<Locale, string[]> = { en: ["B", "KiB", "MiB", "GiB", "TiB"], fr: ["o", "Kio", "Mio", "Gio", "Tio"] };

/** 2147483648 → "2 GiB" (in French "2 Gio"). */
export function formatSize(bytes: number, locale: Locale): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit && value < 100 ? 1 : 0 }).format(value)} ${unitNames[locale][unit]}`;
}

/** The words for a problem's numbers, in the reader's language. */
export const quotaVars = (p: QuotaProblem, locale: Locale) => ({ used: formatSize(p.used, locale), limit: formatSize(p.limit, locale), size: formatSize(p.size, locale) });
