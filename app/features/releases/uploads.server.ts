// A finished upload becomes a release file: its content checked against what it
// claims to be, its size and SHA-256 computed, a film probed for duration and
// picture size (ffprobe, where installed), then kept in the file store. The
// release's .torrent is made again whenever its files change.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import type { ReleaseFileKind } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { publicUrl } from "~/lib/env.server";
import { fileStore, keyFor } from "./file-store.server";
import { probeMedia } from "./probe.server";
import { checkSubtitles, SNIFF_BYTES, sniffMedia } from "./sniff";
import { buildTorrent, PieceHasher, pieceLengthFor } from "./torrent";

export const MAX_UPLOAD_BYTES = 64 * 1024 ** 3;
const MAX_SUBTITLE_BYTES = 5 * 1024 * 1024;

export type UploadProblem = "release.upload.notFilm" | "release.upload.notAudio" | "release.upload.notSubtitles" | "release.upload.mismatch" | "release.upload.empty";

/** A name people can download it under: letters, digits, dot, dash, underscore; never a path. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+/, "")
    .slice(-120);
  return cleaned || "file";
}

const extensionOf = (name: string) => (/\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1] ?? "").toLowerCase();

// What a name's extension may be for each content: a name that lies is refused.
const extensionsFor: Record<string, string[]> = {
  "video/mp4": ["mp4", "m4v"],
  "video/quicktime": ["mov", "qt", "mp4"],
  "video/webm": ["webm"],
  "video/x-matroska": ["mkv"],
  "video/ogg": ["ogv", "ogg"],
  "audio/mp4": ["m4a", "mp4", "aac"],
  "audio/ogg": ["ogg", "oga", "opus"],
  "audio/mpeg": ["mp3"],
  "audio/flac": ["flac"],
  "audio/wav": ["wav"],
  "audio/x-wav": ["wav"],
};

async function head(path: string, bytes: number): Promise<Uint8Array> {
  const handle = await fs.open(path, "r");
  try {
    const buffer = new Uint8Array(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** What the file really is, or why it is refused. */
export async function checkContent(path: string, size: number, kind: ReleaseFileKind, name: string): Promise<{ mimeType: string } | { problem: UploadProblem }> {
  if (size === 0) return { problem: "release.upload.empty" };
  const ext = extensionOf(name);
  if (kind === "subtitles") {
    if (size > MAX_SUBTITLE_BYTES) return { problem: "release.upload.notSubtitles" };
    const checked = checkSubtitles(new Uint8Array(await fs.readFile(path)));
    if ("problem" in checked) return { problem: "release.upload.notSubtitles" };
    if (ext !== checked.format) return { problem: "release.upload.mismatch" };
    return { mimeType: checked.format === "vtt" ? "text/vtt" : "application/x-subrip" };
  }
  const media = sniffMedia(await head(path, SNIFF_BYTES));
  if (kind === "film" || kind === "audio") {
    if (!media || media.kind !== (kind === "film" ? "video" : "audio")) return { problem: kind === "film" ? "release.upload.notFilm" : "release.upload.notAudio" };
    if (!(extensionsFor[media.mimeType] ?? [media.extension]).includes(ext)) return { problem: "release.upload.mismatch" };
    return { mimeType: media.mimeType };
  }
  // Source material (rushes, project files) can be anything; a media file is still named for what it is.
  if (media && !(extensionsFor[media.mimeType] ?? [media.extension]).includes(ext)) return { problem: "release.upload.mismatch" };
  return { mimeType: media?.mimeType ?? "application/octet-stream" };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export type FinishedUpload = { releaseId: string; path: string; size: number; name: string; kind: ReleaseFileKind; label: string; language: string | null };

/** Check and keep a finished upload; the temporary file is gone either way. */
export async function acceptUpload(u: FinishedUpload): Promise<{ ok: true; fileId: string } | { ok: false; problem: UploadProblem }> {
  try {
    const name = safeFileName(u.name);
    const checked = await checkContent(u.path, u.size, u.kind, name);
    if ("problem" in checked) return { ok: false, problem: checked.problem };
    const sha256 = await sha256Of(u.path);
    const probe = u.kind === "film" || u.kind === "audio" ? await probeMedia(u.path) : null;
    const id = `f${randomBytes(12).toString("hex")}`;
    const key = keyFor(u.releaseId, id);
    await fileStore().adopt(u.path, key);
    // A second file of the same name gets a number, never replaces the first.
    const taken = new Set((await db.releaseFile.findMany({ where: { releaseId: u.releaseId }, select: { name: true } })).map((f) => f.name));
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = name.replace(/(\.[^.]*)?$/, `-${n}$1`);
    await db.releaseFile.create({
      data: {
        id,
        releaseId: u.releaseId,
        name: unique,
        kind: u.kind,
        label: u.label,
        language: u.language,
        mimeType: checked.mimeType,
        size: BigInt(u.size),
        sha256,
        storageKey: key,
        durationSeconds: probe?.durationSeconds ?? null,
        width: probe?.width ?? null,
        height: probe?.height ?? null,
      },
    });
    void refreshTorrent(u.releaseId);
    return { ok: true, fileId: id };
  } finally {
    await fs.rm(u.path, { force: true });
  }
}

const refreshing = new Map<string, Promise<void>>();

/**
 * Make the release's .torrent again from its files as they are now: one after the
 * other per release, so that the last one made reflects the last change.
 */
export function refreshTorrent(releaseId: string): Promise<void> {
  const next = (refreshing.get(releaseId) ?? Promise.resolve())
    .then(() => writeTorrent(releaseId))
    .catch((e: Error) => console.error(`[claquette] torrent of release ${releaseId}: ${e.message}`));
  refreshing.set(releaseId, next);
  return next;
}

async function writeTorrent(releaseId: string) {
  const release = await db.release.findUnique({
    where: { id: releaseId },
    select: { slug: true, title: true, production: { select: { slug: true, title: true } }, files: { orderBy: { name: "asc" }, select: { name: true, size: true, storageKey: true } } },
  });
  if (!release) return;
  if (!release.files.length) {
    await db.release.update({ where: { id: releaseId }, data: { torrent: null } });
    return;
  }
  const total = release.files.reduce((n, f) => n + Number(f.size), 0);
  const pieceLength = pieceLengthFor(total);
  const hasher = new PieceHasher(pieceLength);
  for (const f of release.files) for await (const chunk of await fileStore().read(f.storageKey)) hasher.update(chunk as Buffer);
  const directory = `${release.production.slug}-${release.slug}`;
  const torrent = buildTorrent({
    name: directory,
    pieceLength,
    pieces: hasher.digest(),
    files: release.files.map((f) => ({ path: [f.name], length: Number(f.size) })),
    // BEP 19: clients append <name>/<path> to the web seed; /seed/ maps that back to the files.
    webSeed: `${publicUrl()}/p/${release.production.slug}/releases/${release.slug}/seed/`,
    comment: `${release.production.title} — ${release.title}`,
  });
  await db.release.update({ where: { id: releaseId }, data: { torrent: new Uint8Array(torrent) } });
}
