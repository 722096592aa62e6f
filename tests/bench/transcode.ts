// Transcoding benchmark for web renditions (issue 20, decision 0044).
//
//   npm run bench:transcode            (SECONDS=10, ROUNDS=2 by default)
//
// One generated master (a 1280×720 test card with a tone, SECONDS long) made into its
// renditions (720p and 480p MP4, the HLS ladder, the poster frame) two ways in the same
// run: by plain ffmpeg with the very same arguments, one after the other, and by the
// studio's job queue (the job planned as an upload plans it, until every rendition is
// ready). Rounds alternate which goes first. Reports the wall-clock time of each and
// the throughput ratio, plain ÷ queue (target ≥ 0.9: the queue and the studio add little).
import { execFileSync, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { report, startBenchStudio } from "./studio.ts";

const SECONDS = Number(process.env.SECONDS ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 2);

const studio = await startBenchStudio();
await studio.start();
const { db } = await import("../../app/lib/db.server.ts");
const { keyFor, fileStore } = await import("../../app/features/releases/file-store.server.ts");
const { hlsArguments, ladderFor, mp4Arguments, posterArguments } = await import("../../app/features/releases/ladder.ts");
const { planRenditions } = await import("../../app/features/releases/renditions.server.ts");

const scratch = mkdtempSync(path.join(os.tmpdir(), "claquette-transcode-"));
const master = path.join(scratch, "master.mp4");
execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=1280x720:rate=24", "-f", "lavfi", "-i", "sine=frequency=440", "-t", String(SECONDS), "-c:v", "libx264", "-c:a", "aac", "-pix_fmt", "yuv420p", master]);

const stamp = Date.now().toString(36);
const producer = await db.user.create({ data: { handle: `tc-${stamp}`, displayName: "Producer", email: `tc-${stamp}@bench.invalid`, passwordHash: "!" } });
const production = await db.production.create({
  data: { slug: `transcode-${stamp}`, title: "Transcode", licence: "CC-BY-SA-4.0", memberships: { create: { userId: producer.id, role: "producer" } } },
});
const release = await db.release.create({ data: { productionId: production.id, slug: "master", title: "Master", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() + 3600_000) } });
const sha256 = createHash("sha256").update(readFileSync(master)).digest("hex");

/** The same work as the queue's job, by plain ffmpeg: every MP4, the ladder cut from them, the poster. */
function plain(): number {
  const out = mkdtempSync(path.join(scratch, "plain-"));
  const started = performance.now();
  const rungs = ladderFor({ width: 1280, height: 720 });
  const mp4s = rungs.map((r, i) => {
    const file = path.join(out, `${i}.mp4`);
    const done = spawnSync("ffmpeg", mp4Arguments(master, file, r, true), { stdio: "ignore" });
    if (done.status !== 0) throw new Error("ffmpeg failed");
    return file;
  });
  mkdirSync(path.join(out, "hls"));
  if (spawnSync("ffmpeg", hlsArguments(mp4s, path.join(out, "hls"), true), { stdio: "ignore" }).status !== 0) throw new Error("ffmpeg (hls) failed");
  if (spawnSync("ffmpeg", posterArguments(master, path.join(out, "poster.jpg"), Math.min(SECONDS * 0.1, 10)), { stdio: "ignore" }).status !== 0) throw new Error("ffmpeg (poster) failed");
  const seconds = (performance.now() - started) / 1000;
  rmSync(out, { recursive: true, force: true });
  return seconds;
}

/** A new film file of the release, planned as an upload plans it; the time until all its renditions are ready. */
async function queued(): Promise<number> {
  const fileId = `f${randomBytes(12).toString("hex")}`;
  const key = keyFor(release.id, fileId);
  const copy = path.join(scratch, `${fileId}.mp4`);
  copyFileSync(master, copy);
  await fileStore().adopt(copy, key);
  await db.releaseFile.create({
    data: { id: fileId, releaseId: release.id, name: `${fileId}.mp4`, kind: "film", mimeType: "video/mp4", size: BigInt(statSync(master).size), sha256, storageKey: key, width: 1280, height: 720, durationSeconds: SECONDS },
  });
  const started = performance.now();
  const planned = await planRenditions(fileId);
  for (;;) {
    const states = await db.rendition.findMany({ where: { fileId }, select: { status: true } });
    if (states.some((s) => s.status === "failed")) throw new Error("a rendition failed");
    if (states.length === planned && states.every((s) => s.status === "ready")) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return (performance.now() - started) / 1000;
}

const plainRuns: number[] = [];
const queueRuns: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  if (round % 2 === 0) {
    plainRuns.push(plain());
    queueRuns.push(await queued());
  } else {
    queueRuns.push(await queued());
    plainRuns.push(plain());
  }
  console.log(`round ${round + 1}: plain ffmpeg ${plainRuns.at(-1)!.toFixed(2)} s, through the queue ${queueRuns.at(-1)!.toFixed(2)} s`);
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const round2 = (n: number) => Math.round(n * 100) / 100;
const plainSeconds = sum(plainRuns);
const queueSeconds = sum(queueRuns);
report("transcode", {
  master: { width: 1280, height: 720, seconds: SECONDS },
  rounds: ROUNDS,
  renditions: "720p and 480p MP4 (H.264/AAC), HLS ladder (copied), poster frame",
  plainSeconds: plainRuns.map(round2),
  queueSeconds: queueRuns.map(round2),
  // Seconds of film made per second of work, each way.
  plainThroughput: round2((SECONDS * ROUNDS) / plainSeconds),
  queueThroughput: round2((SECONDS * ROUNDS) / queueSeconds),
  ratio: round2(plainSeconds / queueSeconds),
  target: 0.9,
});
rmSync(scratch, { recursive: true, force: true });
await studio.stop();
process.exit(0);
