// Stripe's webhook, offline (docs/decisions/0052): events signed here with the package's
// own helper; valid, replayed, duplicated at once, out of order and forged. The refunds of
// a failed all-or-nothing campaign reach a local server standing in for Stripe's API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign, endIfDue, pledge } from "~/features/funding/campaigns.server";
import { balances } from "~/features/funding/ledger.server";
import { handleStripeWebhook } from "~/features/funding/stripe.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser } from "../support/collab";
import { offlineStripe, signedEvent } from "../support/stripe";

const SECRET = "whsec_test_claquette";
let received: { path: string; body: string; idempotencyKey: string | undefined }[] = [];
let stripe: Awaited<ReturnType<typeof offlineStripe>>;

beforeAll(async () => {
  stripe = await offlineStripe(SECRET, (req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ path: req.url ?? "", body, idempotencyKey: req.headers["idempotency-key"] as string | undefined });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `re_${received.length}`, object: "refund", status: "succeeded" }));
    });
  });
});
afterAll(() => stripe.stop());

const signed = (type: string, object: Record<string, unknown>, { id, secret = SECRET }: { id?: string; secret?: string } = {}) => signedEvent(type, object, { id, secret });
const completed = (pledgeId: string, amount: number, intent: string) =>
  signed("checkout.session.completed", { id: `cs_${intent}`, object: "checkout.session", payment_status: "paid", amount_total: amount, currency: "eur", metadata: { pledgeId }, client_reference_id: pledgeId, payment_intent: intent });
const refunded = (amount: number, intent: string, metadata: Record<string, string> = {}) =>
  signed("charge.refunded", { id: `ch_${intent}`, object: "charge", amount, amount_refunded: amount, refunded: true, currency: "eur", payment_intent: intent, metadata });

async function stripePledge(mode: "all_or_nothing" | "flexible" = "flexible", amount = 5000) {
  const producer = await testUser("stripe");
  const { production } = await testProduction(producer);
  const c = await createCampaign(production.id, { title: "Reels", text: "", goal: 1_000_000, currency: "EUR", deadline: new Date(Date.now() + 3600_000), mode, tiers: [] });
  if (!c.ok) throw new Error(c.problem);
  const backer = await testUser("card");
  const p = await pledge(c.campaign.id, backer.id, { tierId: null, amount, creditName: null, listed: false, provider: "stripe" });
  if (!p.ok) throw new Error(p.problem);
  return { production, campaign: c.campaign, pledge: p.pledge };
}

describe("the Stripe webhook", () => {
  it("records a completed payment once, however often the event comes", async () => {
    const { production, pledge: p } = await stripePledge();
    const e = completed(p.id, 5000, `pi_${p.id}`);
    expect(await handleStripeWebhook(e.payload, e.signature)).toEqual({ status: 200, handled: "done" });
    // Replayed later, and duplicated at once.
    expect(await handleStripeWebhook(e.payload, e.signature)).toEqual({ status: 200, handled: "duplicate" });
    const twice = await Promise.all([handleStripeWebhook(e.payload, e.signature), handleStripeWebhook(e.payload, e.signature)]);
    expect(twice.map((o) => o.handled)).toEqual(["duplicate", "duplicate"]);
    // The same fact under another event id (Stripe's async_payment_succeeded) counts nothing twice either.
    const again = completed(p.id, 5000, `pi_${p.id}`);
    expect((await handleStripeWebhook(again.payload, again.signature)).status).toBe(200);
    expect(await balances(production.id)).toEqual([{ currency: "EUR", amount: 5000 }]);
    expect(await db.paymentEvent.count({ where: { pledgeId: p.id } })).toBe(2);
  });

  it("refuses forged events: a wrong secret, a changed body, no signature", async () => {
    const { production, pledge: p } = await stripePledge();
    const forged = completed(p.id, 5000, "pi_forged");
    const wrongSecret = signed("checkout.session.completed", {}, { secret: "whsec_someone_else" });
    expect(await handleStripeWebhook(wrongSecret.payload, wrongSecret.signature)).toEqual({ status: 400, handled: "forged" });
    expect(await handleStripeWebhook(forged.payload.replace("5000", "500000"), forged.signature)).toEqual({ status: 400, handled: "forged" });
    expect(await handleStripeWebhook(forged.payload, null)).toEqual({ status: 400, handled: "forged" });
    expect(await balances(production.id)).toEqual([]);
    expect(await db.paymentEvent.count({ where: { id: forged.id } })).toBe(0);
  });

  it("takes a refund that comes before its payment's completion", async () => {
    const { production, pledge: p } = await stripePledge();
    const intent = `pi_ooo_${p.id}`;
    // Unknown payment and no pledge named: not kept, so that Stripe sends it again later.
    const early = refunded(5000, intent);
    expect(await handleStripeWebhook(early.payload, early.signature)).toEqual({ status: 409, handled: "later" });
    expect(await db.paymentEvent.count({ where: { id: early.id } })).toBe(0);
    // Naming the pledge (the payment's metadata), it is taken at once: in, then back out.
    const named = refunded(5000, intent, { pledgeId: p.id });
    expect(await handleStripeWebhook(named.payload, named.signature)).toEqual({ status: 200, handled: "done" });
    const late = completed(p.id, 5000, intent);
    expect(await handleStripeWebhook(late.payload, late.signature)).toEqual({ status: 200, handled: "done" });
    expect(await handleStripeWebhook(early.payload, early.signature)).toEqual({ status: 200, handled: "done" });
    const entries = await db.ledgerEntry.findMany({ where: { productionId: production.id }, orderBy: { number: "asc" } });
    expect(entries.map((e) => [e.kind, e.amount])).toEqual([
      ["pledge_received", 5000],
      ["refund", -5000],
    ]);
    expect((await db.pledge.findUniqueOrThrow({ where: { id: p.id } })).state).toBe("refunded");
  });

  it("refunds a failed all-or-nothing campaign's card payments through Stripe, once", async () => {
    const { production, campaign, pledge: p } = await stripePledge("all_or_nothing");
    const intent = `pi_fail_${p.id}`;
    const paid = completed(p.id, 5000, intent);
    await handleStripeWebhook(paid.payload, paid.signature);
    received = [];
    await db.campaign.update({ where: { id: campaign.id }, data: { deadline: new Date(Date.now() - 1000) } });
    expect(await endIfDue(campaign.id)).toBe("failed");
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe("/v1/refunds");
    expect(new URLSearchParams(received[0]!.body).get("payment_intent")).toBe(intent);
    expect(received[0]!.idempotencyKey).toBe(`refund-${p.id}`);
    // Stripe then says it is done: nothing more is written.
    const done = refunded(5000, intent);
    expect(await handleStripeWebhook(done.payload, done.signature)).toEqual({ status: 200, handled: "done" });
    expect(await balances(production.id)).toEqual([{ currency: "EUR", amount: 0 }]);
    expect(await db.ledgerEntry.count({ where: { productionId: production.id } })).toBe(2);
  });
});
