// Accounts: sign-up, login, password and profile changes.
import { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import type { FieldErrors } from "~/lib/forms";
import { hashPassword, verifyDecoy, verifyPassword } from "./password.server";
import { rememberDevice, trustedDevice } from "./login-device.server";
import { createSession, revokeAllSessions } from "./session.server";
import { forgiveLogin, loginLimits, loginSubject, recordEvent, waitMinutes } from "./throttle.server";

export type NewUser = { handle: string; displayName: string; email: string; password: string; isAdmin?: boolean };

function uniqueTarget(e: unknown): string | undefined {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
    const fields = JSON.stringify(e.meta ?? {});
    if (fields.includes("handle")) return "handle";
    if (fields.includes("email")) return "email";
    if (fields.includes("slug")) return "slug";
    return "unknown";
  }
  return undefined;
}

export { uniqueTarget };

/** Create an account; field errors when the handle or email is taken. */
export async function createUser(input: NewUser): Promise<{ ok: true; userId: string } | { ok: false; errors: FieldErrors }> {
  const taken = await db.user.findMany({
    where: { OR: [{ handle: input.handle }, { email: input.email }] },
    select: { handle: true, email: true },
  });
  const errors: FieldErrors = {};
  if (taken.some((u) => u.handle === input.handle)) errors.handle = { key: "field.handleTaken" };
  if (taken.some((u) => u.email === input.email)) errors.email = { key: "field.emailTaken" };
  if (Object.keys(errors).length) return { ok: false, errors };
  try {
    const user = await db.user.create({
      data: {
        handle: input.handle,
        displayName: input.displayName,
        email: input.email,
        passwordHash: await hashPassword(input.password),
        isAdmin: input.isAdmin ?? false,
      },
    });
    return { ok: true, userId: user.id };
  } catch (e) {
    // Someone took it between the check and the insert.
    const field = uniqueTarget(e);
    if (field === "handle") return { ok: false, errors: { handle: { key: "field.handleTaken" } } };
    if (field === "email") return { ok: false, errors: { email: { key: "field.emailTaken" } } };
    throw e;
  }
}

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; deviceCookie: string | null }
  | { ok: false; reason: "failed" }
  | { ok: false; reason: "throttled"; minutes: number };

/**
 * Log in by email or handle. The same answer, in about the same time, whether the
 * account does not exist or the password is wrong. Throttled as throttle.server.ts
 * says: one count per account whatever it is typed as; the device cookie `device`
 * of an earlier login in this browser is counted apart.
 */
export async function logIn(
  identifier: string,
  password: string,
  { address, userAgent, device }: { address: string; userAgent: string | null; device?: string },
): Promise<LoginResult> {
  const key = identifier.trim().toLowerCase();
  const user = await db.user.findUnique({ where: key.includes("@") ? { email: key } : { handle: key } });
  const subject = loginSubject(user, key);
  let deviceId = user ? await trustedDevice(device, user.id) : null;
  // A device that failed too often is trusted no more than any other client.
  if (deviceId && (await waitMinutes(loginLimits(subject, address, deviceId))) > 0) deviceId = null;
  const limits = loginLimits(subject, address, deviceId);
  const minutes = await waitMinutes(limits);
  if (minutes > 0) return { ok: false, reason: "throttled", minutes };

  const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyDecoy(password);
  if (!user || !valid || user.suspendedAt) {
    await recordEvent(limits.map((l) => l.key));
    return { ok: false, reason: "failed" };
  }
  await forgiveLogin(subject, address, deviceId);
  const remembered = await rememberDevice(user.id, deviceId);
  const { token, expiresAt } = await createSession(user.id, userAgent);
  return { ok: true, token, expiresAt, deviceCookie: remembered?.cookie ?? null };
}

/** Change a password knowing the current one: every session ends, a new one starts here. */
export async function changePassword(
  userId: string,
  currentPassword: string,
  newPassword: string,
  userAgent: string | null,
): Promise<{ ok: true; token: string; expiresAt: Date } | { ok: false }> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await verifyPassword(user.passwordHash, currentPassword))) return { ok: false };
  await setPassword(userId, newPassword);
  return { ok: true, ...(await createSession(userId, userAgent)) };
}

/** Set a new password and end every session of the account. */
export async function setPassword(userId: string, password: string) {
  await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(password) } });
  await revokeAllSessions(userId);
}

export async function updateProfile(userId: string, data: { displayName: string; bio: string }) {
  await db.user.update({ where: { id: userId }, data });
}

export async function getProfile(handle: string) {
  return db.user.findUnique({
    where: { handle: handle.toLowerCase() },
    select: {
      id: true,
      handle: true,
      displayName: true,
      bio: true,
      createdAt: true,
      memberships: {
        orderBy: { joinedAt: "desc" },
        select: { role: true, production: { select: { slug: true, title: true, phase: true } } },
      },
    },
  });
}
