import { data } from "react-router";
import type { Route } from "./+types/poll.ballots-csv";
import { pollFor } from "~/features/polls/access.server";
import { publishedBallotsCsv } from "~/features/polls/polls.server";
import { authorize, viewerOf } from "~/lib/http.server";

// ballots.csv: the anonymised ballots, public once the poll has closed, so that anyone can recount.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { poll, state, resource } = await pollFor(params.slug, params.id, viewerOf(context));
  authorize(context, request, "read", resource);
  if (!state.closed) throw data({ message: "notYet" }, { status: 403 });
  return new Response(await publishedBallotsCsv(poll.id), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="ballots-${poll.id}.csv"`,
      "Cache-Control": "no-cache",
    },
  });
}
