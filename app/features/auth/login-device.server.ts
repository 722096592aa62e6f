// Device cookies (OWASP's "slow down online guessing with device cookies"): a browser
// where an account logged in keeps a token that later lets it past the per-account
// login limit, so guessing from many addresses cannot lock the owner out there.
// The token is `<id>.<secret>` like a session's; only SHA-256(secret) is stored.
import { db } from "~/lib/db.server";
import { secureCookies } from "~/lib/env.server";
import { hashSecret, newSessionToken, parseSessionToken, readCookie, secretMatches } from "./session";

export const DEVICE_COOKIE = "claquette_device";
const DEVICE_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;

export function deviceTokenOf(request: Request): string | undefined {
  return readCookie(request.headers.get("Cookie"), DEVICE_COOKIE);
}

/** The device's id when the token is a live device of this account, else null. */
export async function trustedDevice(token: string | undefined, userId: string): Promise<string | null> {
  const parsed = parseSessionToken(token);
  if (!parsed) return null;
  const row = await db.loginDevice.findUnique({ where: { id: parsed.id } });
  if (!row || row.userId !== userId || !secretMatches(parsed.secret, row.secretHash)) return null;
  if (row.lastUsedAt.getTime() < Date.now() - DEVICE_MAX_AGE_MS) return null;
  return row.id;
}

/** After a successful login: keep this browser's device, or give it a new one. */
export async function rememberDevice(userId: string, deviceId: string | null): Promise<{ cookie: string } | null> {
  if (deviceId) {
    await db.loginDevice.update({ where: { id: deviceId }, data: { lastUsedAt: new Date() } });
    return null;
  }
  const { id, secret, token } = newSessionToken();
  await db.loginDevice.create({ data: { id, secretHash: Buffer.from(hashSecret(secret)), userId } });
  await db.loginDevice.deleteMany({ where: { userId, lastUsedAt: { lt: new Date(Date.now() - DEVICE_MAX_AGE_MS) } } });
  const cookie = [
    `${DEVICE_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${DEVICE_MAX_AGE_MS / 1000}`,
    ...(secureCookies() ? ["Secure"] : []),
  ].join("; ");
  return { cookie };
}
