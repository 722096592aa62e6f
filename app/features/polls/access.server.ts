// The facts the policy needs about a poll and the person asking, in one query:
// this runs on every ballot cast.
import { db } from "~/lib/db.server";
import type { Viewer } from "~/lib/context";
import { notFound } from "~/lib/http.server";
import type { Resource } from "~/lib/policy";
import { eligibleToVote, pollState } from "./polls.server";

export async function pollFor(slug: string, pollId: string, viewer: Viewer | null) {
  const userId = viewer?.id ?? "";
  const found = await db.poll.findUnique({
    where: { id: pollId },
    include: {
      options: { orderBy: { position: "asc" } },
      production: { select: { id: true, slug: true, title: true, memberships: { where: { userId }, select: { role: true } } } },
      ballots: { where: { userId }, select: { id: true } },
    },
  });
  if (!found || found.production.slug !== slug) notFound();
  const { production, ballots, ...poll } = found;
  const role = production.memberships[0]?.role ?? null;
  const state = pollState(poll);
  const resource: Resource = {
    type: "poll",
    role,
    eligible: viewer ? await eligibleToVote(poll, viewer.id, role) : false,
    open: state.open,
    closed: state.closed,
    hasVoted: ballots.length > 0,
    resultsVisibility: poll.resultsVisibility,
  };
  return { production: { id: production.id, slug: production.slug, title: production.title }, poll, role, state, resource };
}
