// Productions: create, edit, list, and what their home page shows.
import { Prisma } from "~/generated/prisma/client";
import { type ImageSize } from "~/features/media/image";
import { imageRecord } from "~/features/media/image.server";
import { imageBytes } from "~/features/media/store.server";
import { announceAccessChange } from "~/lib/access.server";
import { db } from "~/lib/db.server";
import { productionRead, productionRow, requestSharedReads, sharedRole } from "./production-read.server";
import type { FieldErrors } from "~/lib/forms";
import type { Role } from "~/lib/policy";
import type { Phase, ProductionInput } from "./validation";

/** The production by its address (read once per page request, shared with its header). */
export async function getProduction(slug: string) {
  return productionRow(slug);
}

/** The person's role in a production, or null. */
export async function roleIn(productionId: string, userId: string | undefined): Promise<Role | null> {
  if (!userId) return null;
  const shared = await sharedRole(productionId, userId);
  if (shared !== undefined) return shared;
  const m = await db.membership.findUnique({
    where: { productionId_userId: { productionId, userId } },
    select: { role: true },
  });
  return m?.role ?? null;
}

export async function listProductions({ q, phase, take = 48 }: { q?: string; phase?: Phase; take?: number }) {
  const where: Prisma.ProductionWhereInput = {
    ...(phase ? { phase } : {}),
    ...(q
      ? {
          OR: [
            { title: { contains: q, mode: "insensitive" } },
            { logline: { contains: q, mode: "insensitive" } },
          ],
        }
      : {}),
  };
  return db.production.findMany({
    where,
    orderBy: { updatedAt: "desc" },
    take,
    select: {
      slug: true,
      title: true,
      logline: true,
      phase: true,
      posterId: true,
      updatedAt: true,
      _count: { select: { memberships: true } },
    },
  });
}

export type Poster = { bytes: Uint8Array } | { remove: true } | null;

async function posterData(poster: Poster) {
  return !poster || "remove" in poster ? null : await imageRecord(poster.bytes);
}

/** Create a production; its creator becomes its first producer. */
export async function createProduction(
  userId: string,
  input: ProductionInput,
  poster: Poster,
): Promise<{ ok: true; slug: string } | { ok: false; errors: FieldErrors }> {
  const image = await posterData(poster);
  if (image && "problem" in image) return { ok: false, errors: { poster: { key: image.problem } } };
  if (await db.production.findUnique({ where: { slug: input.slug }, select: { id: true } })) {
    return { ok: false, errors: { slug: { key: "field.slugTaken" } } };
  }
  try {
    const production = await db.production.create({
      data: {
        ...input,
        createdBy: { connect: { id: userId } },
        ...(image ? { poster: { create: image.data } } : {}),
        memberships: { create: { userId, role: "producer" } },
        events: { create: { actorId: userId, kind: "production.created" } },
      },
    });
    return { ok: true, slug: production.slug };
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      return { ok: false, errors: { slug: { key: "field.slugTaken" } } };
    }
    throw e;
  }
}

export async function updateProduction(
  productionId: string,
  actorId: string,
  input: ProductionInput,
  poster: Poster,
): Promise<{ ok: true; slug: string } | { ok: false; errors: FieldErrors }> {
  const image = await posterData(poster);
  if (image && "problem" in image) return { ok: false, errors: { poster: { key: image.problem } } };
  const clash = await db.production.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (clash && clash.id !== productionId) return { ok: false, errors: { slug: { key: "field.slugTaken" } } };
  const current = await db.production.findUniqueOrThrow({ where: { id: productionId }, select: { posterId: true, membersEditScript: true } });
  const replacesPoster = image !== null || (poster !== null && "remove" in poster);
  await db.$transaction(async (tx) => {
    await tx.production.update({
      where: { id: productionId },
      data: {
        ...input,
        ...(image ? { poster: { create: image.data } } : {}),
        ...(poster && "remove" in poster ? { poster: { disconnect: true } } : {}),
        events: { create: { actorId, kind: "production.updated" } },
      },
    });
    if (replacesPoster && current.posterId) await tx.image.delete({ where: { id: current.posterId } });
  });
  if (current.membersEditScript !== input.membersEditScript) await announceAccessChange({ production: productionId });
  return { ok: true, slug: input.slug };
}

/** The poster at one size (the thumbnail for pages, the full image when someone opens it). */
export async function getPoster(slug: string, size: ImageSize = "full") {
  const production = await db.production.findUnique({ where: { slug }, select: { posterId: true } });
  return production?.posterId ? imageBytes(production.posterId, size) : null;
}

/**
 * What the header on every page of a production shows: its title, poster thumbnail and
 * the counts beside its tabs (polls open for votes now, open calls not done yet, the
 * viewer's unread notifications about it), from the request's one read of the production.
 */
export async function productionHeader(slug: string, viewerId: string | null) {
  const p = await productionRead(slug, viewerId);
  if (!p) return null;
  return { slug: p.row.slug, title: p.row.title, posterSize: p.posterSize, openPolls: p.openPolls, openCalls: p.openCalls, unread: p.unread };
}

/** Everything the production home page shows. */
export async function productionHome(slug: string, viewerId: string | undefined) {
  const read = await productionRead(slug, viewerId);
  if (!read) return null;
  const productionId = read.row.id;
  const shared = await requestSharedReads();
  const [memberships, members, follows] = await shared.read(productionId, `production-home ${productionId} crew`, () =>
    Promise.all([
      db.membership.findMany({
        where: { productionId, role: { in: ["producer", "crew"] } },
        orderBy: { joinedAt: "asc" },
        take: 12,
        select: { role: true, user: { select: { handle: true, displayName: true } } },
      }),
      db.membership.count({ where: { productionId } }),
      db.follow.count({ where: { productionId } }),
    ]),
  );
  return {
    production: { ...read.row, memberships, _count: { memberships: members, follows } },
    posterSize: read.posterSize,
    role: read.role,
    following: read.following,
    openPolls: read.openPolls,
    openCalls: read.openCalls,
  };
}
