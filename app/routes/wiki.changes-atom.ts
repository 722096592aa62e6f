import type { Route } from "./+types/wiki.changes-atom";
import { atomFeed } from "~/features/decisions/atom";
import { recentChanges, wikiOf } from "~/features/wiki/wiki.server";
import { publicUrl } from "~/lib/env.server";
import { authorize, tFor } from "~/lib/http.server";

// Recent changes of the wiki as Atom: one entry per version of a page.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production } = await wikiOf(params.slug, null);
  authorize(context, request, "read", { type: "production", role: null });
  const t = tFor(request);
  const base = `${publicUrl()}/p/${production.slug}/wiki`;
  const changes = await recentChanges(production.id, {}, 50);
  const xml = atomFeed({
    id: `${base}/changes`,
    title: t("wiki.feedTitle", { title: production.title }),
    url: `${base}/changes`,
    selfUrl: `${base}/changes.atom`,
    updated: changes[0]?.at ?? new Date(0),
    author: production.title,
    entries: changes.map((c) => ({
      id: `${base}/${c.page.slug}/history?to=${c.number}`,
      title: `${c.page.title} — ${t("history.versionN", { n: c.number })}`,
      url: `${base}/${c.page.slug}/history?to=${c.number}&from=${Math.max(1, c.number - 1)}`,
      updated: c.at,
      summary: c.editors.map((e) => e.displayName).join(", "),
      author: c.editors[0]?.displayName ?? null,
    })),
  });
  return new Response(xml, { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=60" } });
}
