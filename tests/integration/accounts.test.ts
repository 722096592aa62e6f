// Accounts against the real database: sign-up, login, throttling, sessions,
// password change and reset links.
import { afterEach, describe, expect, it, vi } from "vitest";
import { consumeReset, createPasswordReset, findValidReset, sendResetLink } from "~/features/auth/reset.server";
import { createSession, listSessions, revokeSession, validateSessionToken } from "~/features/auth/session.server";
import { LOGIN_LIMITS } from "~/features/auth/throttle.server";
import { changePassword, createUser, logIn } from "~/features/auth/user.server";
import { db } from "~/lib/db.server";
import { translator } from "~/lib/i18n";
import { newPerson } from "../support/people";

const client = (address = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`) => ({
  address,
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
});

async function signUp() {
  const person = newPerson();
  const created = await createUser(person);
  if (!created.ok) throw new Error("sign-up failed");
  return { ...person, id: created.userId };
}

afterEach(() => vi.restoreAllMocks());

describe("sign-up", () => {
  it("stores an argon2id hash, never the password", async () => {
    const p = await signUp();
    const row = await db.user.findUniqueOrThrow({ where: { id: p.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain(p.password);
  });

  it("refuses a handle or an email already taken, naming the field", async () => {
    const p = await signUp();
    const again = await createUser({ ...newPerson(), handle: p.handle, email: p.email });
    expect(again).toEqual({
      ok: false,
      errors: { handle: { key: "field.handleTaken" }, email: { key: "field.emailTaken" } },
    });
  });
});

describe("login", () => {
  it("works with the handle or the email, and opens a new session each time", async () => {
    const p = await signUp();
    const a = await logIn(p.handle, p.password, client());
    const b = await logIn(p.email.toUpperCase(), p.password, client());
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.token).not.toBe(b.token);
    expect((await validateSessionToken(a.token))?.user.handle).toBe(p.handle);
    expect(await listSessions(p.id)).toHaveLength(2);
  });

  it("gives the same answer for an unknown account and a wrong password", async () => {
    const p = await signUp();
    expect(await logIn(p.handle, "wrong password!", client())).toEqual({ ok: false, reason: "failed" });
    expect(await logIn(`nobody-${p.handle}`, "wrong password!", client())).toEqual({ ok: false, reason: "failed" });
  });

  it(`throttles an account from one address after ${LOGIN_LIMITS.accountAddress.max} failures, even with the right password, but not from elsewhere`, async () => {
    const p = await signUp();
    const address = client().address;
    for (let i = 0; i < LOGIN_LIMITS.accountAddress.max; i++) await logIn(i % 2 ? p.handle : p.email, `wrong ${i}`, client(address));
    const blocked = await logIn(p.handle, p.password, client(address));
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    expect(!blocked.ok && blocked.reason === "throttled" && blocked.minutes).toBeGreaterThan(0);
    expect((await logIn(p.email, p.password, client())).ok).toBe(true);
  });

  it("throttles an address that tries many accounts", async () => {
    const address = client().address;
    for (let i = 0; i < LOGIN_LIMITS.address.max; i++) await logIn(`someone-${i}-${Date.now()}`, "guess", client(address));
    const p = await signUp();
    expect(await logIn(p.handle, p.password, client(address))).toMatchObject({ reason: "throttled" });
    expect((await logIn(p.handle, p.password, client())).ok).toBe(true);
  });

  it("throttles unknown accounts the same way, so throttling reveals nothing", async () => {
    const ghost = `ghost-${Date.now()}`;
    const address = client().address;
    for (let i = 0; i < LOGIN_LIMITS.accountAddress.max; i++) await logIn(ghost, "guess", client(address));
    expect(await logIn(ghost, "guess", client(address))).toMatchObject({ reason: "throttled" });
  });

  it("lets a browser with the account's device cookie in when guessing from many addresses has stopped the others", async () => {
    const p = await signUp();
    const first = await logIn(p.handle, p.password, client());
    expect(first.ok && first.deviceCookie).toMatch(/^claquette_device=[a-z2-7]{24}\.[a-z2-7]{24};/);
    const device = first.ok ? first.deviceCookie!.split(";")[0]!.split("=")[1]! : "";
    for (let i = 0; i < LOGIN_LIMITS.account.max; i++) await logIn(p.handle, `wrong ${i}`, client());
    expect(await logIn(p.email, p.password, client())).toMatchObject({ reason: "throttled" });
    const owner = await logIn(p.email, p.password, { ...client(), device });
    expect(owner).toMatchObject({ ok: true, deviceCookie: null });
    // Another account's device cookie is worth nothing here.
    const other = await signUp();
    const theirs = await logIn(other.handle, other.password, client());
    const theirDevice = theirs.ok ? theirs.deviceCookie!.split(";")[0]!.split("=")[1]! : "";
    expect(await logIn(p.handle, p.password, { ...client(), device: theirDevice })).toMatchObject({ reason: "throttled" });
    // A device that fails too often is no longer trusted.
    for (let i = 0; i < LOGIN_LIMITS.device.max; i++) await logIn(p.handle, `wrong ${i}`, { ...client(), device });
    expect(await logIn(p.handle, p.password, { ...client(), device })).toMatchObject({ reason: "throttled" });
  });
});

describe("sessions", () => {
  it("store only a hash of the secret", async () => {
    const p = await signUp();
    const { token, sessionId } = await createSession(p.id, null);
    const row = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(Buffer.from(row.secretHash).toString("utf8")).not.toContain(token.split(".")[1]);
    expect(row.secretHash).toHaveLength(32);
  });

  it("refuse a forged secret for a real id", async () => {
    const p = await signUp();
    const { sessionId } = await createSession(p.id, null);
    expect(await validateSessionToken(`${sessionId}.${"a".repeat(24)}`)).toBeNull();
  });

  it("end after the inactivity timeout and after the absolute expiry", async () => {
    const p = await signUp();
    const idle = await createSession(p.id, null);
    await db.session.update({ where: { id: idle.sessionId }, data: { lastSeenAt: new Date(Date.now() - 8 * 24 * 3600_000) } });
    expect(await validateSessionToken(idle.token)).toBeNull();
    expect(await db.session.findUnique({ where: { id: idle.sessionId } })).toBeNull();

    const old = await createSession(p.id, null);
    await db.session.update({ where: { id: old.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await validateSessionToken(old.token)).toBeNull();
  });

  it("keep their times whatever the server's time zone", async () => {
    const p = await signUp();
    const zone = process.env.TZ;
    process.env.TZ = "Pacific/Auckland"; // far from UTC: a zone slip would show as hours
    try {
      const s = await createSession(p.id, null);
      const checked = await validateSessionToken(s.token);
      expect(checked?.expiresAt.toISOString()).toBe(s.expiresAt.toISOString());
      const nearlyIdle = new Date(Date.now() - 7 * 24 * 3600_000 + 3600_000); // an hour of idle time left
      await db.session.update({ where: { id: s.sessionId }, data: { lastSeenAt: nearlyIdle } });
      expect(await validateSessionToken(s.token)).not.toBeNull();
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("can be revoked by their owner only", async () => {
    const p = await signUp();
    const other = await signUp();
    const s = await createSession(p.id, null);
    expect(await revokeSession(other.id, s.sessionId)).toBe(false);
    expect(await validateSessionToken(s.token)).not.toBeNull();
    expect(await revokeSession(p.id, s.sessionId)).toBe(true);
    expect(await validateSessionToken(s.token)).toBeNull();
  });
});

describe("password change", () => {
  it("asks for the current password, then ends every session and starts a new one", async () => {
    const p = await signUp();
    const first = await createSession(p.id, null);
    const second = await createSession(p.id, null);
    expect(await changePassword(p.id, "not my password", "a brand new password", null)).toEqual({ ok: false });
    const changed = await changePassword(p.id, p.password, "a brand new password", null);
    expect(changed.ok).toBe(true);
    expect(await validateSessionToken(first.token)).toBeNull();
    expect(await validateSessionToken(second.token)).toBeNull();
    if (changed.ok) expect(await validateSessionToken(changed.token)).not.toBeNull();
    expect((await logIn(p.handle, p.password, client())).ok).toBe(false);
    expect((await logIn(p.handle, "a brand new password", client())).ok).toBe(true);
  });
});

describe("password reset links", () => {
  it("are written to the server log when no SMTP server is configured, and say nothing for unknown emails", async () => {
    const p = await signUp();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await sendResetLink(p.email, translator("fr"));
    expect(log).toHaveBeenCalledTimes(1);
    const text = String(log.mock.calls[0]![0]);
    expect(text).toContain(`To: ${p.email}`);
    expect(text).toContain("Réinitialiser votre mot de passe");
    const token = /\/reset-password\/([\w-]+)/.exec(text)![1]!;
    expect(await findValidReset(token)).not.toBeNull();

    log.mockClear();
    await sendResetLink(`nobody-${p.email}`, translator("en"));
    expect(log).not.toHaveBeenCalled();
  });

  it("are stored hashed, work once, and end every session", async () => {
    const p = await signUp();
    const session = await createSession(p.id, null);
    const token = await createPasswordReset(p.id);
    expect(await db.passwordReset.findFirst({ where: { tokenHash: token } })).toBeNull();
    expect(await consumeReset(token, "reset password one")).toEqual({ userId: p.id });
    expect(await consumeReset(token, "reset password two")).toBeNull();
    expect(await validateSessionToken(session.token)).toBeNull();
    expect((await logIn(p.handle, "reset password one", client())).ok).toBe(true);
  });

  it("expire within an hour", async () => {
    const p = await signUp();
    const token = await createPasswordReset(p.id);
    const row = await db.passwordReset.findFirstOrThrow({ where: { userId: p.id } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(3600_000);
    await db.passwordReset.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await consumeReset(token, "too late password")).toBeNull();
  });

  it("spend the account's other links when one is used", async () => {
    const p = await signUp();
    const a = await createPasswordReset(p.id);
    const b = await createPasswordReset(p.id);
    await consumeReset(a, "new password from a");
    expect(await consumeReset(b, "new password from b")).toBeNull();
  });
});
