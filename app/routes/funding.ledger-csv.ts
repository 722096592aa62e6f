import type { Route } from "./+types/funding.ledger-csv";
import { exportEntry, fundingOf } from "~/features/funding/funding.server";
import { ledgerCsv } from "~/features/funding/ledger-export";
import { allEntries } from "~/features/funding/ledger.server";
import { authorize, viewerOf } from "~/lib/http.server";

// ledger.csv: every entry in written order, for anyone to add up with their own tools.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, resource } = await fundingOf(params.slug, viewerOf(context)?.id);
  authorize(context, request, "readLedger", resource);
  const rows = await allEntries(production.id);
  return new Response(ledgerCsv(rows.map(exportEntry)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      // the slug is checked at creation to hold only [a-z0-9-]
      "Content-Disposition": `attachment; filename="ledger-${production.slug}.csv"`,
      "Cache-Control": "no-cache",
    },
  });
}
