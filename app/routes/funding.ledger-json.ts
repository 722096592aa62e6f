import type { Route } from "./+types/funding.ledger-json";
import { exportEntry, fundingOf } from "~/features/funding/funding.server";
import { ledgerJson } from "~/features/funding/ledger-export";
import { allEntries } from "~/features/funding/ledger.server";
import { authorize, viewerOf } from "~/lib/http.server";

// ledger.json: the balances and every entry, amounts as exact decimal strings and minor units.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, resource } = await fundingOf(params.slug, viewerOf(context)?.id);
  authorize(context, request, "readLedger", resource);
  const rows = await allEntries(production.id);
  return Response.json(ledgerJson(production, rows.map(exportEntry)), { headers: { "Cache-Control": "no-cache" } });
}
