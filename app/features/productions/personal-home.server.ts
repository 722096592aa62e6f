// A signed-in person's own home: their productions, the tasks waiting for them, the
// polls they may vote in now, and what they have not read yet.
import { pollFor } from "~/features/polls/access.server";
import { unreadOf } from "~/features/tracker/notifications.server";
import type { Viewer } from "~/lib/context";
import { db } from "~/lib/db.server";
import { can, type User } from "~/lib/policy";

export async function personalHome(viewer: Viewer, user: User, now = new Date()) {
  const [memberships, tasks, notifications] = await Promise.all([
    db.membership.findMany({
      where: { userId: viewer.id },
      orderBy: { production: { updatedAt: "desc" } },
      select: { role: true, production: { select: { id: true, slug: true, title: true, logline: true } } },
    }),
    db.task.findMany({
      where: { assignees: { some: { userId: viewer.id } }, status: { isDone: false } },
      orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { priority: "asc" }, { updatedAt: "desc" }],
      take: 20,
      select: { number: true, title: true, dueDate: true, status: { select: { name: true } }, production: { select: { slug: true, title: true } } },
    }),
    unreadOf(viewer.id, 10),
  ]);
  return { productions: memberships, tasks, polls: await votablePolls(viewer, user, now), notifications };
}

/**
 * Open polls of the productions one belongs to or follows, kept only where the policy
 * lets this person vote (the same facts the poll page decides on).
 */
async function votablePolls(viewer: Viewer, user: User, now: Date) {
  const open = await db.poll.findMany({
    where: {
      closedAt: null,
      opensAt: { lte: now },
      closesAt: { gt: now },
      production: { OR: [{ memberships: { some: { userId: viewer.id } } }, { follows: { some: { userId: viewer.id } } }] },
    },
    orderBy: { closesAt: "asc" },
    take: 30,
    select: { id: true, production: { select: { slug: true } } },
  });
  const found = await Promise.all(open.map((p) => pollFor(p.production.slug, p.id, viewer)));
  return found
    .filter((f) => can(user, "vote", f.resource))
    .slice(0, 10)
    .map((f) => ({ id: f.poll.id, question: f.poll.question, closesAt: f.poll.closesAt, hasVoted: f.resource.hasVoted, production: { slug: f.production.slug, title: f.production.title } }));
}
