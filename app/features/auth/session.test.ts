import { describe, expect, it } from "vitest";
import {
  SESSION_IDLE_TIMEOUT_MS,
  SESSION_TOUCH_INTERVAL_MS,
  hashSecret,
  newSessionToken,
  parseSessionToken,
  readCookie,
  secretMatches,
  sessionCookie,
  sessionState,
} from "./session";

describe("session tokens", () => {
  it("are <id>.<secret> with 120 bits in each part, never twice the same", () => {
    const a = newSessionToken();
    const b = newSessionToken();
    expect(a.token).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{24}$/); // 24 × 5 bits = 120 bits
    expect(a.token).not.toBe(b.token);
    expect(parseSessionToken(a.token)).toEqual({ id: a.id, secret: a.secret });
  });

  it("reject malformed tokens", () => {
    for (const bad of ["", "abc", "a.b", `${"a".repeat(24)}.${"a".repeat(24)}.x`, `${"A".repeat(24)}.${"a".repeat(24)}`]) {
      expect(parseSessionToken(bad), bad).toBeNull();
    }
  });

  it("match only the secret whose hash is stored", () => {
    const { secret } = newSessionToken();
    const stored = hashSecret(secret);
    expect(secretMatches(secret, stored)).toBe(true);
    expect(secretMatches(newSessionToken().secret, stored)).toBe(false);
    expect(secretMatches(secret, stored.slice(0, 16))).toBe(false);
  });
});

describe("session lifetime", () => {
  const created = new Date("2026-01-01T00:00:00Z");
  const times = (lastSeenMs: number, expiresMs: number) => ({
    createdAt: created,
    lastSeenAt: new Date(created.getTime() + lastSeenMs),
    expiresAt: new Date(created.getTime() + expiresMs),
  });
  const at = (ms: number) => new Date(created.getTime() + ms);
  const day = 24 * 3600 * 1000;

  it("is fresh right after a visit and asks to be touched after a while", () => {
    expect(sessionState(times(0, 30 * day), at(1000))).toBe("fresh");
    expect(sessionState(times(0, 30 * day), at(SESSION_TOUCH_INTERVAL_MS))).toBe("touch");
  });
  it("expires after the inactivity timeout", () => {
    expect(sessionState(times(0, 30 * day), at(SESSION_IDLE_TIMEOUT_MS))).toBe("expired");
  });
  it("expires at the absolute expiry even when active", () => {
    expect(sessionState(times(30 * day - 1000, 30 * day), at(30 * day))).toBe("expired");
  });
});

describe("cookies", () => {
  it("are HttpOnly, SameSite=Lax, Path=/, and Secure only over https", () => {
    const c = sessionCookie("t", new Date(0), false);
    expect(c).toContain("HttpOnly");
    expect(c).toContain("SameSite=Lax");
    expect(c).toContain("Path=/");
    expect(c).not.toContain("Secure");
    expect(sessionCookie("t", new Date(0), true)).toMatch(/; Secure$/);
  });
  it("are read from a Cookie header", () => {
    expect(readCookie("a=1; claquette_session=x.y; b=2", "claquette_session")).toBe("x.y");
    expect(readCookie("a=1", "claquette_session")).toBeUndefined();
    expect(readCookie("claquette_session=%E0%A4%A", "claquette_session")).toBeUndefined();
  });
});
