// Support after the release (docs/decisions/0055): a signed-in viewer gives the film an
// amount, by the same two providers as pledges (manual transfer with a reference, or
// Stripe Checkout). The money counts only once seen, and its `support_received` entry is
// written in the same transaction as the support's move from not received to received,
// a conditional update: a second click or a replayed event writes nothing.
import type { Prisma, Support } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { recordEntry } from "./ledger.server";
import { sumAmounts } from "./money";
import { newReference } from "./payment-reference.server";
import { stripeClient, stripeEnabled } from "./stripe-client.server";

type Tx = Prisma.TransactionClient;

/** Whether the production has a release whose premiere has come: support opens then. */
export async function hasPublishedRelease(productionId: string, now = new Date()) {
  return (await db.release.count({ where: { productionId, publishAt: { lte: now } } })) > 0;
}

export type SupportInput = { amount: number; currency: string; provider: "manual" | "stripe" };
export type SupportProblem = "support.error.notReleased" | "support.error.stripeOff";

export async function offerSupport(productionId: string, userId: string, input: SupportInput): Promise<{ ok: true; support: Support } | { ok: false; problem: SupportProblem }> {
  if (!(await hasPublishedRelease(productionId))) return { ok: false, problem: "support.error.notReleased" };
  if (input.provider === "stripe" && !stripeEnabled()) return { ok: false, problem: "support.error.stripeOff" };
  for (;;) {
    try {
      const support = await db.support.create({
        data: { productionId, userId, amount: input.amount, currency: input.currency, provider: input.provider, reference: newReference("SUP") },
      });
      return { ok: true, support };
    } catch (e) {
      // 32^8 references: a clash is rare, and another draw settles it.
      if ((e as { code?: string }).code !== "P2002") throw e;
    }
  }
}

/** The support's money came in: its `support_received` entry, once. */
export async function receiveSupport(tx: Tx, supportId: string, by: { recordedById: string | null; amount?: number; occurredAt?: Date; paymentIntentId?: string | null }) {
  const moved = await tx.support.updateMany({
    where: { id: supportId, received: false },
    data: { received: true, receivedAt: by.occurredAt ?? new Date(), ...(by.amount ? { amount: by.amount } : {}), ...(by.paymentIntentId ? { stripePaymentIntentId: by.paymentIntentId } : {}) },
  });
  if (!moved.count) return false;
  const s = await tx.support.findUniqueOrThrow({ where: { id: supportId } });
  const entry = await recordEntry(tx, {
    productionId: s.productionId,
    kind: "support_received",
    amount: s.amount,
    currency: s.currency,
    description: `Support ${s.reference}`,
    occurredAt: by.occurredAt,
    recordedById: by.recordedById,
  });
  await tx.support.update({ where: { id: supportId }, data: { receivedEntryId: entry.id } });
  return true;
}

/**
 * The support's money went back (Stripe's charge.refunded): its `refund` entry (money
 * out), once. Like a pledge's refund, the move is a conditional update on the support's
 * state, so a replay, or another event reporting the same refund, writes nothing.
 */
export async function refundedSupport(tx: Tx, supportId: string, by: { recordedById: string | null; occurredAt?: Date }) {
  const moved = await tx.support.updateMany({
    where: { id: supportId, received: true, refundEntryId: null, refundedAt: null },
    data: { refundedAt: by.occurredAt ?? new Date() },
  });
  if (!moved.count) return false;
  const s = await tx.support.findUniqueOrThrow({ where: { id: supportId } });
  const entry = await recordEntry(tx, {
    productionId: s.productionId,
    kind: "refund",
    amount: -s.amount,
    currency: s.currency,
    description: `Refund of support ${s.reference}`,
    occurredAt: by.occurredAt,
    recordedById: by.recordedById,
  });
  await tx.support.update({ where: { id: supportId }, data: { refundEntryId: entry.id } });
  return true;
}

/** A producer says a transfer arrived (manual provider). False when there was nothing to mark. */
export function markSupportReceived(productionId: string, supportId: string, producerId: string) {
  return db.$transaction(async (tx) => {
    const s = await tx.support.findFirst({ where: { id: supportId, productionId, provider: "manual" } });
    if (!s) return false;
    return receiveSupport(tx, supportId, { recordedById: producerId });
  });
}

/** A Checkout Session for a support: the address to send the viewer to. */
export async function supportCheckout(s: Support, o: { filmTitle: string; returnUrl: string }) {
  const session = await stripeClient().checkout.sessions.create(
    {
      mode: "payment",
      client_reference_id: s.id,
      metadata: { supportId: s.id },
      payment_intent_data: { metadata: { supportId: s.id } },
      line_items: [{ quantity: 1, price_data: { currency: s.currency.toLowerCase(), unit_amount: s.amount, product_data: { name: o.filmTitle } } }],
      success_url: o.returnUrl,
      cancel_url: o.returnUrl,
    },
    { idempotencyKey: `support-${s.id}` },
  );
  await db.support.update({ where: { id: s.id }, data: { stripeSessionId: session.id } });
  return session.url;
}

/** Supports not yet seen (for the producers to mark) and the viewer's own. */
export function pendingSupports(productionId: string, userId?: string) {
  return db.support.findMany({
    where: { productionId, received: false, ...(userId ? { userId } : {}) },
    orderBy: { createdAt: "asc" },
    select: { id: true, reference: true, amount: true, currency: true, provider: true, createdAt: true, user: { select: { handle: true, displayName: true } } },
  });
}

/**
 * What support came in and is not shared yet, in `currency`: the sum of the support
 * entries, less Stripe's fees and the refunds of support, less the distributions
 * (negative), and the corrections of any of these. A sum of entries, like every balance.
 * (A refund after a distribution may leave it below zero: that money was shared already.)
 */
export async function undistributed(productionId: string, currency: string, client: Tx = db) {
  const outs = await client.support.findMany({ where: { productionId, OR: [{ feeEntryId: { not: null } }, { refundEntryId: { not: null } }] }, select: { feeEntryId: true, refundEntryId: true } });
  // Refund entries of pledges are not the support's: only those a support names count.
  const outIds = outs.flatMap((o) => [o.feeEntryId, o.refundEntryId].filter((id): id is string => id !== null));
  const counted: Prisma.LedgerEntryWhereInput = { OR: [{ kind: { in: ["support_received", "distribution"] } }, { id: { in: outIds } }] };
  const rows = await client.ledgerEntry.findMany({
    where: { productionId, currency, OR: [counted, { kind: "correction", reverses: counted }] },
    select: { amount: true },
  });
  return sumAmounts(rows.map((r) => r.amount));
}

/** The currencies support came in, each with what is left to share. */
export async function undistributedBalances(productionId: string) {
  const currencies = await db.support.findMany({ where: { productionId, received: true }, distinct: ["currency"], select: { currency: true }, orderBy: { currency: "asc" } });
  return Promise.all(currencies.map(async ({ currency }) => ({ currency, amount: await undistributed(productionId, currency) })));
}
