import type { Route } from "./+types/release.play";
import { clientOf } from "~/features/releases/counting";
import { countPlay } from "~/features/releases/counts.server";
import { releaseFor } from "~/features/releases/releases.server";
import { clientAddress } from "~/lib/client-address";
import { authorize, viewerOf } from "~/lib/http.server";

// The player says it started (its first play on the page): a play, counted apart from
// downloads, once per client and day. Like every POST it must come from a page of the
// studio (the Origin check); it carries no body.
export async function action({ request, context, params }: Route.ActionArgs) {
  if (request.method !== "POST") return new Response(null, { status: 405, headers: { Allow: "POST" } });
  const viewer = viewerOf(context);
  const { release, resource } = await releaseFor(params.slug, params.release, viewer);
  authorize(context, request, "download", resource);
  // A producer watching before the premiere is rehearsal, not an audience.
  if (resource.type === "release" && resource.published) {
    await countPlay(release.id, clientOf({ userId: viewer?.id ?? null, address: clientAddress(request), userAgent: request.headers.get("user-agent") ?? undefined }));
  }
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}
