// How large a request body a route accepts. The server counts every body as it
// streams in and cuts it at the limit of the route it is for (server/react-router.ts),
// whatever Content-Length says: the action reading it then fails with a 413 that the
// error page explains. Routes that take files say so in their `handle`:
//
//   export const handle: BodyLimitHandle = { bodyLimit: 6 * MiB };
//
// Release files do not come this way: they stream to disk through tus (/uploads),
// which has its own limit (app/features/releases/uploads.server.ts).
import { isLocale, type Locale } from "./i18n";

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** Forms of text: the longest field (10,000 characters) is at most ~90 kB URL-encoded. */
export const DEFAULT_BODY_LIMIT = 256 * KiB;

export type BodyLimitHandle = { bodyLimit?: number };

/** The limit for a request matched to these routes (an index route and its parent, say): the largest any declares. */
export function bodyLimitOf(handles: readonly unknown[]): number {
  let limit = DEFAULT_BODY_LIMIT;
  for (const h of handles) {
    const declared = (h as BodyLimitHandle | undefined)?.bodyLimit;
    if (typeof declared === "number" && declared > limit) limit = declared;
  }
  return limit;
}

/**
 * The 413's data. It carries the asker's language: an action's error shown by the root
 * boundary comes without the root loader's data, where the page finds it otherwise.
 */
export type TooLarge = { message: "tooLarge"; limit: number; locale: Locale };

export function isTooLarge(data: unknown): data is TooLarge {
  const d = data as TooLarge | null;
  return typeof d === "object" && d !== null && d.message === "tooLarge" && typeof d.limit === "number" && isLocale(d.locale);
}

/** What the body's reader fails with: a Response, so that an action that lets it through answers 413. */
export function tooLargeResponse(limit: number, locale: Locale): Response {
  const body: TooLarge = { message: "tooLarge", limit, locale };
  return Response.json(body, { status: 413 });
}

/** "256 kB", "6 MB"; "256 ko", "6 Mo". */
export function sizeLabel(bytes: number, locale: Locale): string {
  const [k, m] = locale === "fr" ? ["ko", "Mo"] : ["kB", "MB"];
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return bytes < MiB ? `${n.format(bytes / KiB)} ${k}` : `${n.format(bytes / MiB)} ${m}`;
}
