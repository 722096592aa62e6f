import type { Route } from "./+types/release.track";
import { fileStore } from "~/features/releases/file-store.server";
import { releaseFor } from "~/features/releases/releases.server";
import { srtToVtt } from "~/features/releases/sniff";
import { authorize, notFound, viewerOf } from "~/lib/http.server";

// A subtitle file as the player's <track> needs it: WebVTT (SubRip converted), under
// the same embargo as every file of the release.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { release, resource } = await releaseFor(params.slug, params.release, viewerOf(context));
  authorize(context, request, "download", resource);
  const file = release.files.find((f) => f.name === params.file && f.kind === "subtitles") ?? notFound();
  const chunks: Buffer[] = [];
  for await (const chunk of await fileStore().read(file.storageKey)) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8").replace(/^\uFEFF/, "");
  return new Response(file.mimeType === "text/vtt" ? text : srtToVtt(text), {
    headers: {
      "Content-Type": "text/vtt; charset=utf-8",
      "Cache-Control": resource.type === "release" && resource.published ? "public, max-age=3600" : "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
