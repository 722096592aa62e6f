// Stripe's fees in the ledger (docs/decisions/0055): a charge's fee, read from its balance
// transaction through the stripe client (here a local server standing in for Stripe's
// API), is one `fee` entry per payment, however often and by however many events it is
// reported; the balance is then what actually arrived. Events signed with the package's
// own helper, as in stripe-webhooks.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign, pledge } from "~/features/funding/campaigns.server";
import { balances } from "~/features/funding/ledger.server";
import { handleStripeWebhook } from "~/features/funding/stripe.server";
import { offerSupport, undistributed } from "~/features/funding/support.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser } from "../support/collab";
import { offlineStripe, signedEvent } from "../support/stripe";

const SECRET = "whsec_test_claquette_fees";
const asked: string[] = [];
let stripe: Awaited<ReturnType<typeof offlineStripe>>;

beforeAll(async () => {
  // Answers GET /v1/balance_transactions/txn_<fee>: a transaction whose fee is <fee> cents.
  stripe = await offlineStripe(SECRET, (req, res) => {
    asked.push(`${req.method} ${req.url}`);
    const m = /^\/v1\/balance_transactions\/(txn_(\d+)_\w+)$/.exec(req.url ?? "");
    res.writeHead(m ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify(m ? { id: m[1], object: "balance_transaction", amount: 5000, fee: Number(m[2]), net: 5000 - Number(m[2]), currency: "eur", status: "pending" } : { error: { type: "invalid_request_error", message: "not here" } }));
  });
});
afterAll(() => stripe.stop());

const signed = (type: string, object: Record<string, unknown>) => signedEvent(type, object, { secret: SECRET });
const charge = (type: "charge.succeeded" | "charge.updated", o: { intent: string; metadata: Record<string, string>; balanceTransaction: string | null }) =>
  signed(type, { id: `ch_${o.intent}`, object: "charge", amount: 5000, currency: "eur", paid: true, status: "succeeded", payment_intent: o.intent, metadata: o.metadata, balance_transaction: o.balanceTransaction });
const send = (e: { payload: string; signature: string }) => handleStripeWebhook(e.payload, e.signature);

describe("Stripe fees", () => {
  it("records a payment's fee once: replayed, reported again by charge.updated, and at once", async () => {
    const producer = await testUser("fees");
    const { production } = await testProduction(producer);
    const c = await createCampaign(production.id, { title: "Reels", text: "", goal: 100_000, currency: "EUR", deadline: new Date(Date.now() + 3600_000), mode: "flexible", tiers: [] });
    if (!c.ok) throw new Error(c.problem);
    const backer = await testUser("card");
    const p = await pledge(c.campaign.id, backer.id, { tierId: null, amount: 5000, creditName: null, listed: false, provider: "stripe" });
    if (!p.ok) throw new Error(p.problem);
    const intent = `pi_${p.pledge.id}`;
    const txn = `txn_175_${p.pledge.id}`;

    // The charge before its balance transaction exists: nothing to record yet.
    expect(await send(charge("charge.succeeded", { intent, metadata: { pledgeId: p.pledge.id }, balanceTransaction: null }))).toEqual({ status: 200, handled: "ignored" });
    const completed = signed("checkout.session.completed", { id: `cs_${intent}`, object: "checkout.session", payment_status: "paid", amount_total: 5000, currency: "eur", metadata: { pledgeId: p.pledge.id }, client_reference_id: p.pledge.id, payment_intent: intent });
    expect(await send(completed)).toEqual({ status: 200, handled: "done" });

    const updated = charge("charge.updated", { intent, metadata: { pledgeId: p.pledge.id }, balanceTransaction: txn });
    expect(await send(updated)).toEqual({ status: 200, handled: "done" });
    // Replayed: the event is known, Stripe's API is not even asked again.
    const askedBefore = asked.length;
    expect(await send(updated)).toEqual({ status: 200, handled: "duplicate" });
    expect(asked.length).toBe(askedBefore);
    // The same fee reported by other events, two of them at once.
    await Promise.all([send(charge("charge.updated", { intent, metadata: { pledgeId: p.pledge.id }, balanceTransaction: txn })), send(charge("charge.updated", { intent, metadata: {}, balanceTransaction: txn }))]);

    const fees = await db.ledgerEntry.findMany({ where: { productionId: production.id, kind: "fee" } });
    expect(fees.map((f) => [f.amount, f.currency])).toEqual([[-175, "EUR"]]);
    expect(asked).toContain(`GET /v1/balance_transactions/${txn}`);
    // What actually arrived: 50.00 − 1.75.
    expect(await balances(production.id)).toEqual([{ currency: "EUR", amount: 4825 }]);
  });

  it("takes the fee on support out of what is left to share", async () => {
    const producer = await testUser("fees");
    const { production } = await testProduction(producer);
    await db.release.create({ data: { productionId: production.id, slug: "cut", title: "Cut", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() - 3600_000) } });
    const viewer = await testUser("card");
    const s = await offerSupport(production.id, viewer.id, { amount: 5000, currency: "EUR", provider: "stripe" });
    if (!s.ok) throw new Error(s.problem);
    const intent = `pi_${s.support.id}`;
    const completed = signed("checkout.session.completed", { id: `cs_${intent}`, object: "checkout.session", payment_status: "paid", amount_total: 5000, currency: "eur", metadata: { supportId: s.support.id }, client_reference_id: s.support.id, payment_intent: intent });
    expect(await send(completed)).toEqual({ status: 200, handled: "done" });
    const fee = charge("charge.succeeded", { intent, metadata: { supportId: s.support.id }, balanceTransaction: `txn_90_${s.support.id}` });
    expect(await send(fee)).toEqual({ status: 200, handled: "done" });
    expect(await send(fee)).toEqual({ status: 200, handled: "duplicate" });
    const kinds = await db.ledgerEntry.findMany({ where: { productionId: production.id }, orderBy: { number: "asc" }, select: { kind: true, amount: true } });
    expect(kinds).toEqual([
      { kind: "support_received", amount: 5000 },
      { kind: "fee", amount: -90 },
    ]);
    expect(await undistributed(production.id, "EUR")).toBe(4910);
  });

  it("refunds a support once on charge.refunded, replayed or reported again, and takes it out of what is left to share", async () => {
    const producer = await testUser("fees");
    const { production } = await testProduction(producer);
    await db.release.create({ data: { productionId: production.id, slug: "cut", title: "Cut", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() - 3600_000) } });
    const viewer = await testUser("card");
    const s = await offerSupport(production.id, viewer.id, { amount: 5000, currency: "EUR", provider: "stripe" });
    if (!s.ok) throw new Error(s.problem);
    const intent = `pi_${s.support.id}`;
    const completed = signed("checkout.session.completed", { id: `cs_${intent}`, object: "checkout.session", payment_status: "paid", amount_total: 5000, currency: "eur", metadata: { supportId: s.support.id }, client_reference_id: s.support.id, payment_intent: intent });
    expect(await send(completed)).toEqual({ status: 200, handled: "done" });
    expect(await undistributed(production.id, "EUR")).toBe(5000);

    const refunded = (metadata: Record<string, string>) =>
      signed("charge.refunded", { id: `ch_${intent}`, object: "charge", amount: 5000, amount_refunded: 5000, refunded: true, currency: "eur", payment_intent: intent, metadata });
    const first = refunded({ supportId: s.support.id });
    expect(await send(first)).toEqual({ status: 200, handled: "done" });
    // Replayed, and the same refund reported by another event (found by its payment only).
    expect(await send(first)).toEqual({ status: 200, handled: "duplicate" });
    expect(await send(refunded({}))).toEqual({ status: 200, handled: "done" });

    const entries = await db.ledgerEntry.findMany({ where: { productionId: production.id }, orderBy: { number: "asc" }, select: { kind: true, amount: true } });
    expect(entries).toEqual([
      { kind: "support_received", amount: 5000 },
      { kind: "refund", amount: -5000 },
    ]);
    const after = await db.support.findUniqueOrThrow({ where: { id: s.support.id } });
    expect(after.refundedAt).not.toBeNull();
    expect(after.refundEntryId).not.toBeNull();
    expect(await undistributed(production.id, "EUR")).toBe(0);
  });

  it("answers 409 for a fee of a payment it does not know yet, so that Stripe sends it again", async () => {
    expect(await send(charge("charge.succeeded", { intent: "pi_unknown_fee", metadata: {}, balanceTransaction: "txn_30_unknown" }))).toEqual({ status: 409, handled: "later" });
  });
});
