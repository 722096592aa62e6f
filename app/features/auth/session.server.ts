// Sessions in PostgreSQL: create on login, validate per request, revoke.
import { announceAccessChange } from "~/lib/access.server";
import { db, sql } from "~/lib/db.server";
import { secureCookies } from "~/lib/env.server";
import {
  SESSION_MAX_AGE_MS,
  clearedSessionCookie,
  hashSecret,
  newSessionToken,
  parseSessionToken,
  secretMatches,
  sessionCookie,
  sessionState,
} from "./session";

export type SessionUser = {
  id: string;
  handle: string;
  displayName: string;
  isAdmin: boolean;
  suspendedAt: Date | null;
};

type SessionRow = SessionUser & { secretHash: Buffer; createdAt: Date; lastSeenAt: Date; expiresAt: Date; unread: number };

export async function createSession(userId: string, userAgent: string | null) {
  const { id, secret, token } = newSessionToken();
  const expiresAt = new Date(Date.now() + SESSION_MAX_AGE_MS);
  await db.session.create({
    data: {
      id,
      secretHash: Buffer.from(hashSecret(secret)),
      userId,
      expiresAt,
      userAgent: (userAgent ?? "").slice(0, 400),
    },
  });
  return { token, expiresAt, sessionId: id };
}

/**
 * Runs on every request: one prepared statement, which also counts the person's unread
 * notifications for the header of every page (not a statement of its own), through the
 * index of unread ones only (Notification_unread_idx): a person reads thousands.
 */
export const SESSION_CHECK = `SELECT s."secretHash", s."createdAt", s."lastSeenAt", s."expiresAt",
            u.id, u.handle, u."displayName", u."isAdmin", u."suspendedAt",
            (SELECT count(*)::int FROM "Notification" n WHERE n."userId" = u.id AND n."readAt" IS NULL) AS unread
       FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s.id = $1`;

/** The session and its person, or null when the token is unknown, forged or expired. */
export async function validateSessionToken(token: string | undefined) {
  const parsed = parseSessionToken(token);
  if (!parsed) return null;
  const [row] = await sql<SessionRow>("session-check", SESSION_CHECK, [parsed.id]);
  if (!row || !secretMatches(parsed.secret, row.secretHash)) return null;
  const now = new Date();
  const state = sessionState(row, now);
  if (state === "expired") {
    await db.session.deleteMany({ where: { id: parsed.id } });
    return null;
  }
  if (state === "touch") {
    await db.session.updateMany({ where: { id: parsed.id }, data: { lastSeenAt: now } });
  }
  const user: SessionUser = { id: row.id, handle: row.handle, displayName: row.displayName, isAdmin: row.isAdmin, suspendedAt: row.suspendedAt };
  return { sessionId: parsed.id, expiresAt: row.expiresAt, user, unread: row.unread };
}

export async function listSessions(userId: string) {
  return db.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, userAgent: true },
  });
}

/** Revoke one of the person's own sessions; false when it is not theirs. */
export async function revokeSession(userId: string, sessionId: string): Promise<boolean> {
  const { count } = await db.session.deleteMany({ where: { id: sessionId, userId } });
  if (count > 0) await announceAccessChange({ session: sessionId });
  return count > 0;
}

export async function revokeAllSessions(userId: string) {
  await db.session.deleteMany({ where: { userId } });
  await announceAccessChange({ user: userId });
}

export function setSessionCookie(token: string, expiresAt: Date): string {
  return sessionCookie(token, expiresAt, secureCookies());
}

export function clearSessionCookie(): string {
  return clearedSessionCookie(secureCookies());
}
