// Resumable uploads of release files (the tus protocol, @tus/server): a 30 GB master
// survives a dropped connection and resumes where it stopped, also after a restart of
// the studio, and with MEDIA_URL through another studio process (decision 0057). Only
// a producer of the release's production may start an upload, and only the person who
// started it may continue it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Server, type Upload } from "@tus/server";
import { readCookie, SESSION_COOKIE } from "~/features/auth/session";
import { validateSessionToken } from "~/features/auth/session.server";
import type { ReleaseFileKind } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { quotaVars } from "~/features/media/quota";
import { storageProblem } from "~/features/media/quota.server";
import { localeCookie, negotiateLocale, translator, type Vars } from "~/lib/i18n";
import { can } from "~/lib/policy";
import { isPublished, fileKinds } from "./releases.server";
import { planRenditions } from "./renditions.server";
import { uploadStore } from "./upload-store.server";
import { acceptUpload, MAX_UPLOAD_BYTES } from "./uploads.server";

export const UPLOAD_PATH = "/uploads";

type Refusal = { status_code: number; body: string };

const localeOf = (req: Request) => negotiateLocale(readCookie(req.headers.get("cookie"), localeCookie) ?? undefined, req.headers.get("accept-language"));

function refuse(req: Request, status: number, key: Parameters<ReturnType<typeof translator>>[0], vars?: Vars): Refusal {
  return { status_code: status, body: translator(localeOf(req))(key, vars) };
}

async function personOf(req: Request) {
  const session = await validateSessionToken(readCookie(req.headers.get("cookie"), SESSION_COOKIE) ?? undefined);
  return session ? { id: session.user.id, isAdmin: session.user.isAdmin, suspended: session.user.suspendedAt !== null } : null;
}

/** Whether this person may add files to this release now. */
async function mayManage(person: Awaited<ReturnType<typeof personOf>>, releaseId: string) {
  if (!person) return false;
  const release = await db.release.findUnique({ where: { id: releaseId }, select: { publishAt: true, productionId: true } });
  if (!release) return false;
  const m = await db.membership.findUnique({ where: { productionId_userId: { productionId: release.productionId, userId: person.id } }, select: { role: true } });
  return can(person, "manage", { type: "release", role: m?.role ?? null, published: isPublished(release) });
}

// ─── unfinished uploads expire ──────────────────────────────────────────────
// An upload that has received no byte for UPLOAD_EXPIRY_SECONDS (a day by default) is
// removed, data and description: swept at start and then periodically, and forgotten at
// once by the endpoint if someone asks for it before the sweep. Counted from the last
// byte, not the first: a 30 GB master that takes two days but keeps moving stays.

/** How long an unfinished upload may go without progress. */
export function uploadExpiryMs(env: Record<string, string | undefined> = process.env): number {
  const seconds = Number(env.UPLOAD_EXPIRY_SECONDS || 24 * 3600);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`UPLOAD_EXPIRY_SECONDS: not a number of seconds: ${env.UPLOAD_EXPIRY_SECONDS}`);
  return seconds * 1000;
}

const stale = (last: number, now: number) => last > 0 && now - last > uploadExpiryMs();

/** Remove every unfinished upload without progress for longer than the expiry; how many. */
export async function sweepUploads(now = Date.now()): Promise<number> {
  let removed = 0;
  for (const upload of await uploadStore().list()) {
    if (!stale(upload.lastProgress, now)) continue;
    await uploadStore().remove(upload.id);
    removed++;
  }
  return removed;
}

/** Sweep now, then every half expiry (at most hourly); the timer, to stop at shutdown. */
export async function startUploadSweeps(log: (line: string) => void): Promise<NodeJS.Timeout> {
  const sweep = () =>
    sweepUploads()
      .then((n) => n && log(`removed ${n} unfinished upload${n === 1 ? "" : "s"} without progress`))
      .catch((e: Error) => log(`sweeping uploads: ${e.message}`));
  await sweep();
  const timer = setInterval(() => void sweep(), Math.min(uploadExpiryMs() / 2, 3600_000));
  timer.unref();
  return timer;
}

let server: Server | undefined;

function tusServer(): Server {
  if (server) return server;
  const uploads = uploadStore();
  const datastore = uploads.datastore;
  server = new Server({
    path: UPLOAD_PATH,
    datastore,
    locker: uploads.locker,
    maxSize: MAX_UPLOAD_BYTES,
    relativeLocation: true,
    async onIncomingRequest(req, uploadId) {
      const person = await personOf(req);
      if (!person) throw refuse(req, 401, "release.upload.logIn");
      if (!uploadId) return; // a new upload: checked with its metadata in onUploadCreate
      // Expired but not yet swept: gone now, and tus answers 404 like for any unknown upload.
      if (stale(await uploads.lastProgress(uploadId), Date.now())) await uploads.remove(uploadId);
      const upload = await datastore.getUpload(uploadId).catch(() => null);
      if (!upload) return; // tus answers 404 itself
      if (upload.metadata?.uploader !== person.id || !(await mayManage(person, upload.metadata?.release ?? ""))) throw refuse(req, 403, "error.forbidden");
    },
    async onUploadCreate(req, upload) {
      const person = await personOf(req);
      const meta = upload.metadata ?? {};
      if (!(await mayManage(person, meta.release ?? ""))) throw refuse(req, 403, "error.forbidden");
      if (!fileKinds.includes(meta.kind as ReleaseFileKind) || !meta.filename) throw refuse(req, 400, "release.upload.metadata");
      // The length is announced up front (no deferred length): it is reserved against the
      // production's allowance until the upload ends or expires.
      if (upload.size === undefined) throw refuse(req, 400, "release.upload.metadata");
      const release = await db.release.findUniqueOrThrow({ where: { id: meta.release! }, select: { productionId: true } });
      const full = await storageProblem({ personId: null, productionId: release.productionId, size: upload.size });
      if (full) throw refuse(req, 413, full.key, quotaVars(full, localeOf(req)));
      // Who started it is recorded by the server, never taken from the client.
      return { metadata: { ...meta, uploader: person!.id } };
    },
    async onUploadFinish(req, upload: Upload) {
      const meta = upload.metadata ?? {};
      const accepted = await acceptUpload({
        releaseId: meta.release!,
        path: await uploads.finishedFile(upload.id),
        size: upload.size ?? upload.offset,
        name: meta.filename!,
        kind: meta.kind as ReleaseFileKind,
        label: (meta.label ?? "").slice(0, 80),
        language: /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(meta.language ?? "") ? meta.language! : null,
      });
      if (!accepted.ok) throw refuse(req, 422, accepted.problem);
      // A film gets its web renditions, made in the background (decision 0044). The file
      // is kept either way: a failure here is the studio's, not the upload's.
      if (meta.kind === "film") await planRenditions(accepted.fileId).catch((e: Error) => console.error(`[claquette] renditions of ${accepted.fileId}: ${e.message}`));
      return { headers: { "Claquette-File": accepted.fileId } };
    },
  });
  return server;
}

export function handleUpload(req: IncomingMessage, res: ServerResponse) {
  return tusServer().handle(req, res);
}
