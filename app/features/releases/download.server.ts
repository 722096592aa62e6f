// Downloads of release files, served by the Node server itself (not through the page
// renderer), streamed from the file store: Range for resuming and seeking, ETag and
// Last-Modified, a good file name. Before the publication time only producers get a
// byte, whatever the address. Counted once per client, file and day (counts.server.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import { open } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { readCookie, SESSION_COOKIE } from "~/features/auth/session";
import { validateSessionToken } from "~/features/auth/session.server";
import { db, sql } from "~/lib/db.server";
import { can, type Role } from "~/lib/policy";
import { fileStore } from "./file-store.server";
import { CLIENT_ADDRESS_HEADER } from "~/lib/client-address";
import { clientOf, startsDownload } from "./counting";
import { countDownload } from "./counts.server";
import { contentDisposition, ifRangeAllows, parseRange } from "./range";
import { isPublished } from "./releases.server";

type Found = {
  id: string;
  name: string;
  mimeType: string;
  size: bigint;
  sha256: string;
  storageKey: string;
  createdAt: Date;
};

type Gate = { id: string; publishAt: Date; role: Role | null };

/** A release with the asking person's role: what the embargo needs, before any file is looked up. */
async function findRelease(slug: string, releaseSlug: string, userId: string): Promise<Gate | null> {
  const [row] = await sql<Gate>(
    "release-gate",
    `SELECT r.id, r."publishAt",
            (SELECT m.role FROM "Membership" m WHERE m."productionId" = p.id AND m."userId" = $3) AS role
       FROM "Release" r JOIN "Production" p ON p.id = r."productionId"
      WHERE p.slug = $1 AND r.slug = $2`,
    [slug, releaseSlug, userId],
  );
  return row ?? null;
}

/** The file `name` of a release. */
async function findFile(releaseId: string, name: string): Promise<Found | null> {
  const [row] = await sql<Found>(
    "release-file",
    `SELECT f.id, f.name, f."mimeType", f.size, f.sha256, f."storageKey", f."createdAt"
       FROM "ReleaseFile" f WHERE f."releaseId" = $1 AND f.name = $2`,
    [releaseId, name],
  );
  return row ? { ...row, size: BigInt(row.size) } : null;
}

async function viewerId(req: IncomingMessage): Promise<{ id: string; isAdmin: boolean; suspended: boolean } | null> {
  const token = readCookie(req.headers.cookie ?? null, SESSION_COOKIE);
  const session = token ? await validateSessionToken(token) : null;
  return session ? { id: session.user.id, isAdmin: session.user.isAdmin, suspended: session.user.suspendedAt !== null } : null;
}

export function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers });
  res.end(text);
}


/**
 * The embargo every file address of a release asks (its files, the web seed, its
 * renditions and HLS segments): the release and the asker's role, before any file is
 * looked up. Null once it has answered (404 for no such release, 403 under embargo).
 */
export async function embargo(
  req: IncomingMessage,
  res: ServerResponse,
  params: { slug: string; release: string },
): Promise<{ release: Gate; published: boolean; user: Awaited<ReturnType<typeof viewerId>> } | null> {
  const user = await viewerId(req);
  const release = await findRelease(params.slug, params.release, user?.id ?? "");
  if (!release) {
    plain(res, 404, "Not found");
    return null;
  }
  const published = isPublished(release);
  if (!can(user, "download", { type: "release", role: release.role, published })) {
    // Under embargo every name gets this one answer, before any file is looked up: a
    // file that exists and one that does not are told apart by nothing, not even time.
    plain(res, 403, `Not yet: the files of this release open to everyone at the premiere, ${release.publishAt.toISOString()}.`);
    return null;
  }
  return { release, published, user };
}

/**
 * Count a download of a film file (a web rendition counts as its master: one film), by the
 * honest rules of decision 0045: a player fetching it, a resumed download or a client
 * already counted today is no new download.
 */
export function countIfDownload(req: IncomingMessage, fileId: string, r: { start: number; published: boolean; userId: string | null }) {
  const fetchDest = req.headers["sec-fetch-dest"];
  if (!startsDownload({ method: req.method ?? "GET", start: r.start, published: r.published, fetchDest: Array.isArray(fetchDest) ? fetchDest[0] : fetchDest })) return;
  const address = req.headers[CLIENT_ADDRESS_HEADER];
  const client = clientOf({ userId: r.userId, address: typeof address === "string" ? address : "unknown", userAgent: req.headers["user-agent"] });
  void countDownload(fileId, client).catch(() => {});
}

export async function serveReleaseFile(req: IncomingMessage, res: ServerResponse, params: { slug: string; release: string; file: string }) {
  if (req.method !== "GET" && req.method !== "HEAD") return plain(res, 405, "Method not allowed", { Allow: "GET, HEAD" });
  const opened = await embargo(req, res, params);
  if (!opened) return;
  const { release, published, user } = opened;
  // File names are letters, digits, dot, dash, underscore (safeFileName): anything else is no file.
  if (!/^[\w.-]{1,200}$/.test(params.file)) return plain(res, 404, "Not found");
  const file = await findFile(release.id, params.file);
  if (!file) return plain(res, 404, "Not found");
  const stored = await fileStore().stat(file.storageKey);
  if (!stored) return plain(res, 404, "Not found");
  const size = stored.size;
  const etag = `"${file.sha256}"`;
  const lastModified = file.createdAt;
  const common: Record<string, string> = {
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Last-Modified": lastModified.toUTCString(),
    "Content-Type": file.mimeType,
    "Content-Disposition": contentDisposition(file.name),
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
  const range = ifRangeAllows(Array.isArray(ifRange) ? ifRange[0] : ifRange, etag, lastModified) ? parseRange(req.headers.range, size) : { kind: "full" as const };
  if (range.kind === "unsatisfiable") return plain(res, 416, "Range not satisfiable", { "Content-Range": `bytes */${size}` });
  const [status, start, end] = range.kind === "partial" ? [206, range.start, range.end] : [200, 0, size - 1];
  res.writeHead(status, {
    ...common,
    "Content-Length": String(size === 0 ? 0 : end - start + 1),
    ...(status === 206 ? { "Content-Range": `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === "HEAD" || size === 0) return res.end();
  countIfDownload(req, file.id, { start, published, userId: user?.id ?? null });
  try {
    const local = fileStore().localPath(file.storageKey);
    if (local) await sendRange(local, start, end, res);
    else await pipeline(fileStore().read(file.storageKey, { start, end }), res);
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

/** The release's .torrent, under the same embargo as its files. */
export async function serveReleaseTorrent(req: IncomingMessage, res: ServerResponse, params: { slug: string; release: string }) {
  const user = await viewerId(req);
  const release = await db.release.findFirst({
    where: { slug: params.release, production: { slug: params.slug } },
    select: { torrent: true, publishAt: true, production: { select: { id: true } } },
  });
  if (!release) return plain(res, 404, "Not found");
  const role = user ? ((await db.membership.findUnique({ where: { productionId_userId: { productionId: release.production.id, userId: user.id } }, select: { role: true } }))?.role ?? null) : null;
  const published = isPublished(release);
  if (!can(user, "download", { type: "release", role, published })) return plain(res, 403, `Not yet: the premiere is ${release.publishAt.toISOString()}.`);
  if (!release.torrent) return plain(res, 404, "No files yet");
  res.writeHead(200, {
    "Content-Type": "application/x-bittorrent",
    "Content-Disposition": contentDisposition(`${params.slug}-${params.release}.torrent`),
    "Cache-Control": published ? "public, max-age=300" : "private, no-store",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(release.torrent);
}
