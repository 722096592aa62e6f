// Stripe Checkout, the second payment provider (docs/decisions/0052). Off unless
// STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set. A pledge opens a Checkout Session;
// Stripe's webhook says when the money came in or went back. Each event is handled once:
// its id is written in the same transaction as what it changes, so a replay finds it and
// does nothing, and a failure leaves no trace and Stripe sends it again.
import Stripe from "stripe";
import type { Pledge, Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { receivePledge, refundedPledge } from "./campaigns.server";
import { recordEntry } from "./ledger.server";
import { stripeClient } from "./stripe-client.server";
import { receiveSupport, refundedSupport } from "./support.server";

/** A Checkout Session for a pledge: the address to send the backer to. */
export async function checkoutFor(p: Pledge, o: { campaignTitle: string; returnUrl: string }) {
  const session = await stripeClient().checkout.sessions.create(
    {
      mode: "payment",
      client_reference_id: p.id,
      metadata: { pledgeId: p.id },
      // The payment's charges carry the pledge too: a refund event may come before the completion.
      payment_intent_data: { metadata: { pledgeId: p.id } },
      line_items: [{ quantity: 1, price_data: { currency: p.currency.toLowerCase(), unit_amount: p.amount, product_data: { name: o.campaignTitle } } }],
      success_url: o.returnUrl,
      cancel_url: o.returnUrl,
    },
    { idempotencyKey: `pledge-${p.id}` },
  );
  await db.pledge.update({ where: { id: p.id }, data: { stripeSessionId: session.id } });
  return session.url;
}

/** Give a pledge's payment back through Stripe (at most once: the key is the pledge's). */
export async function refundStripePledge(p: Pledge) {
  if (!p.stripePaymentIntentId) throw new Error(`pledge ${p.id} has no Stripe payment to refund`);
  await stripeClient().refunds.create({ payment_intent: p.stripePaymentIntentId, metadata: { pledgeId: p.id } }, { idempotencyKey: `refund-${p.id}` });
}

export type WebhookOutcome = { status: 200 | 400 | 409 | 503; handled: "done" | "duplicate" | "ignored" | "forged" | "later" | "off" };

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : (v?.id ?? null));

/**
 * One webhook delivery. Forged or stale signatures are refused (400). An event about a
 * payment not known yet (a refund before its completion, and no pledge or support named on it) is
 * answered 409 without being kept, so that Stripe delivers it again later.
 */
export async function handleStripeWebhook(payload: string, signature: string | null): Promise<WebhookOutcome> {
  const secret = process.env.STRIPE_WEBHOOK_SECRET;
  if (!secret || !process.env.STRIPE_SECRET_KEY) return { status: 503, handled: "off" };
  let event: Stripe.Event;
  try {
    event = stripeClient().webhooks.constructEvent(payload, signature ?? "", secret);
  } catch {
    return { status: 400, handled: "forged" };
  }
  // A charge's fee lives on its balance transaction, which the event does not expand: read
  // it before the transaction (no network call while rows are held), unless the event was
  // handled already.
  let fee: Fee | null = null;
  if ((event.type === "charge.succeeded" || event.type === "charge.updated") && !(await db.paymentEvent.findUnique({ where: { id: event.id }, select: { id: true } }))) {
    fee = await feeOf(event.data.object);
  }
  try {
    return await db.$transaction(async (tx) => {
      // First writer wins: a concurrent duplicate waits on this row, then finds it.
      const inserted = await tx.paymentEvent.createMany({ data: [{ id: event.id, provider: "stripe", type: event.type }], skipDuplicates: true });
      if (!inserted.count) return { status: 200, handled: "duplicate" } as const;
      const at = new Date(event.created * 1000);
      switch (event.type) {
        case "checkout.session.completed":
        case "checkout.session.async_payment_succeeded": {
          const s = event.data.object;
          if (s.payment_status !== "paid") return { status: 200, handled: "ignored" } as const;
          if (s.metadata?.supportId) {
            const support = await tx.support.findFirst({ where: { id: s.metadata.supportId, provider: "stripe" } });
            if (!support) return { status: 200, handled: "ignored" } as const;
            await receiveSupport(tx, support.id, { recordedById: null, amount: s.amount_total ?? support.amount, occurredAt: at, paymentIntentId: idOf(s.payment_intent) });
            return { status: 200, handled: "done" } as const;
          }
          const pledgeId = s.metadata?.pledgeId ?? s.client_reference_id;
          const p = pledgeId ? await tx.pledge.findFirst({ where: { id: pledgeId, provider: "stripe" } }) : null;
          if (!p) return { status: 200, handled: "ignored" } as const;
          await tx.paymentEvent.update({ where: { id: event.id }, data: { pledgeId: p.id } });
          // What Stripe took is what came in (fees are not on this event: see decision 0052).
          await receivePledge(tx, p.id, { recordedById: null, amount: s.amount_total ?? p.amount, occurredAt: at, paymentIntentId: idOf(s.payment_intent) });
          return { status: 200, handled: "done" } as const;
        }
        case "charge.refunded": {
          const c = event.data.object;
          const intent = idOf(c.payment_intent);
          const p =
            (c.metadata?.pledgeId ? await tx.pledge.findFirst({ where: { id: c.metadata.pledgeId, provider: "stripe" } }) : null) ??
            (intent ? await tx.pledge.findFirst({ where: { stripePaymentIntentId: intent } }) : null);
          if (!p) {
            // Support after the release (decision 0055) is refunded the same way, once.
            const support =
              (c.metadata?.supportId ? await tx.support.findFirst({ where: { id: c.metadata.supportId, provider: "stripe" } }) : null) ??
              (intent ? await tx.support.findFirst({ where: { stripePaymentIntentId: intent } }) : null);
            if (!support) throw new Later();
            if (!support.received) await receiveSupport(tx, support.id, { recordedById: null, amount: c.amount, occurredAt: at, paymentIntentId: intent });
            if (c.refunded) await refundedSupport(tx, support.id, { recordedById: null, occurredAt: at });
            return { status: 200, handled: "done" } as const;
          }
          await tx.paymentEvent.update({ where: { id: event.id }, data: { pledgeId: p.id } });
          // A refund seen before its completion: the money did come in first, then went back.
          if (p.state === "pending") await receivePledge(tx, p.id, { recordedById: null, amount: c.amount, occurredAt: at, paymentIntentId: intent });
          if (c.refunded) await refundedPledge(tx, p.id, { recordedById: null, occurredAt: at });
          return { status: 200, handled: "done" } as const;
        }
        case "charge.succeeded":
        case "charge.updated": {
          if (!fee) return { status: 200, handled: "ignored" } as const;
          const c = event.data.object;
          const recorded = await recordFee(tx, { pledgeId: c.metadata?.pledgeId, supportId: c.metadata?.supportId, intent: idOf(c.payment_intent) }, fee, at);
          if (recorded === "unknown") throw new Later();
          return { status: 200, handled: "done" } as const;
        }
        default:
          return { status: 200, handled: "ignored" } as const;
      }
    });
  } catch (e) {
    if (e instanceof Later) return { status: 409, handled: "later" };
    throw e;
  }
}

class Later extends Error {}

type Fee = { amount: number; currency: string };

/** The fee Stripe took on a charge, from its balance transaction; null while it has none. */
async function feeOf(charge: Stripe.Charge): Promise<Fee | null> {
  const bt = charge.balance_transaction;
  if (!bt) return null;
  const transaction = typeof bt === "string" ? await stripeClient().balanceTransactions.retrieve(bt) : bt;
  return transaction.fee > 0 ? { amount: transaction.fee, currency: transaction.currency.toUpperCase() } : null;
}

/**
 * The fee as a `fee` entry (money out), once per payment whatever the events that report
 * it (charge.succeeded, then charge.updated, replays): the payment's row is locked, and
 * its `feeEntryId` says whether the fee is in already.
 */
async function recordFee(tx: Prisma.TransactionClient, by: { pledgeId?: string; supportId?: string; intent: string | null }, fee: Fee, at: Date) {
  const pledge =
    (by.pledgeId ? await tx.pledge.findFirst({ where: { id: by.pledgeId, provider: "stripe" }, select: { id: true } }) : null) ??
    (by.intent ? await tx.pledge.findFirst({ where: { stripePaymentIntentId: by.intent }, select: { id: true } }) : null);
  if (pledge) {
    await tx.$executeRaw`SELECT 1 FROM "Pledge" WHERE id = ${pledge.id} FOR UPDATE`;
    const p = await tx.pledge.findUniqueOrThrow({ where: { id: pledge.id }, include: { campaign: { select: { productionId: true } } } });
    if (p.feeEntryId) return "already" as const;
    const entry = await recordEntry(tx, { productionId: p.campaign.productionId, kind: "fee", amount: -fee.amount, currency: fee.currency, description: `Stripe fee on pledge ${p.reference}`, occurredAt: at });
    await tx.pledge.update({ where: { id: p.id }, data: { feeEntryId: entry.id } });
    return "recorded" as const;
  }
  const support =
    (by.supportId ? await tx.support.findFirst({ where: { id: by.supportId, provider: "stripe" }, select: { id: true } }) : null) ??
    (by.intent ? await tx.support.findFirst({ where: { stripePaymentIntentId: by.intent }, select: { id: true } }) : null);
  if (!support) return "unknown" as const;
  await tx.$executeRaw`SELECT 1 FROM "Support" WHERE id = ${support.id} FOR UPDATE`;
  const s = await tx.support.findUniqueOrThrow({ where: { id: support.id } });
  if (s.feeEntryId) return "already" as const;
  const entry = await recordEntry(tx, { productionId: s.productionId, kind: "fee", amount: -fee.amount, currency: fee.currency, description: `Stripe fee on support ${s.reference}`, occurredAt: at });
  await tx.support.update({ where: { id: s.id }, data: { feeEntryId: entry.id } });
  return "recorded" as const;
}
