// The ledger: every movement of a production's money, append-only (the database refuses
// to change or delete an entry; see the ledger migration). Whatever records money —
// pledges received, refunds, expenses paid, fees, distributions — writes here, in the
// same transaction as the fact it records; every balance shown is the sum of entries.
import type { LedgerKind, Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { currencyOf, type Money } from "./money";

export type LedgerWrite = {
  productionId: string;
  kind: LedgerKind;
  /** minor units, signed: money in > 0, money out < 0 */
  amount: number;
  currency: string;
  description: string;
  occurredAt?: Date;
  recordedById?: string | null;
};

type Tx = Prisma.TransactionClient;

/** Write one entry, inside the caller's transaction. */
export async function recordEntry(tx: Tx, entry: LedgerWrite) {
  if (!Number.isSafeInteger(entry.amount) || entry.amount === 0) throw new Error(`a ledger entry moves a whole, non-zero number of minor units: ${entry.amount}`);
  if (!currencyOf(entry.currency)) throw new Error(`unknown currency ${entry.currency}`);
  return tx.ledgerEntry.create({
    data: {
      productionId: entry.productionId,
      kind: entry.kind,
      amount: entry.amount,
      currency: entry.currency,
      description: entry.description,
      occurredAt: entry.occurredAt ?? new Date(),
      recordedById: entry.recordedById ?? null,
    },
  });
}

/**
 * Correct a mistaken entry: a new `correction` entry of the opposite amount that names it.
 * An entry is reversed at most once (the database holds `reversesId` unique).
 */
export async function reverseEntry(tx: Tx, entryId: string, by: { recordedById: string | null; description: string }) {
  const original = await tx.ledgerEntry.findUniqueOrThrow({ where: { id: entryId } });
  return tx.ledgerEntry.create({
    data: {
      productionId: original.productionId,
      kind: "correction",
      amount: -original.amount,
      currency: original.currency,
      description: by.description,
      occurredAt: new Date(),
      recordedById: by.recordedById,
      reversesId: original.id,
    },
  });
}

/** The production's balance in each currency it has moved money in: sums of entries. */
export async function balances(productionId: string, client: Tx = db): Promise<Money[]> {
  const rows = await client.ledgerEntry.groupBy({ by: ["currency"], where: { productionId }, _sum: { amount: true }, orderBy: { currency: "asc" } });
  return rows.map((r) => ({ currency: r.currency, amount: r._sum.amount ?? 0 }));
}

/** Entries newest first, a page at a time (by their written order). */
export function entries(productionId: string, { before, take = 50 }: { before?: number; take?: number } = {}) {
  return db.ledgerEntry.findMany({
    where: { productionId, ...(before ? { number: { lt: before } } : {}) },
    orderBy: { number: "desc" },
    take,
    include: { recordedBy: { select: { handle: true, displayName: true } }, reverses: { select: { number: true } }, reversedBy: { select: { number: true } } },
  });
}

/** Every entry of the production, in written order: the exports and the feed. */
export function allEntries(productionId: string, { newestFirst = false, take }: { newestFirst?: boolean; take?: number } = {}) {
  return db.ledgerEntry.findMany({
    where: { productionId },
    orderBy: { number: newestFirst ? "desc" : "asc" },
    take,
    include: { recordedBy: { select: { handle: true, displayName: true } }, reverses: { select: { number: true } }, reversedBy: { select: { number: true } } },
  });
}

export type LedgerRow = Awaited<ReturnType<typeof allEntries>>[number];

/** Entries whose money moved within a range (the weekly production log). */
export function entriesWithin(productionId: string, range: { start: Date; end: Date }) {
  return db.ledgerEntry.findMany({
    where: { productionId, occurredAt: { gte: range.start, lt: range.end } },
    orderBy: { number: "asc" },
    select: { number: true, kind: true, amount: true, currency: true, description: true, occurredAt: true, reverses: { select: { number: true } } },
  });
}

export type CorrectionResult = { ok: true; number: number } | { ok: false; error: "ledger.error.notFound" | "ledger.error.alreadyCorrected" | "ledger.error.isCorrection" };

/**
 * A producer corrects an entry of this production: a reversing entry with their reason.
 * A correction is not itself corrected (record the right entry instead), and an entry is
 * reversed once: two producers correcting at the same time get one correction.
 */
export async function correctEntry(productionId: string, entryNumber: number, by: { recordedById: string; reason: string }): Promise<CorrectionResult> {
  try {
    return await db.$transaction(async (tx) => {
      const original = await tx.ledgerEntry.findFirst({ where: { productionId, number: entryNumber }, select: { id: true, kind: true, reversedBy: { select: { id: true } } } });
      if (!original) return { ok: false, error: "ledger.error.notFound" } as const;
      if (original.kind === "correction") return { ok: false, error: "ledger.error.isCorrection" } as const;
      if (original.reversedBy) return { ok: false, error: "ledger.error.alreadyCorrected" } as const;
      const correction = await reverseEntry(tx, original.id, { recordedById: by.recordedById, description: by.reason });
      return { ok: true, number: correction.number } as const;
    });
  } catch (e) {
    // The unique `reversesId`: someone else's correction came first.
    if ((e as { code?: string }).code === "P2002") return { ok: false, error: "ledger.error.alreadyCorrected" };
    throw e;
  }
}
