// A real film for release tests: made here by ffmpeg, uploaded by tus as a producer's
// browser would (which also plans its web renditions, decision 0044).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import type { TestUser } from "./collab";

/** A short H.264/AAC film of the given size with a tone. */
export function generatedFilm({ size = "640x360", seconds = 3 } = {}) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "claquette-film-")), "film.mp4");
  execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", `testsrc=size=${size}:rate=25`, "-f", "lavfi", "-i", "sine=frequency=440", "-t", String(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart", file]);
  return readFileSync(file);
}

/** Upload a file to a release by tus, in one request. */
export async function uploadToRelease(baseUrl: string, user: TestUser, releaseId: string, name: string, kind: string, bytes: Uint8Array, extra: Record<string, string> = {}) {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const meta = Object.entries({ filename: name, release: releaseId, kind, ...extra }).map(([k, v]) => `${k} ${b64(v)}`);
  const created = await fetch(`${baseUrl}/uploads`, { method: "POST", headers: { Origin: baseUrl, Cookie: user.cookie, "Tus-Resumable": "1.0.0", "Upload-Length": String(bytes.length), "Upload-Metadata": meta.join(",") } });
  const done = await fetch(new URL(created.headers.get("location")!, baseUrl), {
    method: "PATCH",
    headers: { Origin: baseUrl, Cookie: user.cookie, "Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream" },
    body: new Uint8Array(bytes),
  });
  expect(done.status).toBe(204);
}
