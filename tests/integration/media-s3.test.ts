// Media on an S3-compatible store (MEDIA_URL, decision 0048): a studio of its own, on
// its own database, whose release files and renditions live in an s3rver the test
// starts, and a second studio process on the same database and store (another machine:
// a disk of its own). A film uploaded through tus lands in the store (not on the studio's disk),
// ffmpeg makes its renditions from the stored master, and every address of the release
// keeps the embargo: nothing but 403 before the premiere, then a redirect to a
// short-lived presigned address of the store (playlists streamed), counted once.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import parseTorrent from "parse-torrent";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { TestUser } from "../support/collab";
import { uploadToRelease } from "../support/film";
import { startTwoStudiosOnS3 } from "../support/two-studios.ts";

const run = promisify(execFile);

let studios: Awaited<ReturnType<typeof startTwoStudiosOnS3>>;
let tmp = "";
let base = "";
let otherBase = "";
let dataDir = "";
let master: Buffer;
// Loaded once DATABASE_URL names this file's database (the modules read it when first imported).
let app: {
  db: typeof import("~/lib/db.server").db;
  createRelease: typeof import("~/features/releases/releases.server").createRelease;
  testUser: typeof import("../support/collab").testUser;
  testProduction: typeof import("../support/collab").testProduction;
};

beforeAll(async () => {
  // Two machines on one database and one store, each with a disk of its own.
  studios = await startTwoStudiosOnS3({ name: "s3", mainUrl: inject("databaseUrl") });
  ({ tmp } = studios);
  base = studios.a.base;
  dataDir = studios.a.dataDir;
  otherBase = studios.b.base;
  const [{ db }, { createRelease }, { testUser, testProduction }] = await Promise.all([import("~/lib/db.server"), import("~/features/releases/releases.server"), import("../support/collab")]);
  app = { db, createRelease, testUser, testProduction };

  // A small film (320×240, two seconds): one MP4 size, the HLS ladder and a poster frame.
  const file = path.join(tmp, "master.mp4");
  await run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=24", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "2", "-c:v", "libx264", "-c:a", "aac", "-pix_fmt", "yuv420p", file]);
  master = await fs.readFile(file);
}, 300_000);

afterAll(async () => {
  await app?.db.$disconnect();
  await studios?.stop();
});

const get = (p: string, user?: TestUser | null, headers: Record<string, string> = {}) => fetch(`${base}${p}`, { headers: { ...(user ? { Cookie: user.cookie } : {}), ...headers }, redirect: "manual" });

const keys = (prefix: string) => studios.keys(prefix);

async function downloads(fileId: string) {
  const rows = await app.db.releaseDownload.findMany({ where: { fileId } });
  return rows.reduce((n, r) => n + r.count, 0);
}

/** A redirect to the store, followed as a browser would (the Range header goes along). */
async function fromStore(res: Response, headers: Record<string, string> = {}) {
  expect(res.status).toBe(302);
  expect(res.headers.get("cache-control")).toBe("private, no-store");
  const location = new URL(res.headers.get("location")!);
  expect(location.origin).toBe(studios.storeOrigin);
  expect(location.searchParams.get("X-Amz-Expires")).toBe("300");
  return fetch(location, { headers });
}

describe("media on an S3-compatible store", () => {
  it("keeps release files and renditions in the store, behind the embargo, and sends viewers there after it", async () => {
    const producer = await app.testUser("prod");
    const member = await app.testUser("mem");
    const { production } = await app.testProduction(producer, [member]);
    const created = await app.createRelease(production.id, producer.id, { slug: "cut", title: "Cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() + 24 * 3600_000), synopsis: "" });
    if (!created.ok) throw new Error("release");
    const release = created.release;
    const page = `/p/${production.slug}/releases/cut`;

    await uploadToRelease(base, producer, release.id, "master.mp4", "film", master, { label: "Master" });
    const file = await app.db.releaseFile.findFirstOrThrow({ where: { releaseId: release.id } });
    // In the store under its generated key; nothing of it on the studio's disk.
    expect(await keys(`releases/${release.id}/`)).toContain(file.storageKey);
    expect(existsSync(path.join(dataDir, "files", file.storageKey))).toBe(false);

    // ffmpeg makes the renditions from the stored master; they go to the store too.
    const until = Date.now() + 150_000;
    for (;;) {
      const states = ((await (await get(`${page}/renditions.json`, producer)).json()) as { renditions: { status: string; error: string | null }[] }).renditions;
      if (states.length && states.every((s) => s.status === "ready")) break;
      expect(states.some((s) => s.status === "failed"), JSON.stringify(states)).toBe(false);
      if (Date.now() > until) throw new Error(`renditions not ready: ${JSON.stringify(states)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const renditions = await app.db.rendition.findMany({ where: { releaseId: release.id } });
    const stored = await keys(`releases/${release.id}/`);
    for (const r of renditions) expect(stored.some((k) => k.startsWith(`${r.storageKey}/`)), r.kind).toBe(true);
    const mp4 = renditions.find((r) => r.kind === "mp4")!;
    const hls = renditions.find((r) => r.kind === "hls")!;
    const segment = stored.find((k) => k.startsWith(`${hls.storageKey}/`) && k.endsWith(".ts"))!.split("/").pop()!;
    const r = `${page}/renditions`;
    const addresses = [`${page}/files/master.mp4`, `${page}/seed/${production.slug}-cut/master.mp4`, `${r}/${mp4.id}/film.mp4`, `${r}/${hls.id}/master.m3u8`, `${r}/${hls.id}/${segment}`];

    // Before the premiere: the same 403 to strangers and members on every address, no
    // redirect that would hand out the store's address.
    for (const a of addresses) {
      for (const who of [null, member]) {
        const res = await get(a, who);
        expect(res.status, a).toBe(403);
        expect(res.headers.get("location"), a).toBeNull();
      }
    }
    for (const a of addresses) expect((await fetch(`${otherBase}${a}`, { redirect: "manual" })).status, a).toBe(403);
    // The producer is sent to the store, privately; the playlist comes from the studio.
    const early = await fromStore(await get(addresses[0]!, producer));
    expect(Buffer.from(await early.arrayBuffer()).equals(master)).toBe(true);
    expect(early.headers.get("cache-control")).toBe("private, no-store");
    const playlist = await get(addresses[3]!, producer);
    expect(playlist.status).toBe(200);
    expect(await playlist.text()).toContain(".m3u8");
    expect(await downloads(file.id)).toBe(0);

    await app.db.release.update({ where: { id: release.id }, data: { publishAt: new Date(Date.now() - 1000) } });

    // After it: everyone is sent to the store, with the name to save it under.
    const download = await fromStore(await get(addresses[0]!));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain("master.mp4");
    expect(download.headers.get("content-type")).toBe("video/mp4");
    expect(Buffer.from(await download.arrayBuffer()).equals(master)).toBe(true);
    // Resuming: the range goes along the redirect and the store answers it.
    const resumed = await fromStore(await get(addresses[0]!, null, { Range: "bytes=100-199" }), { Range: "bytes=100-199" });
    expect(resumed.status).toBe(206);
    expect(Buffer.from(await resumed.arrayBuffer()).equals(master.subarray(100, 200))).toBe(true);
    // HEAD is answered by the studio itself; counted once for the download from byte 0.
    const head = await fetch(`${base}${addresses[0]}`, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe(String(master.length));
    await expect.poll(() => downloads(file.id)).toBe(1);

    // The other machine, which never saw the upload, holds the same embargo and sends
    // to the same bytes.
    const there = await fetch(`${otherBase}${addresses[0]}`, { redirect: "manual" });
    expect(Buffer.from(await (await fromStore(there)).arrayBuffer()).equals(master)).toBe(true);
    expect(existsSync(path.join(studios.b.dataDir, "files"))).toBe(false);

    // The torrent's web seed is the studio's /seed/, which sends clients to the store.
    const torrent = await get(`/p/${production.slug}/releases/cut.torrent`);
    const parsed = (await parseTorrent(Buffer.from(await torrent.arrayBuffer()))) as { urlList: string[] };
    expect(parsed.urlList).toEqual([`${base}${page}/seed/`]);
    const seeded = await fromStore(await get(addresses[1]!, null, { Range: "bytes=0-99" }), { Range: "bytes=0-99" });
    expect(Buffer.from(await seeded.arrayBuffer()).equals(master.subarray(0, 100))).toBe(true);

    // The renditions: the MP4 and segments from the store, the playlist from the studio.
    const film = await fromStore(await get(addresses[2]!));
    expect(film.headers.get("content-type")).toBe("video/mp4");
    expect((await film.arrayBuffer()).byteLength).toBe(Number(mp4.size));
    expect((await get(addresses[3]!)).status).toBe(200);
    const ts = await fromStore(await get(addresses[4]!));
    expect(ts.headers.get("content-type")).toBe("video/mp2t");
  }, 300_000);
});
