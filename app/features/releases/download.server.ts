// Downloads of release files, served by the Node server itself (not through the page
// renderer), streamed from the file store: Range for resuming and seeking, ETag and
// Last-Modified, a good file name. Before the publication time only producers get a
// byte, whatever the address. Counted once per client, file and day (counts.server.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import { readCookie, SESSION_COOKIE } from "~/features/auth/session";
import { validateSessionToken } from "~/features/auth/session.server";
import { db, sql } from "~/lib/db.server";
import { can, type Role } from "~/lib/policy";
import { CLIENT_ADDRESS_HEADER } from "~/lib/client-address";
import { clientOf, startsDownload } from "./counting";
import { countDownload } from "./counts.server";
import { contentDisposition } from "./range";
import { isPublished } from "./releases.server";
import { plain, serveStored } from "./serve-stored.server";

export { plain };

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
 * Count a download of a film file (its master, or a rendition taken from "Download the
 * film") by the honest rules of decision 0045: a player fetching it, a resumed download or
 * a client already counted today is no new download.
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
  await serveStored(req, res, {
    key: file.storageKey,
    etag: `"${file.sha256}"`,
    lastModified: file.createdAt,
    contentType: file.mimeType,
    disposition: contentDisposition(file.name),
    published,
    onBytes: (start) => countIfDownload(req, file.id, { start, published, userId: user?.id ?? null }),
  });
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
