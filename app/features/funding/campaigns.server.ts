// Campaigns and their pledges (docs/decisions/0052). A pledge moves money only when it is
// received or refunded, and then writes its ledger entry in the same transaction as the
// pledge's new state; a state changes only from the one expected (`updateMany … where
// state`), so a second click, a replayed webhook or a race counts nothing twice.
import type { CampaignMode, Pledge, Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { notify } from "~/features/tracker/notifications.server";
import { recordEntry } from "./ledger.server";
import { sumAmounts } from "./money";
import { newReference } from "./payment-reference.server";
import { stripeEnabled } from "./stripe-client.server";
import { refundStripePledge } from "./stripe.server";

type Tx = Prisma.TransactionClient;

// In a burst (many marks at once) transactions queue for the pool's connections.
const txQueue = { maxWait: 60_000, timeout: 30_000 };

export type TierInput = { name: string; amount: number; creditAs: string; poster: boolean; screeningId: string | null };
export type CampaignInput = { title: string; text: string; goal: number; currency: string; deadline: Date; mode: CampaignMode; tiers: TierInput[] };

export async function createCampaign(productionId: string, input: CampaignInput) {
  if (input.tiers.some((t) => t.screeningId)) {
    // A seat is offered only at one of this production's own screenings.
    const ids = input.tiers.flatMap((t) => (t.screeningId ? [t.screeningId] : []));
    const found = await db.screening.count({ where: { productionId, id: { in: ids } } });
    if (found !== new Set(ids).size) return { ok: false as const, problem: "campaign.form.screeningUnknown" as const };
  }
  const campaign = await db.campaign.create({
    data: {
      productionId,
      title: input.title,
      text: input.text,
      goal: input.goal,
      currency: input.currency,
      deadline: input.deadline,
      mode: input.mode,
      tiers: { create: input.tiers.map((t, position) => ({ ...t, position })) },
    },
  });
  return { ok: true as const, campaign };
}

export function campaignsOf(productionId: string) {
  return db.campaign.findMany({ where: { productionId }, orderBy: { createdAt: "desc" } });
}

/** The campaign open now, for a "Support the film" link (the newest, if several). */
export function openCampaignOf(productionId: string) {
  return db.campaign.findFirst({ where: { productionId, state: "open", deadline: { gt: new Date() } }, orderBy: { createdAt: "desc" }, select: { id: true, title: true } });
}

export function campaignOf(productionId: string, id: string) {
  return db.campaign.findFirst({
    where: { id, productionId },
    include: { tiers: { orderBy: { position: "asc" }, include: { screening: { select: { venue: true, city: true, startsAt: true, timeZone: true } } } } },
  });
}

export type PledgeInput = { tierId: string | null; amount: number | null; creditName: string | null; listed: boolean; provider: "manual" | "stripe" };
export type PledgeProblem = "campaign.pledge.closed" | "campaign.pledge.tierUnknown" | "campaign.pledge.belowTier" | "campaign.pledge.amountMissing" | "campaign.pledge.stripeOff";

export async function pledge(campaignId: string, userId: string, input: PledgeInput): Promise<{ ok: true; pledge: Pledge } | { ok: false; problem: PledgeProblem }> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, include: { tiers: true } });
  if (!campaign || campaign.state !== "open" || campaign.deadline <= new Date()) return { ok: false, problem: "campaign.pledge.closed" };
  if (input.provider === "stripe" && !stripeEnabled()) return { ok: false, problem: "campaign.pledge.stripeOff" };
  const tier = input.tierId ? campaign.tiers.find((t) => t.id === input.tierId) : null;
  if (input.tierId && !tier) return { ok: false, problem: "campaign.pledge.tierUnknown" };
  const amount = input.amount ?? tier?.amount ?? null;
  if (!amount) return { ok: false, problem: "campaign.pledge.amountMissing" };
  if (tier && amount < tier.amount) return { ok: false, problem: "campaign.pledge.belowTier" };
  for (;;) {
    try {
      const created = await db.pledge.create({
        data: {
          campaignId,
          tierId: tier?.id ?? null,
          userId,
          amount,
          currency: campaign.currency,
          provider: input.provider,
          reference: newReference(),
          creditName: input.creditName,
          // Anonymous backing is never listed by name.
          listed: input.creditName ? input.listed : false,
        },
      });
      return { ok: true, pledge: created };
    } catch (e) {
      // 32^8 references: a clash is rare, and another draw settles it.
      if ((e as { code?: string }).code !== "P2002") throw e;
    }
  }
}

async function productionOfPledge(tx: Tx, pledgeId: string) {
  return tx.pledge.findUniqueOrThrow({ where: { id: pledgeId }, include: { campaign: { select: { productionId: true, title: true } } } });
}

/**
 * The pledge's money came in: its `pledge_received` entry, once. False when it was already
 * received (or is no longer pending): nothing is written again.
 */
export async function receivePledge(tx: Tx, pledgeId: string, by: { recordedById: string | null; amount?: number; occurredAt?: Date; paymentIntentId?: string | null }) {
  const moved = await tx.pledge.updateMany({
    where: { id: pledgeId, state: "pending" },
    data: { state: "received", receivedAt: by.occurredAt ?? new Date(), ...(by.paymentIntentId ? { stripePaymentIntentId: by.paymentIntentId } : {}) },
  });
  if (!moved.count) return false;
  const p = await productionOfPledge(tx, pledgeId);
  const entry = await recordEntry(tx, {
    productionId: p.campaign.productionId,
    kind: "pledge_received",
    amount: by.amount ?? p.amount,
    currency: p.currency,
    description: `Pledge ${p.reference} (${p.campaign.title})`,
    occurredAt: by.occurredAt,
    recordedById: by.recordedById,
  });
  await tx.pledge.update({ where: { id: pledgeId }, data: { receivedEntryId: entry.id, ...(by.amount ? { amount: by.amount } : {}) } });
  return true;
}

/** The money went back to the backer: its `refund` entry, once, for what had come in. */
export async function refundedPledge(tx: Tx, pledgeId: string, by: { recordedById: string | null; occurredAt?: Date }) {
  const moved = await tx.pledge.updateMany({
    where: { id: pledgeId, state: { in: ["received", "to_refund"] }, refundEntryId: null },
    data: { state: "refunded", refundedAt: by.occurredAt ?? new Date() },
  });
  if (!moved.count) return false;
  const p = await productionOfPledge(tx, pledgeId);
  const entry = await recordEntry(tx, {
    productionId: p.campaign.productionId,
    kind: "refund",
    amount: -p.amount,
    currency: p.currency,
    description: `Refund of pledge ${p.reference} (${p.campaign.title})`,
    occurredAt: by.occurredAt,
    recordedById: by.recordedById,
  });
  await tx.pledge.update({ where: { id: pledgeId }, data: { refundEntryId: entry.id } });
  return true;
}

/** A producer says a transfer arrived (manual provider). */
export function markReceived(campaignId: string, pledgeId: string, producerId: string) {
  return db.$transaction(async (tx) => {
    const p = await tx.pledge.findFirst({ where: { id: pledgeId, campaignId, provider: "manual" } });
    if (!p) return false;
    return receivePledge(tx, pledgeId, { recordedById: producerId });
  }, txQueue);
}

/**
 * A producer sends a pledge's money back: by transfer (manual, then marked here) or
 * through the provider (Stripe, which refunds the card; its webhook finds it done).
 */
export async function refundPledge(campaignId: string, pledgeId: string, producerId: string | null) {
  const p = await db.pledge.findFirst({ where: { id: pledgeId, campaignId } });
  if (!p || (p.state !== "received" && p.state !== "to_refund")) return false;
  if (p.provider === "stripe") await refundStripePledge(p);
  return db.$transaction((tx) => refundedPledge(tx, pledgeId, { recordedById: producerId }), txQueue);
}

/** The campaign's pledges and the ledger entries they wrote; its balance is their sum. */
export async function campaignMoney(campaignId: string) {
  const pledges = await db.pledge.findMany({
    where: { campaignId },
    orderBy: { createdAt: "asc" },
    include: { tier: { select: { name: true } }, user: { select: { handle: true, displayName: true } } },
  });
  const ids = pledges.flatMap((p) => [p.receivedEntryId, p.refundEntryId, p.feeEntryId].filter((id): id is string => id !== null));
  const entries = ids.length ? await db.ledgerEntry.findMany({ where: { id: { in: ids } }, orderBy: { number: "asc" } }) : [];
  const balance = sumAmounts(entries.map((e) => e.amount));
  const received = sumAmounts(entries.filter((e) => e.kind === "pledge_received").map((e) => e.amount));
  return { pledges, entries, balance, received };
}

/**
 * A campaign past its deadline ends, once (the state moves from `open` only once): an
 * all-or-nothing one short of its goal refunds every received pledge (manual ones are
 * marked to refund for the producers; Stripe's go back through Stripe); a flexible one, or
 * one that reached its goal, keeps what came in. Backers are told. Run on reading a
 * campaign and by the hourly job.
 */
export async function endIfDue(campaignId: string, now = new Date()) {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!campaign || campaign.state !== "open" || campaign.deadline > now) return null;
  const { received } = await campaignMoney(campaignId);
  const failed = campaign.mode === "all_or_nothing" && received < campaign.goal;
  const ended = await db.$transaction(async (tx) => {
    const moved = await tx.campaign.updateMany({ where: { id: campaignId, state: "open" }, data: { state: failed ? "failed" : "succeeded", endedAt: now } });
    if (!moved.count) return false;
    if (failed) await tx.pledge.updateMany({ where: { campaignId, state: "received" }, data: { state: "to_refund" } });
    return true;
  });
  if (!ended) return null;
  if (failed) {
    const toRefund = await db.pledge.findMany({ where: { campaignId, provider: "stripe", state: "to_refund" } });
    for (const p of toRefund) await refundPledge(campaignId, p.id, null);
  }
  const backers = await db.pledge.findMany({ where: { campaignId, userId: { not: null }, state: { not: "pending" } }, select: { userId: true } });
  await notify(
    backers.map((b) => b.userId!),
    { kind: failed ? "campaignFailed" : "campaignSucceeded", productionId: campaign.productionId, data: { title: campaign.title, campaignId } },
  );
  return failed ? ("failed" as const) : ("succeeded" as const);
}

/** Every open campaign past its deadline, ended (the job's work). */
export async function endDueCampaigns(now = new Date()) {
  const due = await db.campaign.findMany({ where: { state: "open", deadline: { lte: now } }, select: { id: true } });
  for (const c of due) await endIfDue(c.id, now);
  return due.length;
}

/** Backers named on the campaign's page: those who chose to be, with money in. */
export function listedBackers(campaignId: string) {
  return db.pledge.findMany({
    where: { campaignId, listed: true, creditName: { not: null }, state: "received" },
    orderBy: { receivedAt: "asc" },
    select: { creditName: true, tier: { select: { name: true } } },
  });
}

/**
 * The production's backers for a release's credits, by the title their tier credits them
 * under, under the name they chose; only those who gave a name and whose money is in.
 */
export async function backerCredits(productionId: string) {
  const pledges = await db.pledge.findMany({
    where: { campaign: { productionId }, state: "received", creditName: { not: null }, tier: { creditAs: { not: "" } } },
    orderBy: [{ receivedAt: "asc" }],
    select: { creditName: true, tier: { select: { creditAs: true, amount: true } } },
  });
  const groups = new Map<string, { role: string; amount: number; names: string[] }>();
  for (const p of pledges) {
    const role = p.tier!.creditAs;
    const g = groups.get(role) ?? { role, amount: p.tier!.amount, names: [] };
    g.amount = Math.max(g.amount, p.tier!.amount);
    if (!g.names.includes(p.creditName!)) g.names.push(p.creditName!);
    groups.set(role, g);
  }
  // The higher tiers first ("Co-producer" before "Backer").
  return [...groups.values()].sort((a, b) => b.amount - a.amount).map((g) => ({ role: g.role, names: g.names }));
}
