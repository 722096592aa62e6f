// In-app notifications: assignments, mentions, reviews of one's submissions, changes to
// followed tasks, the close of a poll one voted in, a proposal
// past its closing date, a premiere coming without its web renditions (to its producers). One row per person and event; the header shows the unread count.
import { db } from "~/lib/db.server";

export type NotificationKind = "assigned" | "mentioned" | "reviewed" | "changed" | "submitted" | "pollClosed" | "proposalClosed" | "premiereRenditions" | "campaignSucceeded" | "campaignFailed";

export async function notify(userIds: string[], n: { kind: NotificationKind; productionId: string; taskId?: string; actorId?: string; data?: Record<string, unknown> }) {
  const ids = [...new Set(userIds)];
  if (!ids.length) return;
  await db.notification.createMany({
    data: ids.map((userId) => ({ userId, kind: n.kind, productionId: n.productionId, taskId: n.taskId ?? null, actorId: n.actorId ?? null, data: (n.data ?? {}) as never })),
  });
}

export async function unreadCount(userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

const notificationSelect = {
  id: true,
  kind: true,
  data: true,
  readAt: true,
  createdAt: true,
  actor: { select: { handle: true, displayName: true } },
  production: { select: { slug: true, title: true } },
  task: { select: { number: true, title: true } },
} as const;

/** A person's notifications, newest first; only those about one production when its address is given. */
export async function notificationsOf(userId: string, productionSlug: string | null = null, take = 50) {
  const where = productionSlug ? { userId, production: { slug: productionSlug } } : { userId };
  return db.notification.findMany({ where, orderBy: { createdAt: "desc" }, take, select: notificationSelect });
}

/** The unread ones only, newest first (a signed-in person's home). */
export async function unreadOf(userId: string, take = 10) {
  return db.notification.findMany({ where: { userId, readAt: null }, orderBy: { createdAt: "desc" }, take, select: notificationSelect });
}

export async function markAllRead(userId: string) {
  await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
}
