import type { Route } from "./+types/decisions.atom";
import { atomFeed, type AtomEntry } from "~/features/decisions/atom";
import { listDecisions, positionsByDecision } from "~/features/decisions/decisions.server";
import { positionsText, tally, tallyText } from "~/features/decisions/positions";
import { recentWeeklyNotes } from "~/features/decisions/weekly.server";
import { weekRange } from "~/features/decisions/week";
import { getProduction } from "~/features/productions/production.server";
import { publicUrl } from "~/lib/env.server";
import { authorize, localeOf, notFound, tFor } from "~/lib/http.server";
import { formatDate } from "~/lib/i18n";

// The public decision log as Atom: every decision out of draft (updated when its
// status changed or it was discussed) and the weekly production log's notes.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const production = (await getProduction(params.slug)) ?? notFound();
  authorize(context, request, "read", { type: "production", role: null });
  const t = tFor(request);
  const locale = localeOf(request);
  const origin = publicUrl();
  const base = `${origin}/p/${production.slug}`;
  const [decisions, notes] = await Promise.all([listDecisions(production.id, {}, false), recentWeeklyNotes(production.id)]);
  const positions = await positionsByDecision(decisions.slice(0, 100).map((d) => d.id));
  const entries: AtomEntry[] = [
    ...decisions.map((d) => ({
      id: `${base}/decisions/${d.number}`,
      title: `${t("decision.number", { n: d.number })} ${d.title} — ${t(`decision.status.${d.status}`)}`,
      url: `${base}/decisions/${d.number}`,
      updated: d.lastActivityAt,
      summary: [
        t(`decision.status.${d.status}`),
        d.decidedAt ? `${t("decision.decidedOn")} ${formatDate(locale, d.decidedAt)}${d.decidedBy ? ` — ${d.decidedBy.displayName}` : ""}` : null,
        d.tags.length ? `${t("decision.topics")}: ${d.tags.join(", ")}` : null,
        d.acceptedOverBlocks ? t("decision.acceptedOverBlocks", { count: d.acceptedOverBlocks }) : null,
        // Where the members stood: part of the record once it is decided.
        positions.get(d.id)?.length
          ? `${t("decision.position.title")}: ${tallyText(t, tally(positions.get(d.id)!))}. ${positionsText(t, positions.get(d.id)!)}`
          : null,
      ]
        .filter(Boolean)
        .join(". "),
      author: d.decidedBy?.displayName ?? d.createdBy?.displayName ?? null,
    })),
    ...notes.map((n) => ({
      id: `${base}/log/${n.week}`,
      title: t("feed.weekTitle", { date: formatDate(locale, weekRange(n.week)!.start) }),
      url: `${base}/log/${n.week}`,
      updated: n.updatedAt,
      summary: n.body,
      author: n.author?.displayName ?? null,
    })),
  ].sort((a, b) => b.updated.getTime() - a.updated.getTime());
  const xml = atomFeed({
    id: `${base}/decisions`,
    title: t("feed.title", { title: production.title }),
    url: `${base}/decisions`,
    selfUrl: `${base}/decisions.atom`,
    updated: entries[0]?.updated ?? production.createdAt,
    author: production.title,
    entries: entries.slice(0, 100),
  });
  return new Response(xml, {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=60", Vary: "Accept-Language, Cookie" },
  });
}
