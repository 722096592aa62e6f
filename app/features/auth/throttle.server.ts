// Throttling (docs/decisions/0021): each limit is at most `max` events per `windowMs`
// under one key. Events are rows of PostgreSQL so that several processes share them.
//
// Logins. The account is the account, whether typed as its handle or its email; an
// unknown identifier is keyed by what was typed, so throttling says nothing about
// whether an account exists. A browser holding a device cookie of the account (from an
// earlier login there) is counted on its own; any other client meets three limits:
//   - the account from this address: stops one address guessing one account;
//   - this address, whatever the accounts: stops one address trying many;
//   - the account from every address, higher: stops guessing spread over addresses.
// One address alone cannot reach the third limit, so it cannot lock the owner out; an
// attack from many addresses can, for clients without the device cookie only (and a
// reset link still lets the owner in).
import { db } from "~/lib/db.server";

export type Limit = { key: string; max: number; windowMs: number };

const MINUTE = 60_000;

export const LOGIN_LIMITS = {
  /** failures for one account from one address */
  accountAddress: { max: 10, windowMs: 60 * MINUTE },
  /** failures from one address, any accounts */
  address: { max: 30, windowMs: 15 * MINUTE },
  /** failures for one account from clients without its device cookie, all addresses */
  account: { max: 30, windowMs: 60 * MINUTE },
  /** failures from one browser holding the account's device cookie */
  device: { max: 10, windowMs: 15 * MINUTE },
} as const;

/** Reset links: mails per address typed (so per account), and requests per client address. */
export const RESET_LIMITS = {
  email: { max: 3, windowMs: 60 * MINUTE },
  address: { max: 10, windowMs: 60 * MINUTE },
} as const;

/** Accounts created from one client network (signup-throttle.server.ts); `max` is SIGNUP_LIMIT. */
export const SIGNUP_WINDOW_MS = 60 * MINUTE;

/** The generic limit of other callers: FAILURE_LIMIT events per FAILURE_WINDOW_MS per key. */
export const FAILURE_LIMIT = 10;
export const FAILURE_WINDOW_MS = 15 * MINUTE;

// Events older than the longest window are of no use.
const LONGEST_WINDOW_MS = Math.max(
  FAILURE_WINDOW_MS,
  ...Object.values(LOGIN_LIMITS).map((l) => l.windowMs),
  ...Object.values(RESET_LIMITS).map((l) => l.windowMs),
  SIGNUP_WINDOW_MS,
);

type Client = Pick<typeof db, "loginFailure">;

/** Minutes to wait before trying again, or 0 when the attempt may go ahead. */
export async function waitMinutes(limits: Limit[], now = new Date(), client: Client = db): Promise<number> {
  let waitMs = 0;
  for (const { key, max, windowMs } of limits) {
    const events = await client.loginFailure.findMany({
      where: { key, createdAt: { gt: new Date(now.getTime() - windowMs) } },
      orderBy: { createdAt: "desc" },
      take: max,
      select: { createdAt: true },
    });
    if (events.length >= max) {
      // Free again when the oldest of the last `max` events leaves the window.
      const oldest = events[events.length - 1]!.createdAt.getTime();
      waitMs = Math.max(waitMs, oldest + windowMs - now.getTime());
    }
  }
  return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / MINUTE)) : 0;
}

/** Count one event under each key. */
export async function recordEvent(keys: string[]) {
  await db.loginFailure.createMany({ data: keys.map((key) => ({ key })) });
  await forgetOldEvents();
}

export async function forgetOldEvents() {
  await db.loginFailure.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - LONGEST_WINDOW_MS) } } });
}

/** FAILURE_LIMIT per FAILURE_WINDOW_MS under each key. */
export async function throttledFor(keys: string[], now = new Date()): Promise<number> {
  return waitMinutes(keys.map((key) => ({ key, max: FAILURE_LIMIT, windowMs: FAILURE_WINDOW_MS })), now);
}

export async function recordLoginFailure(keys: string[]) {
  await recordEvent(keys);
}

/** The key of an account: its id when it exists, else what was typed. */
export function loginSubject(user: { id: string } | null, identifier: string): string {
  return user ? `user:${user.id}` : `name:${identifier.trim().toLowerCase()}`;
}

/** The limits a login attempt meets: the device's own, or the three of other clients. */
export function loginLimits(subject: string, address: string, deviceId: string | null): Limit[] {
  if (deviceId) return [{ key: `device:${deviceId}`, ...LOGIN_LIMITS.device }];
  return [
    { key: `login:${subject}|ip:${address}`, ...LOGIN_LIMITS.accountAddress },
    { key: `ip:${address}`, ...LOGIN_LIMITS.address },
    { key: `login:${subject}`, ...LOGIN_LIMITS.account },
  ];
}

/** A successful login forgives this address's and this device's failures for the account. */
export async function forgiveLogin(subject: string, address: string, deviceId: string | null) {
  const keys = [`login:${subject}|ip:${address}`, ...(deviceId ? [`device:${deviceId}`] : [])];
  await db.loginFailure.deleteMany({ where: { key: { in: keys } } });
}

/** The limits of a reset request; the email as typed, so unknown addresses count alike. */
export function resetLimits(email: string, address: string): Limit[] {
  return [
    { key: `reset:${email.trim().toLowerCase()}`, ...RESET_LIMITS.email },
    { key: `reset-ip:${address}`, ...RESET_LIMITS.address },
  ];
}
