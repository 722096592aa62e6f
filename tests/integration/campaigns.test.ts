// Campaigns and pledges against PostgreSQL (docs/decisions/0052): each pledge counts once
// in the ledger however many times it is marked, and however many come at once; an
// all-or-nothing campaign that misses its goal gives every received pledge back.
import { describe, expect, it } from "vitest";
import { backerCredits, campaignMoney, createCampaign, endIfDue, markReceived, pledge, refundPledge } from "~/features/funding/campaigns.server";
import { balances } from "~/features/funding/ledger.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser } from "../support/collab";

async function openCampaign(mode: "all_or_nothing" | "flexible", goal = 100_000, deadline = new Date(Date.now() + 7 * 24 * 3600_000)) {
  const producer = await testUser("camp");
  const { production } = await testProduction(producer);
  const created = await createCampaign(production.id, {
    title: "Finish the film",
    text: "",
    goal,
    currency: "EUR",
    deadline,
    mode,
    tiers: [
      { name: "Friend", amount: 1000, creditAs: "Backer", poster: false, screeningId: null },
      { name: "Patron", amount: 10_000, creditAs: "Co-producer", poster: true, screeningId: null },
    ],
  });
  if (!created.ok) throw new Error(created.problem);
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: created.campaign.id }, include: { tiers: { orderBy: { position: "asc" } } } });
  return { producer, production, campaign };
}

async function pledged(campaignId: string, input: Partial<Parameters<typeof pledge>[2]> = {}) {
  const backer = await testUser("backer");
  const r = await pledge(campaignId, backer.id, { tierId: null, amount: 2500, creditName: null, listed: false, provider: "manual", ...input });
  if (!r.ok) throw new Error(r.problem);
  return r.pledge;
}

describe("campaigns", () => {
  it("counts a pledge marked received twice, even at once, only once", async () => {
    const { producer, production, campaign } = await openCampaign("flexible");
    const p = await pledged(campaign.id);
    expect(p.reference).toMatch(/^CLQ-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const marks = await Promise.all([markReceived(campaign.id, p.id, producer.id), markReceived(campaign.id, p.id, producer.id)]);
    expect(marks.filter(Boolean)).toHaveLength(1);
    expect(await markReceived(campaign.id, p.id, producer.id)).toBe(false);
    expect(await balances(production.id)).toEqual([{ currency: "EUR", amount: 2500 }]);
    expect(await db.ledgerEntry.count({ where: { productionId: production.id, kind: "pledge_received" } })).toBe(1);

    // Refunded once: a refund entry of the opposite amount, and no second one.
    expect(await refundPledge(campaign.id, p.id, producer.id)).toBe(true);
    expect(await refundPledge(campaign.id, p.id, producer.id)).toBe(false);
    const money = await campaignMoney(campaign.id);
    expect(money.entries.map((e) => [e.kind, e.amount])).toEqual([
      ["pledge_received", 2500],
      ["refund", -2500],
    ]);
    expect(money.balance).toBe(0);
  });

  it("refuses a pledge below its tier, on a tier of another campaign, or after the deadline", async () => {
    const { campaign } = await openCampaign("flexible");
    const other = await openCampaign("flexible");
    const backer = await testUser("backer");
    const base = { creditName: null, listed: false, provider: "manual" as const };
    expect(await pledge(campaign.id, backer.id, { ...base, tierId: campaign.tiers[1]!.id, amount: 500 })).toEqual({ ok: false, problem: "campaign.pledge.belowTier" });
    expect(await pledge(campaign.id, backer.id, { ...base, tierId: other.campaign.tiers[0]!.id, amount: null })).toEqual({ ok: false, problem: "campaign.pledge.tierUnknown" });
    expect(await pledge(campaign.id, backer.id, { ...base, tierId: null, amount: 100, provider: "stripe" })).toEqual({ ok: false, problem: "campaign.pledge.stripeOff" });
    const past = await openCampaign("flexible", 1000, new Date(Date.now() - 1000));
    expect(await pledge(past.campaign.id, backer.id, { ...base, tierId: null, amount: 100 })).toEqual({ ok: false, problem: "campaign.pledge.closed" });
  });

  it("writes 200 pledges received at once each exactly once; the balance is the sum of the entries", async () => {
    const { producer, production, campaign } = await openCampaign("flexible", 10_000_000);
    const backer = await testUser("crowd");
    const amounts = Array.from({ length: 200 }, (_, i) => 100 + i * 37);
    const pledges = await Promise.all(
      amounts.map(async (amount) => {
        const r = await pledge(campaign.id, backer.id, { tierId: null, amount, creditName: null, listed: false, provider: "manual" });
        if (!r.ok) throw new Error(r.problem);
        return r.pledge;
      }),
    );
    expect(new Set(pledges.map((p) => p.reference)).size).toBe(200);
    // Every pledge marked twice, all at once.
    await Promise.all([...pledges, ...pledges].map((p) => markReceived(campaign.id, p.id, producer.id)));
    const entries = await db.ledgerEntry.findMany({ where: { productionId: production.id } });
    expect(entries).toHaveLength(200);
    const after = await db.pledge.findMany({ where: { campaignId: campaign.id } });
    expect(new Set(after.map((p) => p.receivedEntryId)).size).toBe(200);
    const sum = amounts.reduce((a, b) => a + b, 0);
    expect(await balances(production.id)).toEqual([{ currency: "EUR", amount: sum }]);
    expect((await campaignMoney(campaign.id)).balance).toBe(sum);
  }, 120_000);

  it("an all-or-nothing campaign short of its goal at its deadline marks every received pledge to refund, and tells its backers", async () => {
    const { producer, production, campaign } = await openCampaign("all_or_nothing", 100_000);
    const received = [await pledged(campaign.id), await pledged(campaign.id, { amount: 4000 })];
    const pending = await pledged(campaign.id);
    for (const p of received) await markReceived(campaign.id, p.id, producer.id);
    // The deadline passes.
    await db.campaign.update({ where: { id: campaign.id }, data: { deadline: new Date(Date.now() - 1000) } });
    const [a, b] = await Promise.all([endIfDue(campaign.id), endIfDue(campaign.id)]);
    expect([a, b].filter(Boolean)).toEqual(["failed"]);
    const states = await db.pledge.findMany({ where: { campaignId: campaign.id }, orderBy: { createdAt: "asc" }, select: { id: true, state: true } });
    expect(states.map((s) => s.state)).toEqual(["to_refund", "to_refund", "pending"]);
    expect(await db.notification.count({ where: { kind: "campaignFailed", userId: { in: received.map((p) => p.userId!) } } })).toBe(2);
    expect(await db.notification.count({ where: { kind: "campaignFailed", userId: pending.userId! } })).toBe(0);
    // The producers send the transfers back and mark them: the campaign's balance is nil.
    for (const p of received) expect(await refundPledge(campaign.id, p.id, producer.id)).toBe(true);
    expect(await balances(production.id)).toEqual([{ currency: "EUR", amount: 0 }]);
    expect(await db.pledge.count({ where: { campaignId: campaign.id, state: "refunded" } })).toBe(2);
  });

  it("a flexible campaign keeps what came in", async () => {
    const { producer, production, campaign } = await openCampaign("flexible", 100_000);
    const p = await pledged(campaign.id);
    await markReceived(campaign.id, p.id, producer.id);
    await db.campaign.update({ where: { id: campaign.id }, data: { deadline: new Date(Date.now() - 1000) } });
    expect(await endIfDue(campaign.id)).toBe("succeeded");
    expect((await db.pledge.findUniqueOrThrow({ where: { id: p.id } })).state).toBe("received");
    expect(await balances(production.id)).toEqual([{ currency: "EUR", amount: 2500 }]);
  });

  it("credits backers by tier under the name they chose, only those who gave one and paid", async () => {
    const { producer, production, campaign } = await openCampaign("flexible");
    const [friend, patron] = campaign.tiers;
    const named = await pledged(campaign.id, { tierId: friend!.id, amount: null, creditName: "Ada L.", listed: true });
    const anonymous = await pledged(campaign.id, { tierId: friend!.id, amount: null, creditName: null });
    const coProducer = await pledged(campaign.id, { tierId: patron!.id, amount: null, creditName: "Grace H." });
    await pledged(campaign.id, { tierId: patron!.id, amount: null, creditName: "Not paid yet" });
    for (const p of [named, anonymous, coProducer]) await markReceived(campaign.id, p.id, producer.id);
    expect(await backerCredits(production.id)).toEqual([
      { role: "Co-producer", names: ["Grace H."] },
      { role: "Backer", names: ["Ada L."] },
    ]);
  });
});
