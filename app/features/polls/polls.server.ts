// Polls in PostgreSQL: creating, casting (one current ballot per account, by the
// database), closing on time (also after a restart), counting and publishing.
import { randomBytes, randomInt } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { db, sql } from "~/lib/db.server";
import { notify } from "~/features/tracker/notifications.server";
import { writeBallotsCsv } from "./ballots-csv";
import { DEFAULT_POLL_RULE } from "./validation";
import { checkBallot, type BallotProblem } from "./ballot";
import { count, type Choice, type Method, type Results } from "./tally";

export type PollInput = {
  question: string;
  description?: string;
  method: Method;
  /** `image`: checked by content already (features/media/image.server.ts), stored with the poll */
  options: { label: string; image?: Prisma.ImageCreateInput | null }[];
  minChoices?: number;
  maxChoices?: number | null;
  opensAt?: Date;
  closesAt: Date;
  eligibility?: "members" | "accounts";
  minAccountAgeDays?: number;
  /** a confirmed email address to vote; by default yes */
  requireConfirmedEmail?: boolean;
  /** members polls: hours of membership before the poll opens; by default a day */
  minMembershipHours?: number;
  resultsVisibility?: "live" | "after_vote" | "after_close";
  allowReason?: boolean;
};

export async function createPoll(productionId: string, userId: string, input: PollInput) {
  return db.poll.create({
    data: {
      productionId,
      createdById: userId,
      question: input.question,
      description: input.description ?? "",
      method: input.method,
      minChoices: input.minChoices ?? 1,
      maxChoices: input.maxChoices ?? null,
      opensAt: input.opensAt ?? new Date(),
      closesAt: input.closesAt,
      eligibility: input.eligibility ?? "members",
      minAccountAgeDays: input.minAccountAgeDays ?? 0,
      requireConfirmedEmail: input.requireConfirmedEmail ?? DEFAULT_POLL_RULE.requireConfirmedEmail,
      minMembershipHours: input.minMembershipHours ?? DEFAULT_POLL_RULE.minMembershipHours,
      resultsVisibility: input.resultsVisibility ?? "after_close",
      allowReason: input.allowReason ?? false,
      seed: randomBytes(12).toString("base64url"),
      options: {
        create: input.options.map((o, i) => ({
          key: `option-${i + 1}`,
          label: o.label,
          position: i,
          ...(o.image ? { image: { create: o.image } } : {}),
        })),
      },
    },
    include: { options: { orderBy: { position: "asc" } } },
  });
}

type PollTimes = { opensAt: Date; closesAt: Date; closedAt: Date | null };

/** Closed once closed by hand or past its closing time, whether or not the scheduler has run yet. */
export function pollState(poll: PollTimes, now = new Date()) {
  const closed = poll.closedAt !== null || now >= poll.closesAt;
  return { closed, open: !closed && now >= poll.opensAt };
}

export async function getPoll(pollId: string) {
  return db.poll.findUnique({ where: { id: pollId }, include: { options: { orderBy: { position: "asc" } } } });
}

export type CastResult = { ok: true; changed: boolean } | { ok: false; problem: BallotProblem | "poll.closed"; vars?: Record<string, number> };

type CastablePoll = {
  id: string;
  method: Method;
  minChoices: number;
  maxChoices: number | null;
  allowReason: boolean;
  options: { key: string }[];
};

/**
 * Cast or change a ballot (the caller has checked the policy: eligibility). The
 * ballot is checked against the poll, then written in one statement that also
 * checks, under a share lock on the poll, that it is still open: a ballot cannot
 * slip in after a close, and the database keeps one per person.
 */
export async function castBallot(poll: CastablePoll | string, userId: string, choices: Choice[], reason: string | null): Promise<CastResult> {
  const p = typeof poll === "string" ? await db.poll.findUniqueOrThrow({ where: { id: poll }, include: { options: { select: { key: true } } } }) : poll;
  const checked = checkBallot(p.method, p.options.map((o) => o.key), choices, p);
  if (!checked.ok) return checked;
  const rows = await sql<{ inserted: boolean }>(
    "cast-ballot",
    `INSERT INTO "Ballot" ("id", "pollId", "userId", "publicId", "choices", "reason", "castAt", "updatedAt")
     SELECT $1, p.id, $2, $3, $4::jsonb, $5, now(), now()
       FROM "Poll" p
      WHERE p.id = $6 AND p."closedAt" IS NULL AND p."opensAt" <= now() AND p."closesAt" > now()
        FOR SHARE OF p
     ON CONFLICT ("pollId", "userId") DO UPDATE SET "choices" = EXCLUDED."choices", "reason" = EXCLUDED."reason", "updatedAt" = now()
     RETURNING (xmax = 0) AS inserted`,
    [`c${randomBytes(12).toString("hex")}`, userId, `b-${randomBytes(5).toString("hex")}`, JSON.stringify(checked.choices), p.allowReason ? reason : null, p.id],
  );
  if (!rows.length) return { ok: false, problem: "poll.closed" };
  return { ok: true, changed: !rows[0]!.inserted };
}

export async function ballotOf(pollId: string, userId: string | undefined) {
  if (!userId) return null;
  return db.ballot.findUnique({ where: { pollId_userId: { pollId, userId } }, select: { choices: true, reason: true, updatedAt: true } });
}

/** Record the close of every poll past its closing time (at start-up and every few seconds). */
export async function closeDuePolls(now = new Date()): Promise<number> {
  const due = await db.poll.findMany({ where: { closedAt: null, closesAt: { lte: now } }, select: { id: true, closesAt: true } });
  for (const p of due) {
    const { count: changed } = await db.poll.updateMany({ where: { id: p.id, closedAt: null }, data: { closedAt: p.closesAt } });
    if (!changed) continue;
    await db.pollEvent.create({ data: { pollId: p.id, kind: "closed", data: { at: p.closesAt.toISOString() } } });
    await notifyVoters(p.id);
  }
  return due.length;
}

/** Close early, extend, or reopen: a producer's change, logged. */
export async function changeClosing(pollId: string, actorId: string, change: { kind: "close_early" } | { kind: "extend" | "reopen"; closesAt: Date }) {
  await db.$transaction(async (tx) => {
    const poll = await tx.poll.findUniqueOrThrow({ where: { id: pollId } });
    const now = new Date();
    const data =
      change.kind === "close_early" ? { closedAt: now, closesAt: now < poll.closesAt ? now : poll.closesAt } : { closedAt: null, closesAt: change.closesAt };
    await tx.poll.update({ where: { id: pollId }, data });
    await tx.pollEvent.create({
      data: { pollId, actorId, kind: change.kind, data: { from: poll.closesAt.toISOString(), to: (data.closesAt as Date).toISOString() } },
    });
  });
  if (change.kind === "close_early") await notifyVoters(pollId, actorId);
}

/** Everyone who voted learns that the poll closed and its results are in (once per close). */
async function notifyVoters(pollId: string, actorId?: string) {
  const poll = await db.poll.findUniqueOrThrow({ where: { id: pollId }, select: { productionId: true, question: true, ballots: { select: { userId: true } } } });
  await notify(
    poll.ballots.map((b) => b.userId),
    { kind: "pollClosed", productionId: poll.productionId, actorId, data: { pollId, question: poll.question } },
  );
}

async function ballotsOf(pollId: string) {
  return db.ballot.findMany({ where: { pollId }, select: { publicId: true, choices: true } });
}

export async function pollResults(pollId: string): Promise<Results> {
  const poll = await db.poll.findUniqueOrThrow({ where: { id: pollId }, include: { options: { orderBy: { position: "asc" } } } });
  const ballots = await ballotsOf(pollId);
  return count(
    poll.method,
    poll.options.map((o) => ({ id: o.key, label: o.label })),
    ballots.map((b) => b.choices as Choice[]),
    poll.seed,
  );
}

/** The anonymised ballots, in a fresh random order each time: nothing ties a row to a voter. */
export async function publishedBallotsCsv(pollId: string): Promise<string> {
  const ballots = await ballotsOf(pollId);
  for (let i = ballots.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [ballots[i], ballots[j]] = [ballots[j]!, ballots[i]!];
  }
  return writeBallotsCsv(ballots.map((b) => ({ id: b.publicId, choices: b.choices as Choice[] })));
}

/** Who voted (never how), for members after the close. */
export async function votersOf(pollId: string) {
  const ballots = await db.ballot.findMany({
    where: { pollId },
    orderBy: { castAt: "asc" },
    select: { user: { select: { handle: true, displayName: true } } },
  });
  return ballots.map((b) => b.user);
}

export async function listPolls(productionId: string) {
  return db.poll.findMany({
    where: { productionId },
    orderBy: { createdAt: "desc" },
    select: { id: true, question: true, method: true, opensAt: true, closesAt: true, closedAt: true, _count: { select: { ballots: true } } },
  });
}

/** Open polls that close within the next day: the production home says so. */
export async function pollsClosingSoon(productionId: string, now = new Date()) {
  return db.poll.findMany({
    where: { productionId, closedAt: null, opensAt: { lte: now }, closesAt: { gt: now, lte: new Date(now.getTime() + 24 * 3600_000) } },
    select: { id: true, question: true, closesAt: true },
  });
}
