// A published release whose film has its web renditions made by the studio's own queue,
// for the benchmarks of the player and of streaming (issue 20). The master is a test card
// with a tone made here by ffmpeg, planned as an upload plans it (decision 0044).
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generatedFilm } from "../support/film.ts";

export async function renderedRelease({ width = 1280, height = 720, seconds = 20, noise = false } = {}) {
  const { db } = await import("../../app/lib/db.server.ts");
  const { keyFor, fileStore } = await import("../../app/features/releases/file-store.server.ts");
  const { planRenditions, playableSources } = await import("../../app/features/releases/renditions.server.ts");
  const scratch = mkdtempSync(path.join(os.tmpdir(), "claquette-rendered-"));
  const master = path.join(scratch, "master.mp4");
  const bytes = generatedFilm({ width, height, seconds, noise });
  writeFileSync(master, bytes);

  const stamp = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const producer = await db.user.create({ data: { handle: `rf-${stamp}`, displayName: "Producer", email: `rf-${stamp}@bench.invalid`, passwordHash: "!" } });
  const production = await db.production.create({
    data: { slug: `film-${stamp}`, title: "Film", licence: "CC-BY-SA-4.0", memberships: { create: { userId: producer.id, role: "producer" } } },
  });
  // Published already: every visitor may watch.
  const release = await db.release.create({ data: { productionId: production.id, slug: "cut", title: "Cut", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() - 1000) } });
  const fileId = `f${randomBytes(12).toString("hex")}`;
  const key = keyFor(release.id, fileId);
  await fileStore().adopt(master, key);
  await db.releaseFile.create({
    data: {
      id: fileId,
      releaseId: release.id,
      name: "film.mp4",
      kind: "film",
      mimeType: "video/mp4",
      size: BigInt(bytes.length),
      sha256: createHash("sha256").update(bytes).digest("hex"),
      storageKey: key,
      width,
      height,
      durationSeconds: seconds,
    },
  });
  const planned = await planRenditions(fileId);
  for (;;) {
    const states = await db.rendition.findMany({ where: { fileId }, select: { status: true } });
    if (states.some((s) => s.status === "failed")) throw new Error("a rendition failed");
    if (states.length === planned && states.every((s) => s.status === "ready")) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  rmSync(scratch, { recursive: true, force: true });
  return { page: `/p/${production.slug}/releases/cut`, sources: await playableSources(release.id), masterBytes: bytes.length };
}
