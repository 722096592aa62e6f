// Session tokens as the Lucia guide teaches them: `<id>.<secret>`, each part 120
// bits of randomness; the database keeps the id and SHA-256(secret) only, so a
// leaked table cannot be replayed. Pure functions; storage is in session.server.ts.
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

export const SESSION_COOKIE = "claquette_session";
/** A session ends this long after login, however active. */
export const SESSION_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** …or after this long without a visit. */
export const SESSION_IDLE_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;
/** "Last seen" is written at most this often, to keep reads cheap. */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;

/** 24 characters of base32: 120 bits. */
export function randomToken(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export function newSessionToken(): { id: string; secret: string; token: string } {
  const id = randomToken();
  const secret = randomToken();
  return { id, secret, token: `${id}.${secret}` };
}

export function parseSessionToken(token: string | undefined | null): { id: string; secret: string } | null {
  if (!token) return null;
  const parts = token.split(".");
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  const shape = /^[a-z2-7]{24}$/;
  return shape.test(id) && shape.test(secret) ? { id, secret } : null;
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const hash = hashSecret(secret);
  return hash.length === storedHash.length && constantTimeEqual(hash, storedHash);
}

export type SessionTimes = { createdAt: Date; lastSeenAt: Date; expiresAt: Date };

export function sessionState(s: SessionTimes, now: Date): "expired" | "touch" | "fresh" {
  const t = now.getTime();
  if (t >= s.expiresAt.getTime()) return "expired";
  if (t - s.lastSeenAt.getTime() >= SESSION_IDLE_TIMEOUT_MS) return "expired";
  if (t - s.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS) return "touch";
  return "fresh";
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${expiresAt.toUTCString()}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join(
    "; ",
  );
}

export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
