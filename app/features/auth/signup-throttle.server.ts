// Sign-up throttling: at most signupLimit() accounts per hour from one client
// network (an IPv4 address, an IPv6 /64), kept in PostgreSQL so that several
// processes share the count. Throwaway accounts are fought here and by the polls'
// rule for voters (a confirmed address, time as a member): see docs/decisions/0022.
import { db } from "~/lib/db.server";
import { networkKey } from "./network";
import { forgetOldEvents, SIGNUP_WINDOW_MS, waitMinutes } from "./throttle.server";

export const DEFAULT_SIGNUP_LIMIT = 10;

/** Accounts one network may create per hour: `SIGNUP_LIMIT`, else 10. */
export function signupLimit(): number {
  const n = Number(process.env.SIGNUP_LIMIT);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_SIGNUP_LIMIT;
}

export type SignupSlot = { ok: true; release: () => Promise<void> } | { ok: false; minutes: number };

/**
 * Take one of the network's sign-ups for the coming account, or say how many minutes
 * to wait. Counted as throttle events (throttle.server.ts), under a lock per network so
 * that a burst of parallel sign-ups cannot all pass the count. `release` gives the slot
 * back when no account was made after all.
 */
export async function reserveSignup(address: string, now = new Date()): Promise<SignupSlot> {
  const key = `signup:${networkKey(address)}`;
  const limit = { key, max: signupLimit(), windowMs: SIGNUP_WINDOW_MS };
  const outcome = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(${key}))) AS locked`;
    const minutes = await waitMinutes([limit], now, tx);
    if (minutes > 0) return { ok: false as const, minutes };
    const row = await tx.loginFailure.create({ data: { key, createdAt: now }, select: { id: true } });
    return { ok: true as const, id: row.id };
  });
  if (!outcome.ok) return outcome;
  await forgetOldEvents();
  return { ok: true, release: async () => void (await db.loginFailure.deleteMany({ where: { id: outcome.id } })) };
}
