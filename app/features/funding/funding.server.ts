// A production's funding pages: the production, the viewer's role and the policy's
// `funding` resource, from the request's one read of the production.
import { getProduction, roleIn } from "~/features/productions/production.server";
import { notFound } from "~/lib/http.server";
import type { ExportEntry } from "./ledger-export";
import type { LedgerRow } from "./ledger.server";

export async function fundingOf(slug: string | undefined, viewerId: string | undefined) {
  const production = (slug ? await getProduction(slug) : null) ?? notFound();
  const role = await roleIn(production.id, viewerId);
  return { production, role, resource: { type: "funding", role, budgetPublic: production.budgetPublic } as const };
}

/** An entry as the exports give it: the page's, plus when it was written, and its recorder by handle alone. */
export function exportEntry(row: LedgerRow): ExportEntry {
  return { ...shownEntry(row), recordedAt: row.recordedAt, recordedBy: row.recordedBy?.handle ?? null };
}

/** An entry as the pages show it: no ids, whoever recorded it by name. */
export function shownEntry(row: LedgerRow) {
  return {
    number: row.number,
    kind: row.kind,
    amount: row.amount,
    currency: row.currency,
    description: row.description,
    occurredAt: row.occurredAt,
    recordedBy: row.recordedBy,
    reverses: row.reverses?.number ?? null,
    reversedBy: row.reversedBy?.number ?? null,
  };
}
