// The web renditions of a film file (decision 0044): planned when the master arrives,
// made in the background by ffmpeg through the job queue (server/jobs.ts runs
// `makeRenditions`), kept in the file store beside the release's files, and listed for
// the player (playableSources) once ready.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import type { RenditionKind, RenditionStatus } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { notify } from "~/features/tracker/notifications.server";
import { fileStore, localCopy } from "./file-store.server";
import { hlsArguments, ladderFor, mp4Arguments, posterArguments, progressOf } from "./ladder";
import { probeMedia } from "./probe.server";

/** The queue's name for the job that makes a file's renditions. */
export const RENDITIONS_TASK = "renditions";
/** Tries before a rendition is marked failed; the queue waits longer each time (exponential backoff). */
export const RENDITION_ATTEMPTS = 5;

/** The file store's directory of one rendition: generated ids only (keyFor's rule). */
const directoryKey = (releaseId: string, renditionId: string) => `releases/${releaseId}/${renditionId}`;

/** The one file an MP4 rendition and a poster have, under their directory. */
export const MP4_NAME = "film.mp4";
export const POSTER_NAME = "poster.jpg";
export const HLS_MASTER = "master.m3u8";

/**
 * Plan the renditions of a film that has just arrived and queue the job that makes them,
 * in one transaction: a planned rendition always has its job. A master of unknown size
 * (not probed) gets no rendition: there is nothing to scale from.
 */
export async function planRenditions(fileId: string): Promise<number> {
  const file = await db.releaseFile.findUnique({
    where: { id: fileId },
    select: { id: true, kind: true, width: true, height: true, releaseId: true, release: { select: { posterId: true, production: { select: { posterId: true } } } } },
  });
  if (!file || file.kind !== "film" || !file.width || !file.height) return 0;
  const rows: { kind: RenditionKind; width: number; height: number; bitrate: number }[] = ladderFor({ width: file.width, height: file.height }).map((r) => ({ kind: "mp4" as const, ...r }));
  rows.push({ kind: "hls", width: rows[0]!.width, height: rows[0]!.height, bitrate: 0 });
  if (!file.release.posterId && !file.release.production.posterId) rows.push({ kind: "poster", width: 0, height: 0, bitrate: 0 });
  await db.$transaction(async (tx) => {
    for (const r of rows) {
      const id = `r${crypto.randomUUID().replaceAll("-", "")}`;
      await tx.rendition.create({ data: { id, releaseId: file.releaseId, fileId, ...r, storageKey: directoryKey(file.releaseId, id) } });
    }
    // graphile-worker's own function: the job is committed with the rows, or neither is.
    await tx.$executeRaw`SELECT graphile_worker.add_job(${RENDITIONS_TASK}, json_build_object('fileId', ${fileId}::text), job_key := ${`renditions:${fileId}`}, max_attempts := ${RENDITION_ATTEMPTS})`;
  });
  return rows.length;
}

type Job = { attempts: number; maxAttempts: number; signal?: AbortSignal; workDirectory: string };

/**
 * The queue's job: make every rendition of the file that is not ready yet (after a
 * restart or a failure, the ready ones are kept). Throws so that the queue tries again.
 */
export async function makeRenditions(fileId: string, job: Job): Promise<void> {
  const file = await db.releaseFile.findUnique({ where: { id: fileId }, select: { storageKey: true, durationSeconds: true, renditions: true } });
  if (!file) return; // removed since: nothing to make
  // The MP4s first, biggest first: the HLS ladder is cut from them.
  const order: Record<RenditionKind, number> = { mp4: 0, hls: 1, poster: 2 };
  const renditions = [...file.renditions].sort((a, b) => order[a.kind] - order[b.kind] || b.height - a.height);
  const work = path.join(job.workDirectory, fileId);
  await fs.rm(work, { recursive: true, force: true });
  await fs.mkdir(work, { recursive: true });
  let current: string | null = null;
  try {
    // ffmpeg reads files: the store's own, or a copy of the master when it is remote.
    const master = await localCopy(file.storageKey, path.join(work, "in"));
    const probe = await probeMedia(master);
    const hasAudio = Boolean(probe?.audioCodec);
    const duration = probe?.durationSeconds ?? file.durationSeconds ?? 0;
    for (const r of renditions) {
      if (r.status === "ready") continue;
      current = r.id;
      await setStatus(r.id, "running", 0);
      const out = path.join(work, r.id);
      await fs.mkdir(out, { recursive: true });
      const report = progressReporter(r.id);
      if (r.kind === "mp4") {
        await runFfmpeg(mp4Arguments(master, path.join(out, MP4_NAME), r, hasAudio), duration, report, job.signal);
      } else if (r.kind === "hls") {
        // The ladder is the MP4s cut into segments, copied: the same pictures, no second encoding.
        const ready = await db.rendition.findMany({ where: { fileId, kind: "mp4", status: "ready" }, orderBy: { height: "desc" } });
        if (!ready.length) throw new Error("the HLS ladder needs the MP4 renditions first");
        const mp4s = await Promise.all(ready.map((m) => localCopy(`${m.storageKey}/${MP4_NAME}`, path.join(work, "in"))));
        await runFfmpeg(hlsArguments(mp4s, out, hasAudio), duration, report, job.signal);
      } else {
        await runFfmpeg(posterArguments(master, path.join(out, POSTER_NAME), Math.min(duration * 0.1, 10)), 0, report, job.signal);
      }
      await report.flush();
      const size = await keep(out, r.storageKey);
      await db.rendition.update({ where: { id: r.id }, data: { status: "ready", progress: 1, size: BigInt(size), error: null } });
      current = null;
    }
  } catch (e) {
    if (current) {
      // The last try leaves it failed (the producer sees it and may publish the master alone); before it, queued again.
      const last = job.attempts >= job.maxAttempts;
      await db.rendition.update({ where: { id: current }, data: { status: last ? "failed" : "queued", error: String((e as Error).message).slice(0, 500) } });
    }
    throw e;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

async function setStatus(id: string, status: RenditionStatus, progress: number) {
  await db.rendition.update({ where: { id }, data: { status, progress } });
}

/** Progress written at most once a second: enough for a page that polls, little for the database. */
function progressReporter(id: string) {
  let last = 0;
  let pending: number | null = null;
  let writing: Promise<unknown> = Promise.resolve();
  const write = (p: number) => {
    pending = null;
    last = Date.now();
    writing = writing.then(() => db.rendition.update({ where: { id }, data: { progress: p } })).catch(() => {});
  };
  return {
    progress(p: number) {
      pending = p;
      if (Date.now() - last >= 1000) write(p);
    },
    async flush() {
      if (pending !== null) write(pending);
      await writing;
    },
  };
}

/** Run ffmpeg, reading `-progress pipe:1` blocks; rejects with its last words when it fails. */
function runFfmpeg(args: string[], duration: number, report: { progress(p: number): void }, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("ffmpeg", args, { stdio: ["ignore", "pipe", "pipe"], signal, killSignal: "SIGKILL" });
    let stderr = "";
    let buffered = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      buffered += chunk;
      // Each block ends with progress=continue|end.
      const end = buffered.lastIndexOf("\nprogress=");
      if (end < 0) return;
      const p = progressOf(buffered.slice(0, end), duration);
      buffered = buffered.slice(buffered.indexOf("\n", end + 1) + 1);
      if (p !== null) report.progress(p);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    child.once("error", reject);
    child.once("close", (code, sig) => (code === 0 ? resolve() : reject(new Error(`ffmpeg ${sig ?? `exited with ${code}`}: ${stderr.trim().split("\n").pop() ?? ""}`))));
  });
}

/** Move every file ffmpeg wrote into the store under the rendition's directory; their total size. */
async function keep(from: string, key: string): Promise<number> {
  let total = 0;
  for (const name of await fs.readdir(from)) {
    const stat = await fs.stat(path.join(from, name));
    total += stat.size;
    await fileStore().adopt(path.join(from, name), `${key}/${name}`);
  }
  return total;
}

export type PlayableSources = { hls: string | null; mp4: { url: string; height: number; width: number; size: number }[]; poster: string | null };

/**
 * What a player can play of a release, ready renditions only, biggest first: addresses
 * under the release's own, which ask the embargo on every request. The caller decides
 * whether the viewer may see the release at all.
 */
export async function playableSources(
  releaseId: string,
  // what the page has read already (the production once per request, decision 0041)
  known?: { slug: string; production: { slug: string; posterId: string | null } },
): Promise<PlayableSources> {
  const release = known ?? (await db.release.findUnique({ where: { id: releaseId }, select: { slug: true, production: { select: { slug: true, posterId: true } } } }));
  if (!release) return { hls: null, mp4: [], poster: null };
  const ready = await db.rendition.findMany({ where: { releaseId, status: "ready" }, orderBy: [{ height: "desc" }, { createdAt: "asc" }] });
  const base = `/p/${release.production.slug}/releases/${release.slug}/renditions`;
  const hls = ready.find((r) => r.kind === "hls");
  const poster = ready.find((r) => r.kind === "poster");
  return {
    hls: hls ? `${base}/${hls.id}/${HLS_MASTER}` : null,
    mp4: ready.filter((r) => r.kind === "mp4").map((r) => ({ url: `${base}/${r.id}/${MP4_NAME}`, height: r.height, width: r.width, size: Number(r.size) })),
    poster: release.production.posterId ? `/p/${release.production.slug}/poster` : poster ? `${base}/${poster.id}/${POSTER_NAME}` : null,
  };
}

export type RenditionState = { id: string; kind: RenditionKind; height: number; status: RenditionStatus; progress: number; error: string | null };

/** The renditions of a release as the producers' status section shows them. */
export async function renditionStates(releaseId: string): Promise<RenditionState[]> {
  const rows = await db.rendition.findMany({ where: { releaseId }, orderBy: [{ createdAt: "asc" }, { height: "desc" }], select: { id: true, kind: true, height: true, status: true, progress: true, error: true } });
  return rows;
}

/** Whether every rendition is ready (true when there are none: nothing to wait for). */
export async function renditionsReady(releaseId: string): Promise<boolean> {
  return (await db.rendition.count({ where: { releaseId, status: { not: "ready" } } })) === 0;
}

/** How long before a premiere its producers hear that renditions are missing: a day to wait for them, upload again or move it. */
export const PREMIERE_WARNING_MS = 24 * 3600_000;

/** The renditions of a release that are not ready: all of them, and those that failed for good. */
export function renditionsBehind(states: { status: RenditionStatus }[]): { count: number; failed: number } {
  return { count: states.filter((r) => r.status !== "ready").length, failed: states.filter((r) => r.status === "failed").length };
}

/**
 * The premiere does not wait for the renditions (it is a public promise, and the embargo
 * a comparison of times): producers learn, once per premiere time, when one comes within
 * PREMIERE_WARNING_MS with renditions still missing or failed. Run by the server with
 * the poll closer; moving the premiere warns again about the new time.
 */
export async function warnPremieresWithoutRenditions(now = new Date()): Promise<number> {
  const due = await db.release.findMany({
    where: { publishAt: { gt: now, lte: new Date(now.getTime() + PREMIERE_WARNING_MS) }, files: { some: { renditions: { some: { status: { not: "ready" } } } } } },
    select: { id: true, slug: true, title: true, publishAt: true, renditionsWarnedFor: true, productionId: true },
  });
  let warned = 0;
  for (const r of due) {
    if (r.renditionsWarnedFor?.getTime() === r.publishAt.getTime()) continue;
    // Claimed in one statement: two passes at once (or two processes) warn once.
    const claimed = await db.release.updateMany({
      where: { id: r.id, publishAt: r.publishAt, OR: [{ renditionsWarnedFor: null }, { renditionsWarnedFor: { not: r.publishAt } }] },
      data: { renditionsWarnedFor: r.publishAt },
    });
    if (!claimed.count) continue;
    const behind = renditionsBehind(await db.rendition.findMany({ where: { releaseId: r.id }, select: { status: true } }));
    const producers = await db.membership.findMany({ where: { productionId: r.productionId, role: "producer" }, select: { userId: true } });
    await notify(
      producers.map((p) => p.userId),
      { kind: "premiereRenditions", productionId: r.productionId, data: { title: r.title, release: r.slug, count: String(behind.count), failed: String(behind.failed) } },
    );
    warned++;
  }
  return warned;
}

/** A rendition of this release, ready, for the address /renditions/<id>/<name>. */
export async function findReadyRendition(releaseId: string, renditionId: string) {
  if (!/^r[0-9a-f]{32}$/.test(renditionId)) return null;
  return db.rendition.findFirst({ where: { id: renditionId, releaseId, status: "ready" }, select: { id: true, kind: true, fileId: true, height: true, storageKey: true, updatedAt: true } });
}

/** Remove a rendition's stored files (its row goes with its master's, by cascade). */
export async function removeRenditionFiles(fileId: string) {
  const rows = await db.rendition.findMany({ where: { fileId }, select: { storageKey: true } });
  for (const r of rows) await fileStore().removeDirectory(r.storageKey);
}
