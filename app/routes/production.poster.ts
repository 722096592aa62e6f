import type { Route } from "./+types/production.poster";
import { imageResponse, requestedSize } from "~/features/media/image.server";
import { getPoster } from "~/features/productions/production.server";
import { authorize } from "~/lib/http.server";

// The poster, checked by content when uploaded; `?size=thumb` for its WebP thumbnail.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  authorize(context, request, "read", { type: "production", role: null });
  const size = requestedSize(request);
  if (!size) return new Response("Unknown size", { status: 400 });
  const poster = await getPoster(params.slug, size);
  if (!poster) return new Response("Not found", { status: 404 });
  return imageResponse(request, poster, 300);
}
