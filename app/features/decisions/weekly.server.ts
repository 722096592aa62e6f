// The weekly production log: a public page per week gathering what happened in
// the open that week (money moved included), with the producers' editorial note. Tasks and releases join
// it as the tracker and release modules land.
import { entriesWithin } from "~/features/funding/ledger.server";
import { db } from "~/lib/db.server";
import { positionsByDecision } from "./decisions.server";
import { isoWeekOf, weekRange } from "./week";

export async function weekOfProduction(productionId: string, week: string) {
  const range = weekRange(week);
  if (!range) return null;
  const within = { gte: range.start, lt: range.end };
  const [decisions, polls, note, ledger] = await Promise.all([
    db.decision.findMany({
      where: { productionId, OR: [{ decidedAt: within }, { proposedAt: within, status: { not: "draft" } }] },
      orderBy: { number: "asc" },
      select: { id: true, number: true, title: true, status: true, decidedAt: true, proposedAt: true, acceptedOverBlocks: true },
    }),
    db.poll.findMany({
      where: { productionId, closedAt: within },
      orderBy: { closedAt: "asc" },
      select: { id: true, question: true, closedAt: true },
    }),
    db.weeklyNote.findUnique({ where: { productionId_week: { productionId, week } }, select: { body: true, updatedAt: true, author: { select: { handle: true, displayName: true } } } }),
    entriesWithin(productionId, range),
  ]);
  const positions = await positionsByDecision(decisions.map((d) => d.id));
  return { week, ...range, decisions: decisions.map(({ id, ...d }) => ({ ...d, positions: positions.get(id) ?? [] })), polls, note, ledger };
}

/** The weeks that have something to show, newest first (the current week always). */
export async function weeksOfProduction(productionId: string, now = new Date()) {
  const [decisions, polls, notes, ledger] = await Promise.all([
    db.decision.findMany({ where: { productionId, status: { not: "draft" } }, select: { proposedAt: true, decidedAt: true } }),
    db.poll.findMany({ where: { productionId, closedAt: { not: null } }, select: { closedAt: true } }),
    db.weeklyNote.findMany({ where: { productionId }, select: { week: true } }),
    db.ledgerEntry.findMany({ where: { productionId }, select: { occurredAt: true } }),
  ]);
  const weeks = new Set<string>([isoWeekOf(now), ...notes.map((n) => n.week)]);
  for (const d of decisions) for (const at of [d.proposedAt, d.decidedAt]) if (at) weeks.add(isoWeekOf(at));
  for (const p of polls) if (p.closedAt) weeks.add(isoWeekOf(p.closedAt));
  for (const e of ledger) weeks.add(isoWeekOf(e.occurredAt));
  return [...weeks].sort().reverse();
}

export async function saveWeeklyNote(productionId: string, week: string, authorId: string, body: string) {
  if (!body) return db.weeklyNote.deleteMany({ where: { productionId, week } });
  return db.weeklyNote.upsert({
    where: { productionId_week: { productionId, week } },
    create: { productionId, week, body, authorId },
    update: { body, authorId },
  });
}

/** Notes written, for the feed. */
export async function recentWeeklyNotes(productionId: string, take = 20) {
  return db.weeklyNote.findMany({ where: { productionId }, orderBy: { updatedAt: "desc" }, take, select: { week: true, body: true, updatedAt: true, author: { select: { displayName: true } } } });
}
