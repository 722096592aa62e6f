// Files submitted to a task: checked by their content (an image, a PDF, a film or sound,
// subtitles, or UTF-8 text such as a script or a translation), never by their name, and
// kept in the file store under a generated key.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sniffImage } from "~/features/media/image";
import { fileStore } from "~/features/releases/file-store.server";
import { checkSubtitles, sniffMedia } from "~/features/releases/sniff";

/** Submitted files come in a form post: the route's body limit (8 MB, app/routes/tracker.task.tsx) bounds them. */
export const MAX_SUBMISSION_BYTES = 7 * 1024 * 1024;

export function sniffSubmission(bytes: Uint8Array): { type: string } | null {
  const image = sniffImage(bytes);
  if (image) return { type: image.mimeType };
  if (bytes.length >= 5 && String.fromCharCode(...bytes.slice(0, 5)) === "%PDF-") return { type: "application/pdf" };
  const media = sniffMedia(bytes.slice(0, 4096));
  if (media) return { type: media.mimeType };
  const subtitles = checkSubtitles(bytes);
  if ("format" in subtitles) return { type: subtitles.format === "vtt" ? "text/vtt" : "application/x-subrip" };
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    // Text, not binary: no NUL, few control characters.
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    if (!/[\u0000-\u0008\u000e-\u001f]/.test(text)) return { type: "text/plain; charset=utf-8" };
  } catch {
    /* not UTF-8 */
  }
  return null;
}

export const submissionKey = (submissionId: string) => `submissions/${submissionId}`;

export async function storeSubmissionFile(submissionId: string, bytes: Uint8Array) {
  const temp = path.join(os.tmpdir(), `claquette-submission-${submissionId}`);
  await fs.writeFile(temp, bytes);
  await fileStore().adopt(temp, submissionKey(submissionId));
}

export function sha256(bytes: Uint8Array) {
  return createHash("sha256").update(bytes).digest("hex");
}
