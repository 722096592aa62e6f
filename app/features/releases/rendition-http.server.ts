// A rendition's files at /p/<slug>/releases/<release>/renditions/<id>/<name>: the MP4s
// (with Range, for seeking), the HLS playlists and segments, the poster frame. Behind
// the same embargo as every file of the release (download.server.ts), asked before the
// rendition is looked up. An MP4 taken from the "Download the film" choice counts as a
// download of its master, by the same honest rules (decision 0046); what a player
// fetches as it plays (Sec-Fetch-Dest: video), the HLS parts and the poster never do.
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { countIfDownload, embargo, plain, sendRange } from "./download.server";
import { fileStore } from "./file-store.server";
import { RENDITION_FILE, renditionMimeType } from "./ladder";
import { contentDisposition, ifRangeAllows, parseRange } from "./range";
import { findReadyRendition } from "./renditions.server";

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
  const stored = await fileStore().stat(key);
  if (!stored) return plain(res, 404, "Not found");
  const size = stored.size;
  // A rendition never changes once ready: its id, name and size name its bytes.
  const etag = `"${rendition.id}-${params.name}-${size}"`;
  const common: Record<string, string> = {
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Last-Modified": rendition.updatedAt.toUTCString(),
    "Content-Type": renditionMimeType(params.name),
    // Saved under a name that says which film and which size, not "film.mp4".
    ...(rendition.kind === "mp4" ? { "Content-Disposition": contentDisposition(`${params.slug}-${params.release}-${rendition.height}p.mp4`) } : {}),
    "X-Content-Type-Options": "nosniff",
    // Under embargo a producer's copy must not sit in a shared cache.
    "Cache-Control": published ? "public, max-age=3600" : "private, no-store",
  };
  const match = req.headers["if-none-match"];
  if (match && match.split(",").some((t) => t.trim() === etag || t.trim() === "*")) {
    res.writeHead(304, { ETag: etag, "Last-Modified": common["Last-Modified"]!, "Cache-Control": common["Cache-Control"]! });
    return res.end();
  }
  const ifRange = req.headers["if-range"];
  const range = ifRangeAllows(Array.isArray(ifRange) ? ifRange[0] : ifRange, etag, rendition.updatedAt) ? parseRange(req.headers.range, size) : { kind: "full" as const };
  if (range.kind === "unsatisfiable") return plain(res, 416, "Range not satisfiable", { "Content-Range": `bytes */${size}` });
  const [status, start, end] = range.kind === "partial" ? [206, range.start, range.end] : [200, 0, size - 1];
  res.writeHead(status, {
    ...common,
    "Content-Length": String(size === 0 ? 0 : end - start + 1),
    ...(status === 206 ? { "Content-Range": `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === "HEAD" || size === 0) return res.end();
  if (rendition.kind === "mp4") countIfDownload(req, rendition.fileId, { start, published, userId: user?.id ?? null });
  try {
    const local = fileStore().localPath(key);
    if (local) await sendRange(local, start, end, res);
    else await pipeline(fileStore().read(key, { start, end }), res);
  } catch {
    res.destroy();
  }
}
