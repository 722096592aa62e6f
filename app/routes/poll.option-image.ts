import type { Route } from "./+types/poll.option-image";
import { imageResponse, requestedSize } from "~/features/media/image.server";
import { imageBytes } from "~/features/media/store.server";
import { pollFor } from "~/features/polls/access.server";
import { authorize, viewerOf } from "~/lib/http.server";

// An option's image, checked by content when uploaded; `?size=thumb` for its WebP thumbnail.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { poll, resource } = await pollFor(params.slug, params.id, viewerOf(context));
  authorize(context, request, "read", resource);
  const size = requestedSize(request);
  if (!size) return new Response("Unknown size", { status: 400 });
  const imageId = poll.options.find((o) => o.key === params.key)?.imageId;
  const image = imageId ? await imageBytes(imageId, size) : null;
  if (!image) return new Response("Not found", { status: 404 });
  return imageResponse(request, image, 3600);
}
