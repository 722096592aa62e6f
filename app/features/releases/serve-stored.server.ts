// One answer for every stored file a release serves (its files, the web seed, its
// renditions): ETag and 304, If-Range, Range and 416, then the bytes. The callers have
// asked the embargo and found the file; they differ only in the name it is saved under
// and in what counts as a download.
import type { IncomingMessage, ServerResponse } from "node:http";
import { open } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { fileStore } from "./file-store.server";
import { ifRangeAllows, parseRange } from "./range";

export function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers });
  res.end(text);
}

export type StoredAnswer = {
  key: string;
  /** The ETag, or how to make it from the stored size. */
  etag: string | ((size: number) => string);
  lastModified: Date;
  contentType: string;
  /** Content-Disposition, for a file people save (none for what a player streams). */
  disposition?: string;
  /** Whether the release is out: under embargo a producer's copy must not sit in a shared cache. */
  published: boolean;
  /** Whether a GET may be sent to the store's presigned address (not a playlist whose relative addresses must stay the studio's). */
  redirect?: boolean;
  /** Told the first byte asked, when bytes are about to be sent (a GET, not HEAD nor 304). */
  onBytes?: (start: number) => void;
};

export async function serveStored(req: IncomingMessage, res: ServerResponse, a: StoredAnswer) {
  const stored = await fileStore().stat(a.key);
  if (!stored) return plain(res, 404, "Not found");
  const size = stored.size;
  const etag = typeof a.etag === "string" ? a.etag : a.etag(size);
  const common: Record<string, string> = {
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Last-Modified": a.lastModified.toUTCString(),
    "Content-Type": a.contentType,
    ...(a.disposition ? { "Content-Disposition": a.disposition } : {}),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": a.published ? "public, max-age=3600" : "private, no-store",
  };
  const match = req.headers["if-none-match"];
  if (match && match.split(",").some((t) => t.trim() === etag || t.trim() === "*")) {
    res.writeHead(304, { ETag: etag, "Last-Modified": common["Last-Modified"]!, "Cache-Control": common["Cache-Control"]! });
    return res.end();
  }
  const ifRange = req.headers["if-range"];
  const range = ifRangeAllows(Array.isArray(ifRange) ? ifRange[0] : ifRange, etag, a.lastModified) ? parseRange(req.headers.range, size) : { kind: "full" as const };
  if (range.kind === "unsatisfiable") return plain(res, 416, "Range not satisfiable", { "Content-Range": `bytes */${size}` });
  const [status, start, end] = range.kind === "partial" ? [206, range.start, range.end] : [200, 0, size - 1];
  if (req.method === "GET" && a.redirect !== false) {
    // A store viewers reach themselves: the embargo and the counting were done here, the
    // bytes come from the store, at an address that works for minutes only.
    const url = await fileStore().presignedUrl(a.key, { contentType: a.contentType, disposition: a.disposition, cacheControl: common["Cache-Control"]! });
    if (url) {
      a.onBytes?.(start);
      res.writeHead(302, { Location: url, "Cache-Control": "private, no-store" });
      return res.end();
    }
  }
  res.writeHead(status, {
    ...common,
    "Content-Length": String(size === 0 ? 0 : end - start + 1),
    ...(status === 206 ? { "Content-Range": `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === "HEAD" || size === 0) return res.end();
  a.onBytes?.(start);
  try {
    const local = fileStore().localPath(a.key);
    if (local) await sendRange(local, start, end, res);
    else await pipeline(await fileStore().read(a.key, { start, end }), res);
  } catch {
    // The downloader went away: nothing to answer.
    res.destroy();
  }
}

const CHUNK = 256 * 1024;

function drainedOrClosed(res: ServerResponse) {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/**
 * Send bytes `start`…`end` of a local file through two buffers taken in turn: reading
 * the next chunk while the last one is written, and allocating nothing per chunk (a
 * stream of fresh buffers costs a third of the time in allocation and collection).
 * Memory per download is two chunks, whatever the size of the film.
 */
export async function sendRange(filePath: string, start: number, end: number, res: ServerResponse) {
  const handle = await open(filePath, "r");
  try {
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    const written: (Promise<void> | null)[] = [null, null];
    let position = start;
    for (let turn = 0; position <= end; turn ^= 1) {
      await written[turn]; // this buffer is free once its last write went out
      if (res.destroyed) throw new Error("gone");
      const { bytesRead } = await handle.read(buffers[turn]!, 0, Math.min(CHUNK, end - position + 1), position);
      if (!bytesRead) throw new Error("the file is shorter than stored");
      position += bytesRead;
      const chunk = buffers[turn]!.subarray(0, bytesRead);
      const write = new Promise<void>((resolve, reject) => {
        res.write(chunk, (e) => (e ? reject(e) : resolve()));
      });
      write.catch(() => {}); // awaited in its turn; a downloader leaving is not a crash
      written[turn] = write;
      // Keep at most two chunks in flight: wait for the socket when it is full (or gone).
      if (res.writableNeedDrain) await drainedOrClosed(res);
    }
    await Promise.all(written);
    await new Promise<void>((resolve) => res.end(resolve));
  } finally {
    await handle.close();
  }
}
