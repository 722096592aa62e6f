// Films made here by ffmpeg for the tests and benchmarks of the player and the renditions:
// a test card with a tone, and a producer's upload of it by tus, in one request.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestUser } from "./collab";

/**
 * An H.264/AAC MP4 test card of the given size and length. `noise` grains every frame, so
 * that its renditions weigh what a real film's do (a still test card compresses to little).
 */
export function generatedFilm({ width = 640, height = 360, seconds = 3, noise = false } = {}): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), "claquette-film-"));
  try {
    const file = path.join(dir, "film.mp4");
    execFileSync("ffmpeg", [
      "-v", "error", "-f", "lavfi", "-i", `testsrc=size=${width}x${height}:rate=24`, "-f", "lavfi", "-i", "sine=frequency=440",
      ...(noise ? ["-vf", "noise=alls=30:allf=t"] : []),
      "-t", String(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart", file,
    ]);
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Upload a file to a release through tus in one request; the status of its last byte (204). */
export async function uploadFile(baseUrl: string, cookie: string, releaseId: string, name: string, bytes: Uint8Array, meta: Record<string, string> = { kind: "film" }): Promise<number> {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const fields = Object.entries({ filename: name, release: releaseId, ...meta }).map(([k, v]) => `${k} ${b64(v)}`);
  const created = await fetch(`${baseUrl}/uploads`, {
    method: "POST",
    headers: { Origin: baseUrl, Cookie: cookie, "Tus-Resumable": "1.0.0", "Upload-Length": String(bytes.length), "Upload-Metadata": fields.join(",") },
  });
  const done = await fetch(new URL(created.headers.get("location")!, baseUrl), {
    method: "PATCH",
    headers: { Origin: baseUrl, Cookie: cookie, "Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream" },
    body: new Uint8Array(bytes),
  });
  return done.status;
}

/** A producer's upload of a file of the given kind to a release, which must succeed. */
export async function uploadToRelease(baseUrl: string, user: TestUser, releaseId: string, name: string, kind: string, bytes: Uint8Array, extra: Record<string, string> = {}) {
  const status = await uploadFile(baseUrl, user.cookie, releaseId, name, bytes, { kind, ...extra });
  if (status !== 204) throw new Error(`uploading ${name} ended with ${status}, not 204`);
}
