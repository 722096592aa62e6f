// Public pages rendered once for every anonymous visitor and served from memory until
// something they show changes (docs/decisions/0050). Any committed write to a table a
// public page may show bumps the generation (server/page-invalidation.ts, through
// PostgreSQL notifications, so every process hears every other); a time a page changes
// by itself (a premiere, a poll opening or closing) ends the entries before it comes.
import { createHash } from "node:crypto";
import { negotiateLocale, localeCookie } from "../app/lib/i18n.ts";
import { REFUSED_COOKIE } from "../app/lib/refused.ts";
import { canonicalTimeZone, fallbackTimeZone, timeZoneCookie } from "../app/lib/zoned-time.ts";

/** The only cookies a cached page may be served with: they choose its language and zone, both in the key. */
const KEYED_COOKIES = new Set([localeCookie, timeZoneCookie]);
export { REFUSED_COOKIE };

/** In memory, a page is rendered again after this long at the latest (counts of plays and downloads, which do not invalidate). */
export const MAX_AGE_MS = 60_000;
/** What a shared cache (CDN, nginx) may hold without asking, and serve stale while it asks. */
export const SHARED_MAX_AGE_S = 10;
export const STALE_WHILE_REVALIDATE_S = 60;
const MAX_ENTRIES = 2_000;
const MAX_BYTES = 128 * 1024 * 1024;

export type CookieJar = Map<string, string>;

export function cookiesOf(header: string | undefined): CookieJar {
  const jar: CookieJar = new Map();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (name) jar.set(name, eq < 0 ? "" : part.slice(eq + 1).trim());
  }
  return jar;
}

/**
 * The cache key of a request, or null when its page must be rendered for it alone: not a
 * GET, or a cookie other than language and zone (a session — signed in or not valid any
 * more —, a refusal to show, or one we do not know: it might change the page).
 * `origin` is in the key: a page may hold absolute links built from the request's host.
 */
export function pageKey(request: { method: string; origin: string; url: string; cookie: string | undefined; acceptLanguage: string | undefined }): string | null {
  if (request.method !== "GET") return null;
  const jar = cookiesOf(request.cookie);
  for (const name of jar.keys()) if (!KEYED_COOKIES.has(name)) return null;
  const decode = (v: string | undefined) => {
    try {
      return v === undefined ? undefined : decodeURIComponent(v);
    } catch {
      return undefined;
    }
  };
  const locale = negotiateLocale(decode(jar.get(localeCookie)), request.acceptLanguage ?? null);
  const zone = canonicalTimeZone(decode(jar.get(timeZoneCookie))) ?? fallbackTimeZone;
  return `${locale} ${zone} ${request.origin}${request.url}`;
}

/** Whether an If-None-Match header names this ETag (weak comparison, as for GET). */
export function matchesETag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((t) => t.trim() === "*" || bare(t) === bare(etag));
}

/** Cache-Control of a cached page: shared caches hold it briefly, never past the next time it changes by itself. */
export function publicCacheControl(now: number, nextChangeAt: number): string {
  const left = Math.max(0, Math.floor((nextChangeAt - now) / 1000));
  const shared = Math.min(SHARED_MAX_AGE_S, left);
  const stale = Math.min(STALE_WHILE_REVALIDATE_S, left - shared);
  return `public, max-age=0, s-maxage=${shared}, stale-while-revalidate=${stale}`;
}

export type CachedPage = {
  status: number;
  headers: [string, string][];
  /** the body cut at each occurrence of the nonce it was rendered with: every response gets its own */
  parts: string[];
  bytes: number;
  etag: string;
  generation: number;
  expiresAt: number;
};

export type Rendered = { status: number; headers: [string, string][]; body: string };

/** Headers never kept: each response gets its own (the CSP and its nonce are set before the page). */
const PER_RESPONSE = new Set(["set-cookie", "content-security-policy", "date", "content-length", "transfer-encoding", "connection", "keep-alive", "etag", "cache-control", "vary"]);

export class PageCache {
  private entries = new Map<string, CachedPage>();
  private bytes = 0;
  private pending = new Map<string, Promise<CachedPage | null>>();
  /** Bumped by every change a page may show. */
  generation = 0;
  /** Off until the change notifications are heard (and whenever they are not): a missed one would serve a stale page. */
  private listening = false;
  /** The next instant a page changes by itself; null while unknown (nothing is stored then). */
  private nextChangeAt: number | null = null;
  private refreshing = false;
  private refreshAgain = false;

  /** `nextChange`: the next instant a public page changes with no write (a premiere, a poll opening…), or +Infinity. */
  constructor(
    private nextChange: () => Promise<number>,
    private now: () => number = Date.now,
  ) {}

  get enabled() {
    return this.listening;
  }

  /** Notifications are heard again (or for the first time): what was kept before may be stale. */
  listen(on: boolean) {
    this.listening = on;
    this.invalidate();
  }

  /** Something a page may show changed: every entry is stale. */
  invalidate() {
    this.generation++;
    this.entries.clear();
    this.bytes = 0;
    this.nextChangeAt = null;
    void this.refreshNextChange();
  }

  private async refreshNextChange() {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      do {
        this.refreshAgain = false;
        const generation = this.generation;
        const at = await this.nextChange().catch(() => null);
        if (generation === this.generation && !this.refreshAgain) this.nextChangeAt = at;
      } while (this.refreshAgain);
    } finally {
      this.refreshing = false;
    }
  }

  /** The fresh entry for this key, if any. */
  get(key: string): CachedPage | undefined {
    if (!this.listening) return undefined;
    const now = this.now();
    if (this.nextChangeAt !== null && now >= this.nextChangeAt) {
      // A page changed by itself (a premiere hour has come): everything is rendered again.
      this.invalidate();
      return undefined;
    }
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.generation !== this.generation || now >= entry.expiresAt) {
      this.drop(key, entry);
      return undefined;
    }
    // Recently used last: the oldest is dropped first when the cache is full.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** Cache-Control for a page served from here. */
  cacheControl(entry: CachedPage): string {
    return publicCacheControl(this.now(), this.nextChangeAt ?? entry.expiresAt);
  }

  /**
   * The page for this key: fresh from the cache, or rendered once by `render` for
   * everyone asking meanwhile. null: not kept (not a 200, a cookie set, or a change came
   * during the render) — the caller renders it for itself.
   */
  async fill(key: string, nonce: string, render: () => Promise<Rendered | null>): Promise<{ entry: CachedPage | null; rendered?: Rendered }> {
    const hit = this.get(key);
    if (hit) return { entry: hit };
    const waiting = this.pending.get(key);
    if (waiting) return { entry: await waiting.catch(() => null) };
    let rendered: Rendered | null = null;
    const job = (async () => {
      const generation = this.generation;
      rendered = await render();
      return this.store(key, generation, nonce, rendered);
    })();
    this.pending.set(key, job);
    try {
      const entry = await job;
      return { entry, rendered: rendered ?? undefined };
    } finally {
      this.pending.delete(key);
    }
  }

  private store(key: string, generation: number, nonce: string, rendered: Rendered | null): CachedPage | null {
    // Rendered before a change it may not show, or while changes could not be heard: not kept.
    if (!rendered || !this.listening || generation !== this.generation || this.nextChangeAt === null) return null;
    if (rendered.status !== 200 || rendered.headers.some(([k]) => k.toLowerCase() === "set-cookie")) return null;
    if (rendered.headers.some(([k, v]) => k.toLowerCase() === "cache-control" && /private|no-store/i.test(v))) return null;
    const now = this.now();
    const expiresAt = Math.min(now + MAX_AGE_MS, this.nextChangeAt);
    if (expiresAt <= now) return null;
    const parts = nonce ? rendered.body.split(nonce) : [rendered.body];
    const hash = createHash("sha256");
    for (const p of parts) hash.update(p).update("\0nonce\0");
    const entry: CachedPage = {
      status: rendered.status,
      headers: rendered.headers.filter(([k]) => !PER_RESPONSE.has(k.toLowerCase())),
      parts,
      bytes: rendered.body.length * 2,
      etag: `W/"${hash.digest("base64url").slice(0, 27)}"`,
      generation,
      expiresAt,
    };
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && this.bytes <= MAX_BYTES) break;
      this.drop(k, e);
    }
    return entry;
  }

  private drop(key: string, entry: CachedPage) {
    if (this.entries.get(key) === entry) {
      this.entries.delete(key);
      this.bytes -= entry.bytes;
    }
  }

  get size() {
    return this.entries.size;
  }
}
