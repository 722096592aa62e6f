import type { Route } from "./+types/production.poster";
import { getPoster } from "~/features/productions/production.server";
import { authorize } from "~/lib/http.server";

// The poster image, checked by content when uploaded; served with its own type only.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  authorize(context, request, "read", { type: "production", role: null });
  const poster = await getPoster(params.slug);
  if (!poster) return new Response("Not found", { status: 404 });
  const etag = `"${poster.sha256}"`;
  const headers = {
    "Content-Type": poster.mimeType,
    ETag: etag,
    "Cache-Control": "public, max-age=300",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'",
  };
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(poster.bytes), { headers });
}
