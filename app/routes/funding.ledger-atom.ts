import type { Route } from "./+types/funding.ledger-atom";
import { atomFeed } from "~/features/decisions/atom";
import { fundingOf } from "~/features/funding/funding.server";
import { allEntries } from "~/features/funding/ledger.server";
import { formatMoney } from "~/features/funding/money";
import { publicUrl } from "~/lib/env.server";
import { authorize, localeOf, tFor, viewerOf } from "~/lib/http.server";

// The ledger as Atom: the latest hundred entries, each with its amount, kind and what it corrects.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, resource } = await fundingOf(params.slug, viewerOf(context)?.id);
  authorize(context, request, "readLedger", resource);
  const t = tFor(request);
  const locale = localeOf(request);
  const base = `${publicUrl()}/p/${production.slug}/funding`;
  const rows = await allEntries(production.id, { newestFirst: true, take: 100 });
  const xml = atomFeed({
    id: `${base}/ledger`,
    title: t("ledger.feedTitle", { title: production.title }),
    url: `${base}/ledger`,
    selfUrl: `${base}/ledger.atom`,
    updated: rows[0]?.recordedAt ?? production.createdAt,
    author: production.title,
    entries: rows.map((e) => ({
      id: `${base}/ledger#entry-${e.number}`,
      title: `${t("ledger.entry", { n: e.number })} ${t(`ledger.kind.${e.kind}`)}: ${formatMoney(e, locale)}`,
      url: `${base}/ledger#entry-${e.number}`,
      updated: e.recordedAt,
      summary: [e.description, e.reverses ? t("ledger.reverses", { n: e.reverses.number }) : null, e.reversedBy ? t("ledger.reversedBy", { n: e.reversedBy.number }) : null]
        .filter(Boolean)
        .join(". "),
      author: e.recordedBy?.displayName ?? null,
    })),
  });
  return new Response(xml, {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=60", Vary: "Accept-Language, Cookie" },
  });
}
