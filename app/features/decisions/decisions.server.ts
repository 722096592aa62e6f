// The open decision log in PostgreSQL: drafting, proposing, deciding (which freezes
// the text into a version), amendment notes, superseding, and the discussion.
import * as Y from "yjs";
import { writeBlocks, type Block } from "~/features/collab/content";
import { docNameFor } from "~/features/collab/doc-name";
import { appendUpdates, resolveDocument, writeVersion } from "~/features/collab/store.server";
import type { Prisma } from "~/generated/prisma/client";
import { announceAccessChange } from "~/lib/access.server";
import type { Viewer } from "~/lib/context";
import { db } from "~/lib/db.server";
import { productionRead } from "~/features/productions/production-read.server";
import { notFound } from "~/lib/http.server";
import type { DecisionStatus, Resource } from "~/lib/policy";
import { notify } from "~/features/tracker/notifications.server";
import type { Stance } from "./positions";

export type DecisionLink = { label: string; path: string };

const person = { select: { handle: true, displayName: true } } as const;

/** The decision D-<number> of a production, with what the policy needs about the person asking. */
export async function decisionFor(slug: string, number: number, viewer: Viewer | null) {
  if (!Number.isSafeInteger(number) || number < 1) notFound();
  const { row: production, role } = (await productionRead(slug, viewer?.id)) ?? notFound();
  const decision = await db.decision.findUnique({
    where: { productionId_number: { productionId: production.id, number } },
    include: {
      createdBy: person,
      decidedBy: person,
      poll: { select: { id: true, question: true } },
      supersedes: { select: { number: true, title: true, status: true } },
      supersededBy: { select: { number: true, title: true, status: true }, orderBy: { number: "asc" } },
    },
  });
  if (!decision) notFound();
  const resource: Resource = { type: "decision", role, status: decision.status };
  return {
    production: { id: production.id, slug: production.slug, title: production.title, minProposalHours: production.minProposalHours },
    decision,
    role,
    resource,
  };
}

export type NewDecision = {
  title: string;
  tags: string[];
  reviewOn: Date | null;
  links: DecisionLink[];
  pollId?: string | null;
  supersedesId?: string | null;
  /** the text it starts from (decisionTemplate) */
  text: Block[];
};

/** A new draft, numbered next in the production, its text written by its author. */
export async function createDecision(productionId: string, userId: string, input: NewDecision) {
  const decision = await db.$transaction(async (tx) => {
    // Numbers are handed out one at a time per production.
    await tx.$queryRaw`SELECT id FROM "Production" WHERE id = ${productionId} FOR UPDATE`;
    const last = await tx.decision.findFirst({ where: { productionId }, orderBy: { number: "desc" }, select: { number: true } });
    const created = await tx.decision.create({
      data: {
        productionId,
        number: (last?.number ?? 0) + 1,
        title: input.title,
        tags: input.tags,
        reviewOn: input.reviewOn,
        links: input.links as Prisma.InputJsonValue,
        pollId: input.pollId ?? null,
        supersedesId: input.supersedesId ?? null,
        createdById: userId,
      },
    });
    await tx.decisionEvent.create({ data: { decisionId: created.id, actorId: userId, kind: "created" } });
    return created;
  });
  const info = await resolveDocument(docNameFor("decision", decision.id));
  if (info && input.text.length) {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    writeBlocks(doc, input.text);
    await appendUpdates([{ docName: info.name, productionId, authorId: userId, update: Y.mergeUpdates(updates) }]);
    doc.destroy();
  }
  return decision;
}

async function touch(tx: Prisma.TransactionClient, decisionId: string, actorId: string, kind: string, note = "") {
  await tx.decisionEvent.create({ data: { decisionId, actorId, kind, note } });
  await tx.decision.update({ where: { id: decisionId }, data: { lastActivityAt: new Date() } });
}

/** Lock the decision's row and check its status; false when someone changed it meanwhile. */
async function lockIn(tx: Prisma.TransactionClient, decisionId: string, allowed: DecisionStatus[]) {
  const rows = await tx.$queryRaw<{ status: DecisionStatus }[]>`SELECT status FROM "Decision" WHERE id = ${decisionId} FOR UPDATE`;
  return rows.length === 1 && allowed.includes(rows[0]!.status);
}

/** Put a draft before the community. */
export async function proposeDecision(decisionId: string, actorId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (!(await lockIn(tx, decisionId, ["draft"]))) return false;
    await tx.decision.update({ where: { id: decisionId }, data: { status: "proposed", proposedAt: new Date() } });
    await touch(tx, decisionId, actorId, "proposed");
    return true;
  });
}

/** When a proposal may first be decided: its production's minimum proposal period after it was proposed. */
export function decidableFrom(proposedAt: Date | null, minProposalHours: number): Date | null {
  return proposedAt && minProposalHours > 0 ? new Date(proposedAt.getTime() + minProposalHours * 3600_000) : null;
}

export type DecideResult = "decided" | "conflict" | "tooEarly" | "blocks";

/**
 * Accept or reject a proposed decision. In one transaction: the text is frozen (no
 * update is stored after this, even one already on its way) and kept as a version,
 * the decision records who decided and when, and an accepted decision that
 * supersedes another marks that one superseded. Live editors are then disconnected.
 * Refused before the production's minimum proposal period has passed, and, for an
 * acceptance over open blocks, unless `overBlocks` says the producer confirmed it
 * (the blocks are counted under the row lock every position change also takes).
 */
export async function decide(
  decisionId: string,
  actorId: string,
  outcome: "accepted" | "rejected",
  options: { overBlocks?: boolean; now?: Date } = {},
): Promise<DecideResult> {
  const name = docNameFor("decision", decisionId);
  const info = await resolveDocument(name);
  if (!info) return "conflict";
  const result = await db.$transaction(
    async (tx): Promise<DecideResult> => {
      if (!(await lockIn(tx, decisionId, ["proposed"]))) return "conflict";
      const current = await tx.decision.findUniqueOrThrow({ where: { id: decisionId }, select: { proposedAt: true, production: { select: { minProposalHours: true } } } });
      const from = decidableFrom(current.proposedAt, current.production.minProposalHours);
      if (from && (options.now ?? new Date()) < from) return "tooEarly";
      const blocks = await tx.decisionPosition.count({ where: { decisionId, stance: "block" } });
      if (outcome === "accepted" && blocks > 0 && !options.overBlocks) return "blocks";
      await tx.document.update({ where: { name }, data: { frozenAt: new Date() } });
      const version = await writeVersion(tx, name, { label: outcome === "accepted" ? "decision:accepted" : "decision:rejected", createdById: actorId });
      const decision = await tx.decision.update({
        where: { id: decisionId },
        data: {
          status: outcome,
          decidedAt: new Date(),
          decidedById: actorId,
          frozenVersion: version?.number ?? null,
          acceptedOverBlocks: outcome === "accepted" && blocks > 0 ? blocks : null,
        },
      });
      await touch(tx, decisionId, actorId, outcome, outcome === "accepted" && blocks > 0 ? String(blocks) : "");
      if (outcome === "accepted" && decision.supersedesId) {
        const earlier = await tx.decision.updateManyAndReturn({
          where: { id: decision.supersedesId, status: "accepted" },
          data: { status: "superseded", lastActivityAt: new Date() },
          select: { id: true },
        });
        for (const e of earlier) await tx.decisionEvent.create({ data: { decisionId: e.id, actorId, kind: "superseded", note: String(decision.number) } });
      }
      return "decided";
    },
    { timeout: 60_000 },
  );
  if (result === "decided") await announceAccessChange({ document: name });
  return result;
}

/**
 * A member's position on a proposed decision, new or changed. Under the decision's row
 * lock, as deciding is: once it is accepted or rejected no position is written, and a
 * producer accepting counts the blocks as they stand. False when it is no longer proposed.
 */
export async function takePosition(decisionId: string, userId: string, stance: Stance, reason: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (!(await lockIn(tx, decisionId, ["proposed"]))) return false;
    await tx.decisionPosition.upsert({
      where: { decisionId_userId: { decisionId, userId } },
      create: { decisionId, userId, stance, reason },
      update: { stance, reason },
    });
    await tx.decision.update({ where: { id: decisionId }, data: { lastActivityAt: new Date() } });
    return true;
  });
}

/** Everyone's position, in the order they were first taken. */
export async function positionsOf(decisionId: string) {
  return db.decisionPosition.findMany({
    where: { decisionId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { stance: true, reason: true, updatedAt: true, userId: true, user: person },
  });
}

/** The positions on several decisions at once (the feed, the weekly log), by decision id. */
export async function positionsByDecision(decisionIds: string[]) {
  const rows = await db.decisionPosition.findMany({
    where: { decisionId: { in: decisionIds } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { decisionId: true, stance: true, reason: true, user: person },
  });
  const by = new Map<string, { stance: Stance; reason: string; user: { handle: string; displayName: string } | null }[]>();
  for (const { decisionId, ...p } of rows) by.set(decisionId, [...(by.get(decisionId) ?? []), p]);
  return by;
}

/**
 * Producers learn, once, that a proposal's closing date has passed and it waits for
 * their decision. Run by the server every few seconds with the poll closer.
 */
export async function notifyDueProposals(now = new Date()): Promise<number> {
  const due = await db.decision.findMany({
    where: { status: "proposed", closesAt: { lte: now }, closingNotifiedAt: null },
    select: { id: true, number: true, title: true, productionId: true },
  });
  for (const d of due) {
    const { count } = await db.decision.updateMany({ where: { id: d.id, closingNotifiedAt: null }, data: { closingNotifiedAt: now } });
    if (!count) continue;
    const producers = await db.membership.findMany({ where: { productionId: d.productionId, role: "producer" }, select: { userId: true } });
    await notify(
      producers.map((p) => p.userId),
      { kind: "proposalClosed", productionId: d.productionId, data: { number: String(d.number), title: d.title } },
    );
  }
  return due.length;
}

/** A note added to a decided decision: the record itself is never rewritten. */
export async function amendDecision(decisionId: string, actorId: string, note: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (!(await lockIn(tx, decisionId, ["accepted", "rejected", "superseded"]))) return false;
    await touch(tx, decisionId, actorId, "amended", note);
    return true;
  });
}

/** Title, topics, review date, links and closing date, while the decision is still open. */
export async function updateDecisionFacts(
  decisionId: string,
  facts: { title: string; tags: string[]; reviewOn: Date | null; links: DecisionLink[]; closesAt?: Date | null },
) {
  return db.$transaction(async (tx) => {
    if (!(await lockIn(tx, decisionId, ["draft", "proposed"]))) return false;
    // A new closing date is a new promise: the producers are told again when it passes.
    const closing = facts.closesAt === undefined ? {} : { closesAt: facts.closesAt, closingNotifiedAt: null };
    await tx.decision.update({
      where: { id: decisionId },
      data: { ...facts, ...closing, links: facts.links as Prisma.InputJsonValue, lastActivityAt: new Date() },
    });
    return true;
  });
}

export async function decisionEvents(decisionId: string) {
  return db.decisionEvent.findMany({ where: { decisionId }, orderBy: { at: "asc" }, select: { id: true, kind: true, note: true, at: true, actor: person } });
}

/** A comment, or a reply to one (replies stay one level deep); its id, or null for a reply to nothing here. */
export async function addComment(decisionId: string, authorId: string, body: string, parentId: string | null): Promise<string | null> {
  if (parentId) {
    const parent = await db.decisionComment.findUnique({ where: { id: parentId }, select: { decisionId: true, parentId: true } });
    if (!parent || parent.decisionId !== decisionId) return null;
    parentId = parent.parentId ?? parentId;
  }
  const comment = await db.decisionComment.create({ data: { decisionId, authorId, body, parentId }, select: { id: true } });
  await db.decision.update({ where: { id: decisionId }, data: { lastActivityAt: new Date() } });
  return comment.id;
}

export async function discussionOf(decisionId: string) {
  const comments = await db.decisionComment.findMany({
    where: { decisionId },
    orderBy: { createdAt: "asc" },
    select: { id: true, parentId: true, body: true, createdAt: true, author: person },
  });
  const threads = comments.filter((c) => c.parentId === null).map((c) => ({ ...c, replies: [] as typeof comments }));
  const byId = new Map(threads.map((t) => [t.id, t]));
  for (const c of comments) if (c.parentId) byId.get(c.parentId)?.replies.push(c);
  return threads;
}

export type DecisionFilters = { status?: DecisionStatus; tag?: string; person?: string };

/**
 * The log, newest first. Drafts only for those who may read them. `person` (a
 * handle) matches who wrote it, who decided it and who took part in its discussion.
 */
export async function listDecisions(productionId: string, filters: DecisionFilters, withDrafts: boolean) {
  const statuses: DecisionStatus[] = withDrafts ? ["draft", "proposed", "accepted", "rejected", "superseded"] : ["proposed", "accepted", "rejected", "superseded"];
  return db.decision.findMany({
    where: {
      productionId,
      status: filters.status ? (statuses.includes(filters.status) ? filters.status : { in: [] }) : { in: statuses },
      ...(filters.tag ? { tags: { has: filters.tag } } : {}),
      ...(filters.person
        ? {
            OR: [
              { createdBy: { handle: filters.person } },
              { decidedBy: { handle: filters.person } },
              { comments: { some: { author: { handle: filters.person } } } },
            ],
          }
        : {}),
    },
    orderBy: { number: "desc" },
    take: 500,
    select: {
      id: true,
      number: true,
      title: true,
      status: true,
      tags: true,
      createdAt: true,
      proposedAt: true,
      decidedAt: true,
      lastActivityAt: true,
      acceptedOverBlocks: true,
      createdBy: person,
      decidedBy: person,
      _count: { select: { comments: true } },
    },
  });
}

/** What the filters offer: the topics used and the people involved. */
export async function logFacets(productionId: string, withDrafts: boolean) {
  const decisions = await db.decision.findMany({
    where: { productionId, ...(withDrafts ? {} : { status: { not: "draft" } }) },
    select: { tags: true, createdBy: person, decidedBy: person },
  });
  const tags = [...new Set(decisions.flatMap((d) => d.tags))].sort((a, b) => a.localeCompare(b));
  const people = new Map<string, string>();
  for (const d of decisions) for (const p of [d.createdBy, d.decidedBy]) if (p) people.set(p.handle, p.displayName);
  return { tags, people: [...people].map(([handle, displayName]) => ({ handle, displayName })).sort((a, b) => a.displayName.localeCompare(b.displayName)) };
}

/** The latest public decisions, for the production home. */
export async function latestDecisions(productionId: string, take = 3) {
  return db.decision.findMany({
    where: { productionId, status: { not: "draft" } },
    orderBy: { lastActivityAt: "desc" },
    take,
    select: { number: true, title: true, status: true, decidedAt: true, proposedAt: true },
  });
}

/** The decisions that record a poll's outcome. */
export async function decisionsRecording(pollId: string, withDrafts: boolean) {
  return db.decision.findMany({
    where: { pollId, ...(withDrafts ? {} : { status: { not: "draft" } }) },
    orderBy: { number: "asc" },
    select: { number: true, title: true, status: true },
  });
}

/** The production's polls a decision can record, newest first. */
export async function closedPollsOf(productionId: string) {
  return db.poll.findMany({
    where: { productionId, closedAt: { not: null } },
    orderBy: { closedAt: "desc" },
    select: { id: true, question: true },
  });
}

export const decisionDocName = (decisionId: string) => docNameFor("decision", decisionId);
