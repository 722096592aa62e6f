import type { Route } from "./+types/poll.option-image";
import { pollFor } from "~/features/polls/access.server";
import { optionImage } from "~/features/polls/polls.server";
import { authorize, viewerOf } from "~/lib/http.server";

// An option's image, checked by content when uploaded; served with its own type only.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { poll, resource } = await pollFor(params.slug, params.id, viewerOf(context));
  authorize(context, request, "read", resource);
  const image = await optionImage(poll.id, params.key);
  if (!image) return new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      "Content-Type": image.mimeType,
      ETag: `"${image.sha256}"`,
      "Cache-Control": "public, max-age=3600",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
    },
  });
}
