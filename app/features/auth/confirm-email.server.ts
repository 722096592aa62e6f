// Email confirmation: a link mailed at sign-up (and again on request), single use,
// valid for two days, stored as SHA-256 only. It confirms the address it was sent
// to, and only while the account still uses that address.
import { createHash, randomBytes } from "node:crypto";
import { runInBackground } from "~/lib/background.server";
import { db } from "~/lib/db.server";
import { publicUrl } from "~/lib/env.server";
import type { Translate } from "~/lib/i18n";
import { sendMail } from "./mail.server";

export const CONFIRM_TTL_MS = 48 * 60 * 60 * 1000;
/** Links an account may ask for per hour (the one sent at sign-up included). */
export const CONFIRM_MAILS_PER_HOUR = 5;

const digest = (token: string) => createHash("sha256").update(token).digest("hex");

export type ConfirmationSent = { ok: true; email: string } | { ok: false; reason: "confirmed" } | { ok: false; reason: "throttled"; minutes: number };

/** Mail a confirmation link to the account's address, unless it is confirmed or asked too often. */
export async function sendEmailConfirmation(userId: string, t: Translate, now = new Date()): Promise<ConfirmationSent> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, handle: true, displayName: true, emailConfirmedAt: true } });
  if (user.emailConfirmedAt) return { ok: false, reason: "confirmed" };
  const since = new Date(now.getTime() - 60 * 60 * 1000);
  const recent = await db.emailConfirmation.findMany({
    where: { userId, createdAt: { gt: since } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  if (recent.length >= CONFIRM_MAILS_PER_HOUR) {
    const waitMs = recent[recent.length - CONFIRM_MAILS_PER_HOUR]!.createdAt.getTime() + 60 * 60 * 1000 - now.getTime();
    return { ok: false, reason: "throttled", minutes: Math.max(1, Math.ceil(waitMs / 60_000)) };
  }
  const token = randomBytes(32).toString("base64url");
  await db.emailConfirmation.create({
    data: { userId, email: user.email, tokenHash: digest(token), createdAt: now, expiresAt: new Date(now.getTime() + CONFIRM_TTL_MS) },
  });
  const link = `${publicUrl()}/confirm-email/${token}`;
  // After the answer, like reset links: a slow mail server does not hold up the page, and a
  // normal stop still sends it.
  runInBackground(`confirmation mail to @${user.handle}`, () =>
    sendMail({ to: user.email, subject: t("confirm.mailSubject"), text: t("confirm.mailBody", { name: user.displayName, handle: user.handle, email: user.email, link }) }),
  );
  return { ok: true, email: user.email };
}

/** The link, if it can still confirm: unused, unexpired, and the account still has that address. */
export async function findValidConfirmation(token: string) {
  const row = await db.emailConfirmation.findUnique({ where: { tokenHash: digest(token) }, include: { user: { select: { email: true, handle: true } } } });
  if (!row || row.usedAt || row.expiresAt <= new Date() || row.user.email !== row.email) return null;
  return row;
}

/** Use a link: the address is confirmed and every link of the account is spent. */
export async function confirmEmail(token: string): Promise<{ userId: string; email: string } | null> {
  const row = await findValidConfirmation(token);
  if (!row) return null;
  return db.$transaction(async (tx) => {
    // Spend it first, atomically: two clicks confirm once.
    const { count } = await tx.emailConfirmation.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
    if (count === 0) return null;
    const { count: updated } = await tx.user.updateMany({ where: { id: row.userId, email: row.email }, data: { emailConfirmedAt: new Date() } });
    if (updated === 0) return null;
    await tx.emailConfirmation.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: new Date() } });
    return { userId: row.userId, email: row.email };
  });
}
