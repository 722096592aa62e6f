// Who is in a production and in what role. A production always keeps at least one
// producer: every change that could remove the last one takes the production's
// row lock first, so two producers leaving at once cannot both succeed.
import type { Prisma } from "~/generated/prisma/client";
import { announceAccessChange } from "~/lib/access.server";
import { db } from "~/lib/db.server";
import type { Role } from "~/lib/policy";

export type MembershipError = "lastProducer" | "notMember";

async function lockProduction(tx: Prisma.TransactionClient, productionId: string) {
  await tx.$queryRaw`SELECT id FROM "Production" WHERE id = ${productionId} FOR UPDATE`;
}

async function otherProducers(tx: Prisma.TransactionClient, productionId: string, userId: string) {
  return tx.membership.count({ where: { productionId, role: "producer", userId: { not: userId } } });
}

export async function join(productionId: string, userId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const existing = await tx.membership.findUnique({ where: { productionId_userId: { productionId, userId } } });
    if (existing) return;
    await tx.membership.create({ data: { productionId, userId, role: "member" } });
    await tx.productionEvent.create({ data: { productionId, actorId: userId, kind: "member.joined" } });
  });
  await announceAccessChange({ user: userId, production: productionId });
}

export async function leave(productionId: string, userId: string): Promise<{ ok: true } | { ok: false; error: MembershipError }> {
  const result = await db.$transaction(async (tx) => {
    await lockProduction(tx, productionId);
    const m = await tx.membership.findUnique({ where: { productionId_userId: { productionId, userId } } });
    if (!m) return { ok: false, error: "notMember" } as const;
    if (m.role === "producer" && (await otherProducers(tx, productionId, userId)) === 0) {
      return { ok: false, error: "lastProducer" } as const;
    }
    await tx.membership.delete({ where: { id: m.id } });
    await tx.productionEvent.create({ data: { productionId, actorId: userId, kind: "member.left" } });
    return { ok: true } as const;
  });
  if (result.ok) await announceAccessChange({ user: userId, production: productionId });
  return result;
}

export async function changeRole(
  productionId: string,
  actorId: string,
  memberUserId: string,
  role: Role,
): Promise<{ ok: true } | { ok: false; error: MembershipError }> {
  const result = await db.$transaction(async (tx) => {
    await lockProduction(tx, productionId);
    const m = await tx.membership.findUnique({
      where: { productionId_userId: { productionId, userId: memberUserId } },
      include: { user: { select: { handle: true, displayName: true } } },
    });
    if (!m) return { ok: false, error: "notMember" } as const;
    if (m.role === role) return { ok: true } as const;
    if (m.role === "producer" && (await otherProducers(tx, productionId, memberUserId)) === 0) {
      return { ok: false, error: "lastProducer" } as const;
    }
    await tx.membership.update({ where: { id: m.id }, data: { role } });
    await tx.productionEvent.create({
      data: {
        productionId,
        actorId,
        kind: "member.role",
        data: { subject: m.user.displayName, subjectHandle: m.user.handle, role },
      },
    });
    return { ok: true } as const;
  });
  if (result.ok) await announceAccessChange({ user: memberUserId, production: productionId });
  return result;
}

export async function removeMember(
  productionId: string,
  actorId: string,
  memberUserId: string,
): Promise<{ ok: true; name: string } | { ok: false; error: MembershipError }> {
  const result = await db.$transaction(async (tx) => {
    await lockProduction(tx, productionId);
    const m = await tx.membership.findUnique({
      where: { productionId_userId: { productionId, userId: memberUserId } },
      include: { user: { select: { handle: true, displayName: true } } },
    });
    if (!m) return { ok: false, error: "notMember" } as const;
    if (m.role === "producer" && (await otherProducers(tx, productionId, memberUserId)) === 0) {
      return { ok: false, error: "lastProducer" } as const;
    }
    await tx.membership.delete({ where: { id: m.id } });
    await tx.productionEvent.create({
      data: { productionId, actorId, kind: "member.removed", data: { subject: m.user.displayName, subjectHandle: m.user.handle } },
    });
    return { ok: true, name: m.user.displayName } as const;
  });
  if (result.ok) await announceAccessChange({ user: memberUserId, production: productionId });
  return result;
}

export async function listMembers(productionId: string) {
  const members = await db.membership.findMany({
    where: { productionId },
    select: { role: true, joinedAt: true, user: { select: { id: true, handle: true, displayName: true } } },
  });
  const order: Record<Role, number> = { producer: 0, crew: 1, member: 2 };
  return members.sort((a, b) => order[a.role] - order[b.role] || a.joinedAt.getTime() - b.joinedAt.getTime());
}

export async function membershipOf(productionId: string, userId: string) {
  return db.membership.findUnique({ where: { productionId_userId: { productionId, userId } } });
}

export async function follow(productionId: string, userId: string) {
  await db.follow.upsert({
    where: { productionId_userId: { productionId, userId } },
    create: { productionId, userId },
    update: {},
  });
}

export async function unfollow(productionId: string, userId: string) {
  await db.follow.deleteMany({ where: { productionId, userId } });
}
