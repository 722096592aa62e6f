// Login throttling: at most LIMIT failures per WINDOW per account identifier and
// per client address. Kept in PostgreSQL so several processes share the count.
// The account key is whatever was typed, known account or not, so a throttled
// answer says nothing about whether an account exists.
import { db } from "~/lib/db.server";

export const FAILURE_LIMIT = 10;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

export function loginKeys(identifier: string, address: string): string[] {
  return [`account:${identifier.trim().toLowerCase()}`, `ip:${address}`];
}

/** Minutes to wait before trying again, or 0 when the attempt may go ahead. */
export async function throttledFor(keys: string[], now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
  let waitMs = 0;
  for (const key of keys) {
    const failures = await db.loginFailure.findMany({
      where: { key, createdAt: { gt: since } },
      orderBy: { createdAt: "desc" },
      take: FAILURE_LIMIT,
      select: { createdAt: true },
    });
    if (failures.length >= FAILURE_LIMIT) {
      // Free again when the oldest of the last LIMIT failures leaves the window.
      const oldest = failures[failures.length - 1]!.createdAt.getTime();
      waitMs = Math.max(waitMs, oldest + FAILURE_WINDOW_MS - now.getTime());
    }
  }
  return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 60_000)) : 0;
}

export async function recordLoginFailure(keys: string[]) {
  await db.loginFailure.createMany({ data: keys.map((key) => ({ key })) });
  await db.loginFailure.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - FAILURE_WINDOW_MS) } } });
}

/** A successful login forgives the account's failures (not the address's). */
export async function clearAccountFailures(identifier: string) {
  await db.loginFailure.deleteMany({ where: { key: `account:${identifier.trim().toLowerCase()}` } });
}
