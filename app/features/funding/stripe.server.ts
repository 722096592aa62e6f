// Stripe Checkout, the second payment provider (docs/decisions/0052). Off unless
// STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set. A pledge opens a Checkout Session;
// Stripe's webhook says when the money came in or went back. Each event is handled once:
// its id is written in the same transaction as what it changes, so a replay finds it and
// does nothing, and a failure leaves no trace and Stripe sends it again.
import Stripe from "stripe";
import type { Pledge } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { receivePledge, refundedPledge } from "./campaigns.server";

export function stripeEnabled() {
  return Boolean(process.env.STRIPE_SECRET_KEY && process.env.STRIPE_WEBHOOK_SECRET);
}

let cached: { key: string; base: string; client: Stripe } | null = null;

/**
 * The client. STRIPE_API_BASE (e.g. "http://127.0.0.1:12111") points it at another server
 * speaking Stripe's API (stripe-mock, a test's own): host, port and protocol options.
 */
export function stripeClient(): Stripe {
  const key = process.env.STRIPE_SECRET_KEY;
  if (!key) throw new Error("Stripe is not configured (STRIPE_SECRET_KEY)");
  const base = process.env.STRIPE_API_BASE ?? "";
  if (cached?.key === key && cached.base === base) return cached.client;
  const url = base ? new URL(base) : null;
  const client = new Stripe(key, {
    maxNetworkRetries: 2,
    ...(url ? { host: url.hostname, port: url.port || (url.protocol === "http:" ? 80 : 443), protocol: url.protocol === "http:" ? ("http" as const) : ("https" as const) } : {}),
  });
  cached = { key, base, client };
  return client;
}

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
 * payment not known yet (a refund before its completion, and no pledge named on it) is
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
          if (!p) throw new Later();
          await tx.paymentEvent.update({ where: { id: event.id }, data: { pledgeId: p.id } });
          // A refund seen before its completion: the money did come in first, then went back.
          if (p.state === "pending") await receivePledge(tx, p.id, { recordedById: null, amount: c.amount, occurredAt: at, paymentIntentId: intent });
          if (c.refunded) await refundedPledge(tx, p.id, { recordedById: null, occurredAt: at });
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
