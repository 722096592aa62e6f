import { Readable } from "node:stream";
import type { Route } from "./+types/tracker.submission";
import { fileStore } from "~/features/releases/file-store.server";
import { submissionKey } from "~/features/tracker/submission-file.server";
import { trackerOf } from "~/features/tracker/tracker.server";
import { db } from "~/lib/db.server";
import { notFound, viewerOf } from "~/lib/http.server";

// A file submitted to a task: downloaded, never shown inline (its type was checked when
// it came in; the name is the submitter's, quoted, never a path).
export async function loader({ context, params }: Route.LoaderArgs) {
  const { production } = await trackerOf(params.slug, viewerOf(context));
  const submission = await db.submission.findFirst({ where: { id: params.id, task: { productionId: production.id } }, select: { id: true, fileName: true, fileType: true, fileSize: true } });
  if (!submission?.fileName) notFound();
  const stored = await fileStore().stat(submissionKey(submission.id));
  if (!stored) notFound();
  const ascii = submission.fileName.replace(/[^\w.-]/g, "_");
  return new Response(Readable.toWeb(await fileStore().read(submissionKey(submission.id))) as ReadableStream, {
    headers: {
      "Content-Type": submission.fileType ?? "application/octet-stream",
      "Content-Length": String(stored.size),
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(submission.fileName)}`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox",
    },
  });
}
