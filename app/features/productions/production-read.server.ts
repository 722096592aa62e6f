// One read of a production per page request, shared by the header (the layout's loader)
// and the page's own loader (docs/decisions/0041). The layout's middleware opens a memo
// for the request (`withProductionMemo`); every feature's "the production and the
// viewer's role" goes through `productionRead`, which asks once per slug within it.
import { AsyncLocalStorage } from "node:async_hooks";
import { thumbSize } from "~/features/media/image";
import { db } from "~/lib/db.server";
import type { Role } from "~/lib/policy";

type Memo = { viewerId: string | null; reads: Map<string, Promise<ProductionRead | null>> };
const memo = new AsyncLocalStorage<Memo>();

async function readProduction(slug: string, viewerId: string | null, now = new Date()) {
  const production = await db.production.findUnique({
    where: { slug },
    include: {
      poster: { select: { width: true, height: true, thumbWidth: true, thumbHeight: true } },
      memberships: { where: { userId: viewerId ?? "" }, select: { role: true } },
      _count: {
        select: {
          polls: { where: { closedAt: null, opensAt: { lte: now }, closesAt: { gt: now } } },
          tasks: { where: { open: true, status: { isDone: false } } },
          notifications: { where: { userId: viewerId ?? "", readAt: null } },
        },
      },
    },
  });
  if (!production) return null;
  const { poster, memberships, _count, ...row } = production;
  return {
    row,
    /** The viewer's role, or null (a visitor, or not a member). */
    role: (memberships[0]?.role ?? null) as Role | null,
    posterSize: poster ? thumbSize(poster) : null,
    /** Polls open for votes now. */
    openPolls: _count.polls,
    /** Open calls whose task is not done. */
    openCalls: _count.tasks,
    /** The viewer's unread notifications about this production (0 for a visitor). */
    unread: _count.notifications,
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
