import type { Route } from "./+types/funding.share-json";
import { fundingOf } from "~/features/funding/funding.server";
import { sharesJson } from "~/features/funding/shares-export";
import { distributionOf } from "~/features/funding/shares.server";
import { authorize, notFound, viewerOf } from "~/lib/http.server";

// shares.json: the same as shares.csv, with the rule and the amount shared.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, resource } = await fundingOf(params.slug, viewerOf(context)?.id);
  authorize(context, request, "readShares", resource);
  const distribution = (await distributionOf(production.id, params.distribution)) ?? notFound();
  return Response.json(sharesJson(production, distribution), { headers: { "Cache-Control": "no-cache" } });
}
