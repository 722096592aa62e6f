import type { Route } from "./+types/release.renditions-json";
import { releaseFor } from "~/features/releases/releases.server";
import { renditionStates } from "~/features/releases/renditions.server";
import { authorize, viewerOf } from "~/lib/http.server";

// The renditions' progress, for the producers' status section to poll while they are made.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { release, resource } = await releaseFor(params.slug, params.release, viewerOf(context));
  authorize(context, request, "manage", resource);
  return Response.json({ renditions: await renditionStates(release.id) }, { headers: { "Cache-Control": "private, no-store" } });
}
