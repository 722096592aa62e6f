// Offers of help: anyone with an account offers a production a skill, equipment or a
// place; producers accept or decline, with a message, and the offerer hears about it; the
// offerer may withdraw an offer.
//
// Privacy (a deliberate exception to "made in the open"): an offer says where someone
// lives, what they own and when they are free. Its details are shown to the production's
// producers (who answer offers) and to the person who made it, never to visitors or to
// other members. The schedule, the call sheets and the tracker stay public; offers do not.
import { z } from "zod";
import { optionalText, requiredText } from "~/lib/forms";
import { db } from "~/lib/db.server";
import { notify } from "./notifications.server";

export const offerKinds = ["skill", "equipment", "place"] as const;
export type OfferKind = (typeof offerKinds)[number];
export const offerStatuses = ["open", "accepted", "declined", "withdrawn"] as const;
export type OfferStatus = (typeof offerStatuses)[number];
export const answers = ["accepted", "declined"] as const;

/** Open offers one person may have in one production at a time: enough to be useful, too few to spam. */
export const MAX_OPEN_OFFERS = 20;

export const offerSchema = z.object({
  kind: z.enum(offerKinds, "field.choice"),
  title: requiredText(120),
  description: optionalText(2000),
});
export const offerFields = ["kind", "title", "description"] as const;

export const answerSchema = z.object({
  offerId: requiredText(40),
  answer: z.enum(answers, "field.choice"),
  message: optionalText(1000),
});
export const answerFields = ["offerId", "answer", "message"] as const;

export const withdrawSchema = z.object({ offerId: requiredText(40) });

const offerSelect = {
  id: true,
  kind: true,
  title: true,
  description: true,
  status: true,
  answer: true,
  createdAt: true,
  user: { select: { id: true, handle: true, displayName: true } },
  answeredBy: { select: { handle: true, displayName: true } },
} as const;

/** Open offers first, then the answered ones, newest first within each. */
function openFirst<T extends { status: string }>(offers: T[]): T[] {
  return [...offers.filter((o) => o.status === "open"), ...offers.filter((o) => o.status !== "open")];
}

/** Kind and status as the closed lists they are (the columns are plain text). */
function typed<T extends { kind: string; status: string }>(o: T) {
  return { ...o, kind: (offerKinds as readonly string[]).includes(o.kind) ? (o.kind as OfferKind) : "skill", status: (offerStatuses as readonly string[]).includes(o.status) ? (o.status as OfferStatus) : "open" };
}

/** Every offer made to the production: for those who answer offers only (the route asks the policy). */
export async function offersTo(productionId: string, take = 500) {
  return openFirst((await db.helpOffer.findMany({ where: { productionId }, orderBy: { createdAt: "desc" }, take, select: offerSelect })).map(typed));
}

/** The offers one person made to the production. */
export async function offersBy(productionId: string, userId: string) {
  return (await db.helpOffer.findMany({ where: { productionId, userId }, orderBy: { createdAt: "desc" }, take: 200, select: offerSelect })).map(typed);
}

export type NewOffer = z.infer<typeof offerSchema>;

/** A new offer, or null when the person already has too many open ones here. */
export async function makeOffer(productionId: string, userId: string, input: NewOffer) {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`offers:${productionId}:${userId}`}))`;
    if ((await tx.helpOffer.count({ where: { productionId, userId, status: "open" } })) >= MAX_OPEN_OFFERS) return null;
    return tx.helpOffer.create({ data: { productionId, userId, kind: input.kind, title: input.title, description: input.description }, select: { id: true } });
  });
}

/**
 * A producer's answer. An offer withdrawn by its author cannot be answered; an answered
 * one may be answered again (a producer changes their mind). The offerer is notified.
 * False when there is no such offer in this production, or it was withdrawn.
 */
export async function answerOffer(productionId: string, offerId: string, answererId: string, answer: (typeof answers)[number], message: string): Promise<boolean> {
  const offer = await db.helpOffer.findFirst({ where: { id: offerId, productionId }, select: { id: true, userId: true, title: true } });
  if (!offer) return false;
  const { count } = await db.helpOffer.updateMany({
    where: { id: offer.id, status: { not: "withdrawn" } },
    data: { status: answer, answer: message || null, answeredById: answererId },
  });
  if (count !== 1) return false;
  await notify([offer.userId].filter((id) => id !== answererId), { kind: "changed", productionId, actorId: answererId, data: { offer: offer.title, answer } });
  return true;
}

/**
 * The offerer takes an offer back (open or accepted). Only their own: "notYours" when the
 * offer is someone else's (or not in this production), whatever id is posted; "gone" when
 * it was already withdrawn or declined.
 */
export async function withdrawOffer(productionId: string, offerId: string, userId: string): Promise<"done" | "notYours" | "gone"> {
  const offer = await db.helpOffer.findFirst({ where: { id: offerId, productionId }, select: { userId: true } });
  if (!offer || offer.userId !== userId) return "notYours";
  const { count } = await db.helpOffer.updateMany({
    where: { id: offerId, productionId, userId, status: { in: ["open", "accepted"] } },
    data: { status: "withdrawn" },
  });
  return count === 1 ? "done" : "gone";
}
