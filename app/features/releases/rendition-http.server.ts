// A rendition's files at /p/<slug>/releases/<release>/renditions/<id>/<name>: the MP4s
// (with Range, for seeking), the HLS playlists and segments, the poster frame. Behind
// the same embargo as every file of the release (download.server.ts), asked before the
// rendition is looked up. An MP4 taken from the "Download the film" choice counts as a
// download of its master, by the same honest rules (decision 0046); what a player
// fetches as it plays (Sec-Fetch-Dest: video), the HLS parts and the poster never do.
import type { IncomingMessage, ServerResponse } from "node:http";
import { countIfDownload, embargo } from "./download.server";
import { RENDITION_FILE, renditionMimeType } from "./ladder";
import { contentDisposition } from "./range";
import { findReadyRendition } from "./renditions.server";
import { plain, serveStored } from "./serve-stored.server";

export async function serveRendition(req: IncomingMessage, res: ServerResponse, params: { slug: string; release: string; rendition: string; name: string }) {
  if (req.method !== "GET" && req.method !== "HEAD") return plain(res, 405, "Method not allowed", { Allow: "GET, HEAD" });
  const opened = await embargo(req, res, params);
  if (!opened) return;
  const { release, published, user } = opened;
  // Names Claquette gave (film.mp4, master.m3u8, v0s001.ts): anything else is no file.
  if (!RENDITION_FILE.test(params.name)) return plain(res, 404, "Not found");
  const rendition = await findReadyRendition(release.id, params.rendition);
  if (!rendition) return plain(res, 404, "Not found");
  const key = `${rendition.storageKey}/${params.name}`;
  await serveStored(req, res, {
    key,
    // A rendition never changes once ready: its id, name and size name its bytes.
    etag: (size) => `"${rendition.id}-${params.name}-${size}"`,
    lastModified: rendition.updatedAt,
    contentType: renditionMimeType(params.name),
    // Saved under a name that says which film and which size, not "film.mp4".
    ...(rendition.kind === "mp4" ? { disposition: contentDisposition(`${params.slug}-${params.release}-${rendition.height}p.mp4`) } : {}),
    published,
    // A playlist names its segments relatively: it must come from the studio's address.
    redirect: !params.name.endsWith(".m3u8"),
    onBytes: rendition.kind === "mp4" ? (start) => countIfDownload(req, rendition.fileId, { start, published, userId: user?.id ?? null }) : undefined,
  });
}
