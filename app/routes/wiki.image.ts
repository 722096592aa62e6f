import type { Route } from "./+types/wiki.image";
import { imageResponse, requestedSize } from "~/features/media/image.server";
import { imageBytes } from "~/features/media/store.server";
import { wikiOf } from "~/features/wiki/wiki.server";
import { db } from "~/lib/db.server";
import { authorize, notFound, viewerOf } from "~/lib/http.server";

// An image of the wiki, served with its own type only (never run as a document).
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, role } = await wikiOf(params.slug, viewerOf(context));
  authorize(context, request, "read", { type: "production", role });
  const size = requestedSize(request);
  if (!size) throw new Response("Unknown size", { status: 400 });
  const link = await db.wikiImage.findUnique({ where: { imageId: params.id }, select: { productionId: true } });
  if (!link || link.productionId !== production.id) notFound();
  const image = (await imageBytes(params.id, size)) ?? notFound();
  return imageResponse(request, image, 86400);
}
