// The facts the policy needs about a poll and the person asking.
import type { Viewer } from "~/lib/context";
import { notFound } from "~/lib/http.server";
import type { Resource } from "~/lib/policy";
import { getProduction, roleIn } from "~/features/productions/production.server";
import { ballotOf, eligibleToVote, getPoll, pollState } from "./polls.server";

export async function pollFor(slug: string, pollId: string, viewer: Viewer | null) {
  const production = (await getProduction(slug)) ?? notFound();
  const poll = await getPoll(pollId);
  if (!poll || poll.productionId !== production.id) notFound();
  const role = await roleIn(production.id, viewer?.id);
  const state = pollState(poll);
  const resource: Resource = {
    type: "poll",
    role,
    eligible: viewer ? await eligibleToVote(poll, viewer.id, role) : false,
    open: state.open,
    closed: state.closed,
    hasVoted: (await ballotOf(poll.id, viewer?.id)) !== null,
    resultsVisibility: poll.resultsVisibility,
  };
  return { production, poll, role, state, resource };
}
