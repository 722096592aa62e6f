// Fair shares (docs/decisions/0055): a producer shares received support among the film's
// contributors by the published rule (shares.ts). The distribution, each person's weight
// and part, and one `distribution` ledger entry per part are written in one transaction.
import { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { recordEntry } from "./ledger.server";
import { allocateShares, SHARE_RULE, weightOf } from "./shares";
import { undistributed } from "./support.server";

type Tx = Prisma.TransactionClient;

export type Contributor = { userId: string; handle: string; displayName: string; acceptedWork: number; authoredChars: number; weight: number };

/**
 * Everyone the studio credits with work on the production and their weight: accepted
 * task submissions in its tracker and characters typed into its live documents (the
 * attribution the release's credits come from). Those who weigh nothing are left out.
 * Ordered by handle, the rule's tie-break.
 */
export async function contributorsOf(productionId: string, client: Tx = db): Promise<Contributor[]> {
  const [accepted, authored] = await Promise.all([
    client.submission.groupBy({ by: ["userId"], where: { status: "accepted", task: { productionId } }, _count: { _all: true } }),
    client.documentContribution.groupBy({ by: ["userId"], where: { productionId }, _sum: { inserted: true } }),
  ]);
  const facts = new Map<string, { acceptedWork: number; authoredChars: number }>();
  for (const a of accepted) facts.set(a.userId, { acceptedWork: a._count._all, authoredChars: 0 });
  for (const a of authored) facts.set(a.userId, { acceptedWork: facts.get(a.userId)?.acceptedWork ?? 0, authoredChars: a._sum.inserted ?? 0 });
  const people = await client.user.findMany({ where: { id: { in: [...facts.keys()] } }, select: { id: true, handle: true, displayName: true } });
  return people
    .map((p) => {
      const f = facts.get(p.id)!;
      return { userId: p.id, handle: p.handle, displayName: p.displayName, ...f, weight: weightOf(f) };
    })
    .filter((c) => c.weight > 0)
    .sort((a, b) => (a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0));
}

export type DistributeProblem = "shares.error.overBalance" | "shares.error.nobody";

/**
 * Share `amount` of what support came in (≤ what is left undistributed in that currency).
 * Two producers at once: the production's lock makes the second see the first's entries.
 */
export async function distribute(productionId: string, producerId: string, input: { amount: number; currency: string }): Promise<{ ok: true; id: string } | { ok: false; problem: DistributeProblem }> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`distribute:${productionId}`}))`;
    const left = await undistributed(productionId, input.currency, tx);
    if (input.amount > left) return { ok: false, problem: "shares.error.overBalance" } as const;
    const people = await contributorsOf(productionId, tx);
    if (!people.length) return { ok: false, problem: "shares.error.nobody" } as const;
    const parts = allocateShares(input.amount, people.map((p) => ({ key: p.handle, weight: p.weight })));
    const distribution = await tx.distribution.create({ data: { productionId, amount: input.amount, currency: input.currency, rule: SHARE_RULE, createdById: producerId } });
    for (const [position, p] of people.entries()) {
      const amount = parts[position]!;
      const entry = amount
        ? await recordEntry(tx, {
            productionId,
            kind: "distribution",
            amount: -amount,
            currency: input.currency,
            description: `Fair share to @${p.handle} (distribution ${distribution.id})`,
            recordedById: producerId,
          })
        : null;
      await tx.distributionShare.create({
        data: { distributionId: distribution.id, position, userId: p.userId, handle: p.handle, displayName: p.displayName, acceptedWork: p.acceptedWork, authoredChars: p.authoredChars, weight: p.weight, amount, entryId: entry?.id ?? null },
      });
    }
    return { ok: true, id: distribution.id } as const;
  });
}

export function distributionsOf(productionId: string) {
  return db.distribution.findMany({
    where: { productionId },
    orderBy: { createdAt: "desc" },
    select: { id: true, amount: true, currency: true, rule: true, createdAt: true, createdBy: { select: { handle: true, displayName: true } }, _count: { select: { shares: true } } },
  });
}

export function distributionOf(productionId: string, id: string) {
  return db.distribution.findFirst({
    where: { id, productionId },
    select: {
      id: true,
      amount: true,
      currency: true,
      rule: true,
      createdAt: true,
      createdBy: { select: { handle: true, displayName: true } },
      shares: { orderBy: { position: "asc" }, select: { handle: true, displayName: true, acceptedWork: true, authoredChars: true, weight: true, amount: true } },
    },
  });
}

export type DistributionView = NonNullable<Awaited<ReturnType<typeof distributionOf>>>;
