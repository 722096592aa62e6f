import { z } from "zod";
import type { Route } from "./+types/wiki.pages-json";
import { existingSlugs, suggestPages, wikiOf } from "~/features/wiki/wiki.server";
import { authorize, viewerOf } from "~/lib/http.server";

const Query = z.object({
  q: z.string().max(120).optional(),
  exists: z.array(z.string().min(1).max(80)).max(100),
});

// What the editor asks while links are typed: pages to suggest for `?q=`, and which of
// the addresses in `?exists=` are pages (the others show as red links).
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, role } = await wikiOf(params.slug, viewerOf(context));
  authorize(context, request, "read", { type: "production", role });
  const url = new URL(request.url);
  const parsed = Query.safeParse({ q: url.searchParams.get("q") ?? undefined, exists: url.searchParams.getAll("exists") });
  if (!parsed.success) return Response.json({ error: "Bad query" }, { status: 400 });
  const { q, exists } = parsed.data;
  const [pages, existing] = await Promise.all([q === undefined ? [] : suggestPages(production.id, q), existingSlugs(production.id, exists)]);
  return Response.json({ pages, existing: [...existing] }, { headers: { "Cache-Control": "no-store" } });
}
