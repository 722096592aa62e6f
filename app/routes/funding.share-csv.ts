import type { Route } from "./+types/funding.share-csv";
import { fundingOf } from "~/features/funding/funding.server";
import { sharesCsv } from "~/features/funding/shares-export";
import { distributionOf } from "~/features/funding/shares.server";
import { authorize, notFound, viewerOf } from "~/lib/http.server";

// shares.csv: a distribution's people, weights and shares, for anyone to redo the arithmetic.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, resource } = await fundingOf(params.slug, viewerOf(context)?.id);
  authorize(context, request, "readShares", resource);
  const distribution = (await distributionOf(production.id, params.distribution)) ?? notFound();
  return new Response(sharesCsv(distribution), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      // the slug holds only [a-z0-9-]; the file is named by the production, not by the request
      "Content-Disposition": `attachment; filename="shares-${production.slug}.csv"`,
      "Cache-Control": "no-cache",
    },
  });
}
