// Password reset links: single use, valid for one hour, stored as SHA-256 only.
import { createHash, randomBytes } from "node:crypto";
import { runInBackground } from "~/lib/background.server";
import { db } from "~/lib/db.server";
import { publicUrl } from "~/lib/env.server";
import type { Translate } from "~/lib/i18n";
import { sendMail } from "./mail.server";
import { recordEvent, resetLimits, waitMinutes } from "./throttle.server";
import { setPassword } from "./user.server";

export const RESET_TTL_MS = 60 * 60 * 1000;

const digest = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new reset token for an account (the link's last segment); only its hash is kept. */
export async function createPasswordReset(userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.passwordReset.create({
    data: { userId, tokenHash: digest(token), expiresAt: new Date(Date.now() + RESET_TTL_MS) },
  });
  return token;
}

/**
 * Ask for a reset link. Throttled per email typed (so per account) and per client
 * address. The link is made and mailed in the background: the request does the same
 * work, in the same time, whether or not an account uses the address.
 */
export async function requestPasswordReset(
  email: string,
  t: Translate,
  address: string,
): Promise<{ ok: true } | { ok: false; minutes: number }> {
  const limits = resetLimits(email, address);
  const minutes = await waitMinutes(limits);
  if (minutes > 0) return { ok: false, minutes };
  await recordEvent(limits.map((l) => l.key));
  runInBackground("password reset mail", () => sendResetLink(email, t));
  return { ok: true };
}

/** Send a reset link if an account has this email; nothing otherwise. */
export async function sendResetLink(email: string, t: Translate): Promise<void> {
  const user = await db.user.findUnique({ where: { email } });
  if (!user || user.suspendedAt) return;
  const token = await createPasswordReset(user.id);
  const link = `${publicUrl()}/reset-password/${token}`;
  await sendMail({
    to: user.email,
    subject: t("forgot.mailSubject"),
    text: t("forgot.mailBody", { name: user.displayName, handle: user.handle, link }),
  });
}

/** The account a still-valid link belongs to, or null. */
export async function findValidReset(token: string) {
  const reset = await db.passwordReset.findUnique({ where: { tokenHash: digest(token) } });
  if (!reset || reset.usedAt || reset.expiresAt <= new Date()) return null;
  return reset;
}

/** Use a link: set the password, end every session, spend every link of the account. */
export async function consumeReset(token: string, password: string): Promise<{ userId: string } | null> {
  const reset = await findValidReset(token);
  if (!reset) return null;
  // Spend the link first (atomically), so two submissions cannot both use it.
  const { count } = await db.passwordReset.updateMany({
    where: { id: reset.id, usedAt: null },
    data: { usedAt: new Date() },
  });
  if (count === 0) return null;
  await setPassword(reset.userId, password);
  await db.passwordReset.updateMany({ where: { userId: reset.userId, usedAt: null }, data: { usedAt: new Date() } });
  return { userId: reset.userId };
}
