// One read of a production per page request, shared by the header (the layout's loader)
// and the page's own loader (docs/decisions/0041). The layout's middleware opens a memo
// for the request (`withProductionMemo`); every feature's "the production and the
// viewer's role" goes through `productionRead`, which asks once per slug within it.
import { AsyncLocalStorage } from "node:async_hooks";
import { thumbSize } from "~/features/media/image";
import { db, sql } from "~/lib/db.server";
import { sharedReads, uncachedReads, type SharedReads } from "~/lib/shared-reads.server";
import type { Role } from "~/lib/policy";

type Memo = { viewerId: string | null; reads: Map<string, Promise<ProductionRead | null>>; shared?: Promise<SharedReads> };
const memo = new AsyncLocalStorage<Memo>();

/**
 * This page request's reads that are the same for every viewer (shared-reads.server.ts),
 * asked for once per request. Outside a page request (an action, a file, a job) every read
 * goes to the database: a write may have just changed it.
 */
export function requestSharedReads(): Promise<SharedReads> {
  const store = memo.getStore();
  return store ? (store.shared ??= sharedReads()) : Promise.resolve(uncachedReads);
}

/** The production as anyone reads it: its row, its poster's size and the header's counts. */
async function readProductionRow(slug: string, now = new Date()) {
  const production = await db.production.findUnique({
    where: { slug },
    include: {
      poster: { select: { width: true, height: true, thumbWidth: true, thumbHeight: true } },
      _count: {
        select: {
          polls: { where: { closedAt: null, opensAt: { lte: now }, closesAt: { gt: now } } },
          tasks: { where: { open: true, status: { isDone: false } } },
        },
      },
    },
  });
  if (!production) return null;
  const { poster, _count, ...row } = production;
  return {
    row,
    posterSize: poster ? thumbSize(poster) : null,
    /** Polls open for votes now. */
    openPolls: _count.polls,
    /** Open calls whose task is not done. */
    openCalls: _count.tasks,
  };
}

/** What is the viewer's own: one statement, never shared. */
const VIEWER_IN_PRODUCTION = `
  SELECT
    (SELECT role::text FROM "Membership" WHERE "productionId" = $1 AND "userId" = $2) AS role,
    (SELECT count(*)::int FROM "Notification" WHERE "productionId" = $1 AND "userId" = $2 AND "readAt" IS NULL) AS unread,
    EXISTS (SELECT 1 FROM "Follow" WHERE "productionId" = $1 AND "userId" = $2) AS following`;

async function readViewerIn(productionId: string, viewerId: string | null) {
  if (!viewerId) return { role: null, unread: 0, following: false };
  const [mine] = await sql<{ role: Role | null; unread: number; following: boolean }>("viewer-in-production", VIEWER_IN_PRODUCTION, [productionId, viewerId]);
  return mine!;
}

async function readProduction(slug: string, viewerId: string | null) {
  const shared = await requestSharedReads();
  const production = await shared.read((p) => p?.row.id ?? null, `production ${slug}`, () => readProductionRow(slug));
  if (!production) return null;
  const mine = await readViewerIn(production.row.id, viewerId);
  return {
    ...production,
    /** The viewer's role, or null (a visitor, or not a member). */
    role: mine.role,
    /** The viewer's unread notifications about this production (0 for a visitor). */
    unread: mine.unread,
    /** Whether the viewer follows the production. */
    following: mine.following,
  };
}

export type ProductionRead = NonNullable<Awaited<ReturnType<typeof readProduction>>>;

/**
 * The production, the viewer's role in it and the header's counts. Within a page request
 * (see `withProductionMemo`) it is read once and shared; elsewhere (actions, files,
 * feeds, jobs) it is read each time, as a write may have changed it.
 */
export function productionRead(slug: string, viewerId: string | null | undefined): Promise<ProductionRead | null> {
  const store = memo.getStore();
  const viewer = viewerId ?? null;
  if (!store || store.viewerId !== viewer) return readProduction(slug, viewer);
  let read = store.reads.get(slug);
  if (!read) store.reads.set(slug, (read = readProduction(slug, viewer)));
  return read;
}

/** The production's own row, from the request's read when there is one (whoever's role it carries). */
export async function productionRow(slug: string) {
  const store = memo.getStore();
  return (await productionRead(slug, store ? store.viewerId : null))?.row ?? null;
}

/** The viewer's role from the request's read when there is one for this production, else one small query. */
export async function sharedRole(productionId: string, viewerId: string): Promise<Role | null | undefined> {
  const store = memo.getStore();
  if (!store || store.viewerId !== viewerId) return undefined;
  for (const read of store.reads.values()) {
    const p = await read;
    if (p?.row.id === productionId) return p.role;
  }
  return undefined;
}

/** The production's row by its id, when this request has already read it (else undefined). */
export async function sharedProductionById(id: string): Promise<ProductionRead["row"] | undefined> {
  const store = memo.getStore();
  if (!store) return undefined;
  for (const read of store.reads.values()) {
    const p = await read;
    if (p?.row.id === id) return p.row;
  }
  return undefined;
}

/**
 * Runs a page request's loaders with the memo open (the layout's middleware). Only for
 * GET and HEAD: no action runs in them, so nothing read can be stale. A form post reads
 * again after its action, as before.
 */
export function withProductionMemo<T>(request: Request, viewerId: string | null, next: () => Promise<T>): Promise<T> {
  if (request.method !== "GET" && request.method !== "HEAD") return next();
  return memo.run({ viewerId, reads: new Map() }, next);
}
