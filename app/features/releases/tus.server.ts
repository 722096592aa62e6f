// Resumable uploads of release files (the tus protocol, @tus/server): a 30 GB master
// survives a dropped connection and resumes where it stopped, also after a restart
// of the studio. Only a producer of the release's production may start an upload,
// and only the person who started it may continue it.
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { FileStore } from "@tus/file-store";
import { Server, type Upload } from "@tus/server";
import { readCookie, SESSION_COOKIE } from "~/features/auth/session";
import { validateSessionToken } from "~/features/auth/session.server";
import type { ReleaseFileKind } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { localeCookie, negotiateLocale, translator } from "~/lib/i18n";
import { can } from "~/lib/policy";
import { uploadDirectory } from "./file-store.server";
import { isPublished, fileKinds } from "./releases.server";
import { acceptUpload, MAX_UPLOAD_BYTES } from "./uploads.server";

export const UPLOAD_PATH = "/uploads";

type Refusal = { status_code: number; body: string };

function refuse(req: Request, status: number, key: Parameters<ReturnType<typeof translator>>[0]): Refusal {
  const cookie = req.headers.get("cookie");
  const t = translator(negotiateLocale(readCookie(cookie, localeCookie) ?? undefined, req.headers.get("accept-language")));
  return { status_code: status, body: t(key) };
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

let server: Server | undefined;

function tusServer(): Server {
  if (server) return server;
  const datastore = new FileStore({ directory: uploadDirectory(), expirationPeriodInMilliseconds: 7 * 24 * 3600_000 });
  server = new Server({
    path: UPLOAD_PATH,
    datastore,
    maxSize: MAX_UPLOAD_BYTES,
    relativeLocation: true,
    async onIncomingRequest(req, uploadId) {
      const person = await personOf(req);
      if (!person) throw refuse(req, 401, "release.upload.logIn");
      if (!uploadId) return; // a new upload: checked with its metadata in onUploadCreate
      const upload = await datastore.getUpload(uploadId).catch(() => null);
      if (!upload) return; // tus answers 404 itself
      if (upload.metadata?.uploader !== person.id || !(await mayManage(person, upload.metadata?.release ?? ""))) throw refuse(req, 403, "error.forbidden");
    },
    async onUploadCreate(req, upload) {
      const person = await personOf(req);
      const meta = upload.metadata ?? {};
      if (!(await mayManage(person, meta.release ?? ""))) throw refuse(req, 403, "error.forbidden");
      if (!fileKinds.includes(meta.kind as ReleaseFileKind) || !meta.filename) throw refuse(req, 400, "release.upload.metadata");
      // Who started it is recorded by the server, never taken from the client.
      return { metadata: { ...meta, uploader: person!.id } };
    },
    async onUploadFinish(req, upload: Upload) {
      const meta = upload.metadata ?? {};
      const accepted = await acceptUpload({
        releaseId: meta.release!,
        path: path.join(uploadDirectory(), upload.id),
        size: upload.size ?? upload.offset,
        name: meta.filename!,
        kind: meta.kind as ReleaseFileKind,
        label: (meta.label ?? "").slice(0, 80),
        language: /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(meta.language ?? "") ? meta.language! : null,
      });
      await datastore.configstore.delete(upload.id).catch(() => {});
      if (!accepted.ok) throw refuse(req, 422, accepted.problem);
      return { headers: { "Claquette-File": accepted.fileId } };
    },
  });
  return server;
}

export function handleUpload(req: IncomingMessage, res: ServerResponse) {
  return tusServer().handle(req, res);
}
