import type { Route } from "./+types/poll.results-json";
import { pollFor } from "~/features/polls/access.server";
import { pollResults } from "~/features/polls/polls.server";
import { authorize, viewerOf } from "~/lib/http.server";

// results.json (reference/voting.md): method, options, rounds or matrix, winners, the tie-break seed.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { poll, resource } = await pollFor(params.slug, params.id, viewerOf(context));
  authorize(context, request, "seeResults", resource);
  const results = await pollResults(poll.id);
  return new Response(JSON.stringify(results, null, 2) + "\n", {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-cache" },
  });
}
