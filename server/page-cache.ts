// Public pages rendered once for every anonymous visitor and served from memory until
// something they show changes (docs/decisions/0050). A committed write to a table a
// public page may show says which production it touched (server/page-invalidation.ts,
// through PostgreSQL notifications, so every process hears every other): that
// production's pages are rendered again, Explore when it shows the row, everything when
// the production cannot be told. A time a page changes by itself (a premiere, a poll
// opening or closing) ends the entries before it comes.
import { createHash } from "node:crypto";
import { negotiateLocale, localeCookie } from "../app/lib/i18n.ts";
import { REFUSED_COOKIE } from "../app/lib/refused.ts";
import { uncachedReads, type SharedReads } from "../app/lib/shared-reads.server.ts";
import { canonicalTimeZone, fallbackTimeZone, timeZoneCookie } from "../app/lib/zoned-time.ts";

/** The only cookies a cached page may be served with: they choose its language and zone, both in the key. */
const KEYED_COOKIES = new Set([localeCookie, timeZoneCookie]);
export { REFUSED_COOKIE };

/** In memory, a page is rendered again after this long at the latest (counts of plays and downloads, which do not invalidate). */
export const MAX_AGE_MS = 60_000;
/** What a shared cache (CDN, nginx) may hold without asking, and serve stale while it asks. */
export const SHARED_MAX_AGE_S = 10;
export const STALE_WHILE_REVALIDATE_S = 60;
/** …and serve stale while the studio answers 5xx (its database restarting, say). */
export const STALE_IF_ERROR_S = 300;
/** How far a page may lag the live documents of its production (typing): rendered again at most this often. */
export const LIVE_TEXT_MS = 10_000;
const MAX_ENTRIES = 2_000;
const MAX_BYTES = 128 * 1024 * 1024;
/** Shared reads kept (see `PageCache.reads`): a production's few, for the productions being read. */
const MAX_READS = 5_000;

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
  const onError = Math.min(STALE_IF_ERROR_S, left - shared);
  return `public, max-age=0, s-maxage=${shared}, stale-while-revalidate=${stale}, stale-if-error=${onError}`;
}

/** The scope of Explore and of any page that is not one production's. */
export const GLOBAL_SCOPE = "*global";

/**
 * What a notification says changed: every page (`*`, or an empty payload), the pages
 * showing all productions (`g`), one production's pages (`p:<id>`), or one production's
 * live documents (`d:<id>`: its pages lag by at most LIVE_TEXT_MS).
 */
export type Change = { all: true } | { all: false; scope: string; live: boolean };

export function parseChange(payload: string): Change {
  if (payload === "g") return { all: false, scope: GLOBAL_SCOPE, live: false };
  const m = /^([pd]):(.+)$/.exec(payload);
  return m ? { all: false, scope: m[2]!, live: m[1] === "d" } : { all: true };
}

export type CachedPage = {
  status: number;
  headers: [string, string][];
  /** the body cut at each occurrence of the nonce it was rendered with (every response gets
   * its own), in UTF-8 once rather than at each response */
  parts: Buffer[];
  bytes: number;
  etag: string;
  /** the production whose writes end it (its id), or GLOBAL_SCOPE */
  scope: string;
  /** the change clock when its render began: a change to its scope heard after that ends it */
  start: number;
  expiresAt: number;
};

export type Rendered = { status: number; headers: [string, string][]; body: string };

/** What a page reads that is the same for every viewer, kept under the rules of the pages. */
type SharedRead = { value: unknown; scope: string; start: number; expiresAt: number };

/**
 * Reads of one scope for one request: `read(key, fn)` gives what `fn` read, from memory when
 * nothing of the scope changed since it was read. See `PageCache.reads`.
 */
export type { SharedReads };

/** Headers never kept: each response gets its own (the CSP and its nonce are set before the page). */
const PER_RESPONSE = new Set(["set-cookie", "content-security-policy", "date", "content-length", "transfer-encoding", "connection", "keep-alive", "etag", "cache-control", "vary"]);

export type PageCacheOptions = {
  now?: () => number;
  /**
   * Resolves once every change committed before the call has been heard (a round trip on
   * the listening connection): a page is served from memory only after it, so a visitor
   * never gets a page older than a write that finished before they asked.
   */
  sync?: () => Promise<void>;
  liveTextMs?: number;
};

export class PageCache {
  private entries = new Map<string, CachedPage>();
  private bytes = 0;
  private shared = new Map<string, SharedRead>();
  private pending = new Map<string, Promise<CachedPage | null>>();
  /** A logical clock, one tick per change heard; a render notes it when it begins. */
  private clock = 0;
  /** The tick of the last change to everything, and of the last change to each scope since. */
  private allChangedAt = 0;
  private changedAt = new Map<string, number>();
  /** Productions whose live documents changed, and when that change ends their pages. */
  private liveDue = new Map<string, number>();
  /** Off until the change notifications are heard (and whenever they are not): a missed one would serve a stale page. */
  private listening = false;
  /**
   * The pages kept when the notifications stopped, and until when they may be shown (the
   * next scheduled change then): served only to visitors the database cannot serve now.
   * Nothing can be written while it cannot be reached.
   */
  private held = new Map<string, CachedPage>();
  private heldUntil = 0;
  /** The next instant a page changes by itself; null while unknown (nothing is stored then). */
  private nextChangeAt: number | null = null;
  private refreshing = false;
  private refreshAgain = false;
  private now: () => number;
  private sync?: () => Promise<void>;
  private liveTextMs: number;

  /** `nextChange`: the next instant a public page changes with no write (a premiere, a poll opening…), or +Infinity. */
  constructor(
    private nextChange: () => Promise<number>,
    options: PageCacheOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.sync = options.sync;
    this.liveTextMs = options.liveTextMs ?? LIVE_TEXT_MS;
  }

  get enabled() {
    return this.listening;
  }

  /** Notifications are heard again (or for the first time): what was kept before may be stale. */
  listen(on: boolean) {
    if (!on && this.listening) {
      this.held = new Map(this.entries);
      this.heldUntil = this.nextChangeAt ?? 0;
    }
    if (on) this.held.clear();
    this.listening = on;
    this.invalidate();
  }

  /** The page kept for this key when the notifications stopped, while it may still be shown. */
  heldPage(key: string): CachedPage | undefined {
    if (this.listening || this.now() >= this.heldUntil) return undefined;
    return this.held.get(key);
  }

  /** Whether pages kept when the notifications stopped may be shown (see heldPage). */
  get holding() {
    return !this.listening && this.held.size > 0 && this.now() < this.heldUntil;
  }

  /** Something any page may show changed: every entry is stale. */
  invalidate() {
    this.allChangedAt = ++this.clock;
    this.changedAt.clear();
    this.liveDue.clear();
    this.entries.clear();
    this.shared.clear();
    this.bytes = 0;
    this.nextChangeAt = null;
    void this.refreshNextChange();
  }

  /** A change notification (parseChange). */
  changed(change: Change) {
    this.settleLive();
    if (change.all) return this.invalidate();
    if (change.live) {
      // Typing: the pages are ended once the delay is over, not at every group commit.
      if (!this.liveDue.has(change.scope)) this.liveDue.set(change.scope, this.now() + this.liveTextMs);
      return;
    }
    this.end(change.scope);
    // The write may have moved a scheduled change (a premiere, a poll's dates).
    void this.refreshNextChange();
  }

  private end(scope: string) {
    this.changedAt.set(scope, ++this.clock);
    for (const [key, entry] of this.entries) if (entry.scope === scope) this.drop(key, entry);
    for (const [key, read] of this.shared) if (read.scope === scope) this.shared.delete(key);
  }

  /** Live-document changes whose delay is over end their production's pages now. */
  private settleLive() {
    if (!this.liveDue.size) return;
    const now = this.now();
    for (const [scope, due] of this.liveDue) {
      if (due > now) continue;
      this.liveDue.delete(scope);
      this.end(scope);
    }
  }

  private fresh(scope: string, start: number) {
    return this.allChangedAt <= start && (this.changedAt.get(scope) ?? 0) <= start;
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
        const all = this.allChangedAt;
        const at = await this.nextChange().catch(() => null);
        if (all !== this.allChangedAt || this.refreshAgain) continue;
        this.nextChangeAt = at;
        // Pages kept while it was asked may not outlive a change that came sooner.
        if (at !== null) for (const entry of this.entries.values()) entry.expiresAt = Math.min(entry.expiresAt, at);
      } while (this.refreshAgain);
    } finally {
      this.refreshing = false;
    }
  }

  /** Ends what time has ended: everything at a scheduled change, a production's pages when its typing delay is over. */
  private settleTime(now: number) {
    // A page changed by itself (a premiere hour has come): everything is rendered again.
    if (this.nextChangeAt !== null && now >= this.nextChangeAt) this.invalidate();
    else this.settleLive();
  }

  /** The fresh entry for this key, if any. */
  get(key: string): CachedPage | undefined {
    if (!this.listening) return undefined;
    const now = this.now();
    this.settleTime(now);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (!this.fresh(entry.scope, entry.start) || now >= entry.expiresAt) {
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

  /** The entry for this key once every change committed before now has been heard. */
  private async heard(key: string): Promise<CachedPage | undefined> {
    if (this.sync) await this.sync().catch(() => undefined);
    return this.get(key);
  }

  /**
   * The page for this key: fresh from the cache, or rendered once by `render` for
   * everyone asking meanwhile. `scope` says whose writes end it (a production's id,
   * GLOBAL_SCOPE, or null: not kept). null: not kept (not a 200, a cookie set, or a
   * change came during the render) — the caller renders it for itself.
   */
  async fill(key: string, nonce: string, render: () => Promise<Rendered | null>, scope: () => Promise<string | null> = async () => GLOBAL_SCOPE): Promise<{ entry: CachedPage | null; rendered?: Rendered }> {
    if (this.get(key)) {
      const hit = await this.heard(key);
      if (hit) return { entry: hit };
    }
    const waiting = this.pending.get(key);
    if (waiting) {
      // Begun before this request: kept only if nothing it shows changed since.
      await waiting.catch(() => null);
      return { entry: (await this.heard(key)) ?? null };
    }
    let rendered: Rendered | null = null;
    const job = (async () => {
      const start = this.clock;
      const [page, whose] = await Promise.all([render(), scope().catch(() => null)]);
      rendered = page;
      return whose === null ? null : this.store(key, whose, start, nonce, page);
    })();
    this.pending.set(key, job);
    try {
      const entry = await job;
      return { entry, rendered: rendered ?? undefined };
    } finally {
      this.pending.delete(key);
    }
  }

  private store(key: string, scope: string, start: number, nonce: string, rendered: Rendered | null): CachedPage | null {
    this.settleLive();
    // Rendered before a change it may not show, or while changes could not be heard: not kept.
    if (!rendered || !this.listening || !this.fresh(scope, start) || this.nextChangeAt === null) return null;
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
      parts: parts.map((p) => Buffer.from(p)),
      bytes: parts.reduce((sum, p) => sum + Buffer.byteLength(p), 0),
      etag: `W/"${hash.digest("base64url").slice(0, 27)}"`,
      scope,
      start,
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

  /**
   * The reads of a page that are the same for everyone (a production's row, its activity,
   * its latest decisions), for a page rendered for one person: kept like the cached pages —
   * ended by the writes of their scope (a production's id) and at the next scheduled change,
   * at most MAX_AGE_MS — and served only once every change committed before this call has
   * been heard, so that someone sees their own write at once. What differs by viewer (their
   * role, their notifications) is never read through it.
   */
  async reads(): Promise<SharedReads> {
    if (!this.listening) return uncachedReads;
    if (this.sync) {
      try {
        await this.sync();
      } catch {
        return uncachedReads;
      }
    }
    return {
      read: async <T>(scope: string | ((value: T) => string | null), key: string, fn: () => Promise<T>): Promise<T> => {
        const now = this.now();
        this.settleTime(now);
        const kept = this.shared.get(key);
        if (kept && this.fresh(kept.scope, kept.start) && now < kept.expiresAt) return kept.value as T;
        if (kept) this.shared.delete(key);
        const start = this.clock;
        const value = await fn();
        const whose = typeof scope === "string" ? scope : scope(value);
        this.settleLive();
        const expiresAt = Math.min(this.now() + MAX_AGE_MS, this.nextChangeAt ?? 0);
        // Read before a change it may not show, or while changes could not be heard: not kept.
        if (whose !== null && this.listening && this.fresh(whose, start) && expiresAt > this.now()) {
          this.shared.delete(key);
          this.shared.set(key, { value, scope: whose, start, expiresAt });
          if (this.shared.size > MAX_READS) this.shared.delete(this.shared.keys().next().value!);
        }
        return value;
      },
    };
  }
}
