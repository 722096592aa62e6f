// Web renditions against the running studio (decision 0044): a film made here by ffmpeg
// is uploaded as a producer would (tus), the studio's job queue makes its MP4 sizes, HLS
// ladder and poster frame while the page's endpoint reports progress; every address
// is shut before the premiere and open after; "publish now" waits for them; and a
// studio killed mid-job makes the rendition on its next start.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../server/free-port.ts";
import { createRelease } from "~/features/releases/releases.server";
import { playableSources } from "~/features/releases/renditions.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser, type TestUser } from "../support/collab";
import { uploadToRelease } from "../support/film";
import { startStudioProcess, stopStudioProcess, type StudioProcess } from "../support/studio-process.ts";

const run = promisify(execFile);
const base = inject("baseUrl");
const tmp = path.join(os.tmpdir(), `claquette-renditions-${process.pid}`);
let master: Buffer;

beforeAll(async () => {
  await fs.mkdir(tmp, { recursive: true });
  const file = path.join(tmp, "master.mp4");
  // A 1280×720 test card with a tone, three seconds.
  await run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=1280x720:rate=24", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "3", "-c:v", "libx264", "-c:a", "aac", "-pix_fmt", "yuv420p", file]);
  master = await fs.readFile(file);
}, 60_000);

afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const get = (p: string, user?: TestUser | null, headers: Record<string, string> = {}) => fetch(`${base}${p}`, { headers: { ...(user ? { Cookie: user.cookie } : {}), ...headers }, redirect: "manual" });

const post = (p: string, user: TestUser, form: Record<string, string>, lang = "en") =>
  fetch(`${base}${p}`, {
    method: "POST",
    headers: { Origin: base, Cookie: user.cookie, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": lang },
    body: new URLSearchParams(form),
    redirect: "manual",
  });

async function setting() {
  const producer = await testUser("prod");
  const member = await testUser("mem");
  const { production } = await testProduction(producer, [member]);
  const created = await createRelease(production.id, producer.id, { slug: "cut", title: "Cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() + 24 * 3600_000), synopsis: "" });
  if (!created.ok) throw new Error("release");
  return { producer, member, production, release: created.release, page: `/p/${production.slug}/releases/cut` };
}

type State = { id: string; kind: string; height: number; status: string; progress: number };

async function ffprobe(bytes: Buffer) {
  const file = path.join(tmp, `probe-${Math.random().toString(36).slice(2)}.mp4`);
  await fs.writeFile(file, bytes);
  const { stdout } = await run("ffprobe", ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", file]);
  const out = JSON.parse(stdout) as { streams: { codec_type: string; codec_name: string; width?: number; height?: number }[]; format: { duration: string } };
  const video = out.streams.find((s) => s.codec_type === "video")!;
  const audio = out.streams.find((s) => s.codec_type === "audio");
  return { video: video.codec_name, width: video.width, height: video.height, audio: audio?.codec_name ?? null, duration: Number(out.format.duration) };
}

describe("web renditions", () => {
  it("are made from an uploaded film in the background, with progress, and open only at the premiere", async () => {
    const { producer, member, release, page } = await setting();
    await uploadToRelease(base, producer, release.id, "master.mp4", "film", master, { label: "Master" });

    // The producer's status endpoint reports each one, with progress while ffmpeg works.
    const seen: State[] = [];
    let states: State[];
    const until = Date.now() + 150_000;
    for (;;) {
      const res = await get(`${page}/renditions.json`, producer);
      expect(res.status).toBe(200);
      states = ((await res.json()) as { renditions: State[] }).renditions;
      seen.push(...states);
      if (states.length && states.every((s) => s.status === "ready")) break;
      expect(states.some((s) => s.status === "failed"), JSON.stringify(states)).toBe(false);
      if (Date.now() > until) throw new Error(`renditions not ready: ${JSON.stringify(states)}`);
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(states.map((s) => `${s.kind}:${s.height}`).sort()).toEqual(["hls:720", "mp4:480", "mp4:720", "poster:0"]);
    expect(seen.some((s) => s.status === "running" && s.progress > 0 && s.progress < 1), "progress between 0 and 1 was reported").toBe(true);
    // Nobody but the production's producers sees the status.
    expect((await get(`${page}/renditions.json`, member)).status).toBe(403);

    // What the player is given: ready renditions, biggest first.
    const sources = await playableSources(release.id);
    expect(sources.mp4.map((m) => `${m.width}x${m.height}`)).toEqual(["1280x720", "854x480"]);
    expect(sources.hls).toMatch(/\/renditions\/r[0-9a-f]{32}\/master\.m3u8$/);
    expect(sources.poster).toMatch(/\/renditions\/r[0-9a-f]{32}\/poster\.jpg$/);

    // The MP4s, as ffprobe reads them: H.264 and AAC at each size, the film's length.
    for (const m of sources.mp4) {
      const res = await get(m.url, producer);
      expect(res.status).toBe(200);
      const probe = await ffprobe(Buffer.from(await res.arrayBuffer()));
      expect(probe).toMatchObject({ video: "h264", audio: "aac", width: m.width, height: m.height });
      expect(probe.duration).toBeCloseTo(3, 0);
    }
    // Seeking: a range of an MP4.
    const ranged = await get(sources.mp4[0]!.url, producer, { Range: "bytes=100-199" });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toMatch(/^bytes 100-199\/\d+$/);

    // The HLS ladder: one variant per size, every segment a transport stream ffprobe reads.
    const masterPlaylist = await (await get(sources.hls!, producer)).text();
    const variants = masterPlaylist.split("\n").filter((l) => l.endsWith(".m3u8"));
    expect(masterPlaylist).toContain("RESOLUTION=1280x720");
    expect(masterPlaylist).toContain("RESOLUTION=854x480");
    expect(variants).toHaveLength(2);
    const hlsBase = sources.hls!.slice(0, sources.hls!.lastIndexOf("/") + 1);
    const urls = [sources.hls!, sources.poster!, ...sources.mp4.map((m) => m.url)];
    for (const v of variants) {
      urls.push(hlsBase + v);
      const playlist = await (await get(hlsBase + v, producer)).text();
      expect(playlist).toContain("#EXT-X-ENDLIST");
      for (const segment of playlist.split("\n").filter((l) => l.endsWith(".ts"))) urls.push(hlsBase + segment);
    }
    expect(urls.filter((u) => u.endsWith(".ts")).length).toBeGreaterThanOrEqual(2);
    const firstSegment = await get(urls.find((u) => u.endsWith(".ts"))!, producer);
    expect(firstSegment.headers.get("content-type")).toBe("video/mp2t");
    expect((await ffprobe(Buffer.from(await firstSegment.arrayBuffer()))).video).toBe("h264");

    // Before the premiere: every address shut to members and strangers, open to the producer.
    for (const u of urls) {
      expect((await get(u)).status, u).toBe(403);
      expect((await get(u, member)).status, u).toBe(403);
      expect((await get(u, producer)).status, u).toBe(200);
    }
    // Names Claquette never gives, another release's address: nothing.
    expect((await get(`${hlsBase}..%2F..%2Fpasswd`, producer)).status).toBe(404);
    expect((await get(`${hlsBase}MASTER.m3u8`, producer)).status).toBe(404);

    // Published now (every rendition is ready, so no second box to tick): open to everyone.
    expect((await post(page, producer, { intent: "publishNow", confirm: "yes" })).status).toBe(200);
    for (const u of urls) expect((await get(u)).status, u).toBe(200);
    expect((await get(sources.mp4[1]!.url, null, { Range: "bytes=0-9" })).status).toBe(206);
  }, 240_000);

  it("hold 'publish now' back until they are ready, unless the producer publishes the master alone knowingly", async () => {
    const { producer, release, page } = await setting();
    // A film whose renditions are still waiting (made by hand here: no job runs for it).
    const file = await db.releaseFile.create({ data: { releaseId: release.id, name: "film.mp4", kind: "film", mimeType: "video/mp4", size: 10n, sha256: "0".repeat(64), storageKey: `releases/${release.id}/fwaiting` } });
    await db.rendition.create({ data: { id: `r${"a".repeat(32)}`, releaseId: release.id, fileId: file.id, kind: "mp4", width: 854, height: 480, storageKey: `releases/${release.id}/r${"a".repeat(32)}` } });

    const page1 = await (await get(page, producer)).text();
    expect(page1).toContain('name="masterAlone"');
    const refused = await post(page, producer, { intent: "publishNow", confirm: "yes" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("The web renditions are not all ready yet.");
    const refusedFr = await post(page, producer, { intent: "publishNow", confirm: "yes" }, "fr");
    expect(await refusedFr.text()).toContain("Les versions web ne sont pas encore toutes prêtes.");
    expect((await db.release.findUniqueOrThrow({ where: { id: release.id } })).publishAt.getTime()).toBeGreaterThan(Date.now());

    expect((await post(page, producer, { intent: "publishNow", confirm: "yes", masterAlone: "yes" })).status).toBe(200);
    expect((await db.release.findUniqueOrThrow({ where: { id: release.id } })).publishAt.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe("a rendition job", () => {
  const databaseUrl = inject("databaseUrl");
  const dbName = `claquette_renditions_${Date.now()}`;
  const admin = () => new pg.Client({ connectionString: databaseUrl });
  const ownUrl = (() => {
    const u = new URL(databaseUrl);
    u.pathname = `/${dbName}`;
    return u.toString();
  })();
  const studios: StudioProcess[] = [];

  afterAll(async () => {
    for (const s of studios) if (s.child.exitCode === null) await stopStudioProcess(s);
    const c = admin();
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.end();
  });

  it("interrupted by a kill -9 of the studio runs again on its next start and finishes", async () => {
    const c = admin();
    await c.connect();
    await c.query(`CREATE DATABASE ${dbName}`);
    await c.end();
    const dataDir = path.join(tmp, "studio");
    const port = await freePort();
    const env = { DATABASE_URL: ownUrl, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: `http://127.0.0.1:${port}`, SMTP_URL: "" };
    const first = await startStudioProcess(env);
    studios.push(first);

    // The seeded demo release's film (the teaser), given a rendition and its job as an upload would.
    const own = new pg.Client({ connectionString: ownUrl });
    await own.connect();
    try {
      const { rows } = await own.query<{ id: string; releaseId: string }>(`SELECT id, "releaseId" FROM "ReleaseFile" WHERE kind = 'film' LIMIT 1`);
      const film = rows[0]!;
      const id = `r${"b".repeat(32)}`;
      await own.query(`INSERT INTO "Rendition" (id, "releaseId", "fileId", kind, width, height, bitrate, "storageKey", "updatedAt") VALUES ($1, $2, $3, 'mp4', 640, 360, 500000, $4, now())`, [
        id,
        film.releaseId,
        film.id,
        `releases/${film.releaseId}/${id}`,
      ]);
      await own.query(`SELECT graphile_worker.add_job('renditions', json_build_object('fileId', $1::text), max_attempts := 5)`, [film.id]);
      const state = async () => (await own.query<{ status: string; progress: number }>(`SELECT status, progress FROM "Rendition" WHERE id = $1`, [id])).rows[0]!;

      // Killed while ffmpeg is at work.
      for (let until = Date.now() + 60_000; ; ) {
        const s = await state();
        if (s.status === "running" && s.progress > 0) break;
        expect(s.status).not.toBe("ready"); // too quick to interrupt: the test proves nothing
        if (Date.now() > until) throw new Error(`never running: ${JSON.stringify(s)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      first.child.kill("SIGKILL");
      await first.exited;
      expect((await state()).status).toBe("running");

      const second = await startStudioProcess(env);
      studios.push(second);
      for (let until = Date.now() + 90_000; (await state()).status !== "ready"; ) {
        if (Date.now() > until) throw new Error(`not made after the restart: ${JSON.stringify(await state())}\n${second.output()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(second.output()).toContain("interrupted job worker(s) released");
      const stored = path.join(dataDir, "files", "releases", film.releaseId, id, "film.mp4");
      const probe = await ffprobe(await fs.readFile(stored));
      expect(probe).toMatchObject({ video: "h264", width: 640, height: 360 });
    } finally {
      await own.end();
    }
  }, 240_000);
});
