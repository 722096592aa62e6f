// The release module against the running studio: resumable uploads (the tus protocol
// over HTTP), the embargo on every file address and the .torrent, Range requests,
// path tricks, content checks, the .torrent read by a real torrent library, the
// screenings calendar read by ical.js, and the structured data naming the licence.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import ICAL from "ical.js";
import parseTorrent from "parse-torrent";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { join } from "~/features/productions/membership.server";
import { createRelease } from "~/features/releases/releases.server";
import { refreshTorrent } from "~/features/releases/uploads.server";
import { db } from "~/lib/db.server";
import { formatDate } from "~/lib/i18n";
import { testProduction, testUser, type TestUser } from "../support/collab";

const base = inject("baseUrl");
const teaser = readFileSync(path.resolve(import.meta.dirname, "../../prisma/demo/les-veilleurs-teaser.webm"));
const srt = Buffer.from("1\r\n00:00:01,000 --> 00:00:03,000\r\nThe lamps are coming back on.\r\n\r\n2\r\n00:00:04,000 --> 00:00:06,500\r\nOne street at a time.\r\n");
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

async function setting(publishAt = new Date(Date.now() + 24 * 3600_000)) {
  const producer = await testUser("prod");
  const member = await testUser("mem");
  const { production } = await testProduction(producer, [member]);
  const created = await createRelease(production.id, producer.id, { slug: "theatrical-cut", title: "Theatrical cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt, synopsis: "" });
  if (!created.ok) throw new Error("release");
  return { producer, member, production, release: created.release, page: `/p/${production.slug}/releases/theatrical-cut` };
}

const b64 = (s: string) => Buffer.from(s).toString("base64");

/** Start a tus upload; its address. */
async function create(user: TestUser | null, length: number, meta: Record<string, string>) {
  const res = await fetch(`${base}/uploads`, {
    method: "POST",
    headers: {
      Origin: base,
      "Tus-Resumable": "1.0.0",
      "Upload-Length": String(length),
      "Upload-Metadata": Object.entries(meta)
        .map(([k, v]) => `${k} ${b64(v)}`)
        .join(","),
      ...(user ? { Cookie: user.cookie } : {}),
    },
  });
  return { res, location: res.headers.get("location") };
}

function patch(user: TestUser, location: string, offset: number, chunk: Uint8Array, lang = "en") {
  return fetch(new URL(location, base), {
    method: "PATCH",
    headers: { Origin: base, Cookie: user.cookie, "Tus-Resumable": "1.0.0", "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream", "Accept-Language": lang },
    body: new Uint8Array(chunk),
  });
}

/** Upload a whole file in one request; the response to its last byte. */
async function upload(user: TestUser, releaseId: string, name: string, kind: string, bytes: Uint8Array, extra: Record<string, string> = {}, lang = "en") {
  const { location } = await create(user, bytes.length, { filename: name, release: releaseId, kind, ...extra });
  return patch(user, location!, 0, bytes, lang);
}

const get = (p: string, user?: TestUser | null, headers: Record<string, string> = {}) =>
  fetch(`${base}${p}`, { headers: { ...(user ? { Cookie: user.cookie } : {}), ...headers }, redirect: "manual" });

const post = (p: string, user: TestUser, form: Record<string, string>) =>
  fetch(`${base}${p}`, {
    method: "POST",
    headers: { Origin: base, Cookie: user.cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
    redirect: "manual",
  });

/** The release's facts form, as the page sends it, with this premiere (UTC, to the minute). */
const facts = (publishAt: Date) => ({ intent: "facts", title: "Theatrical cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: publishAt.toISOString().slice(0, 16), synopsis: "" });

describe("uploads", () => {
  it("resume after a dropped connection and end with the right SHA-256, size and probe", async () => {
    const { producer, release, page } = await setting();
    const { res, location } = await create(producer, teaser.length, { filename: "Les Veilleurs (1080p).webm", release: release.id, kind: "film", label: "1080p" });
    expect(res.status).toBe(201);
    const half = Math.floor(teaser.length / 2);
    // The connection drops after the first half…
    expect((await patch(producer, location!, 0, teaser.subarray(0, half))).status).toBe(204);
    // … the client asks where it stopped, and sends the rest.
    const head = await fetch(new URL(location!, base), { method: "HEAD", headers: { Cookie: producer.cookie, "Tus-Resumable": "1.0.0" } });
    const offset = Number(head.headers.get("upload-offset"));
    expect(offset).toBe(half);
    const last = await patch(producer, location!, offset, teaser.subarray(offset));
    expect(last.status).toBe(204);
    const file = await db.releaseFile.findFirstOrThrow({ where: { releaseId: release.id } });
    expect(file).toMatchObject({ name: "Les-Veilleurs-1080p-.webm", kind: "film", mimeType: "video/webm", sha256: sha256(teaser) });
    expect(Number(file.size)).toBe(teaser.length);
    // Measured by ffprobe (Debian's ffmpeg, which CI installs).
    expect(file.width).toBe(640);
    expect(file.height).toBe(360);
    expect(file.durationSeconds).toBeCloseTo(8, 0);
    const body = Buffer.from(await (await get(`${page}/files/${file.name}`, producer)).arrayBuffer());
    expect(sha256(body)).toBe(sha256(teaser));
  });

  it("wait for a request another process of the studio is running on the same upload (a shared DATA_DIR)", async () => {
    const { producer, release } = await setting();
    const { location } = await create(producer, teaser.length, { filename: "a.webm", release: release.id, kind: "film" });
    const half = Math.floor(teaser.length / 2);
    expect((await patch(producer, location!, 0, teaser.subarray(0, half))).status).toBe(204);
    // Another process's PATCH holds the upload, as the studio's lock does (PROCESSES, decision 0063).
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("SELECT pg_advisory_lock(hashtext($1))", [`tus:${location!.split("/").pop()}`]);
      let answered = false;
      const head = fetch(new URL(location!, base), { method: "HEAD", headers: { Cookie: producer.cookie, "Tus-Resumable": "1.0.0" } }).then((r) => ((answered = true), r));
      await new Promise((r) => setTimeout(r, 600));
      expect(answered).toBe(false);
      await other.query("SELECT pg_advisory_unlock_all()");
      expect(Number((await head).headers.get("upload-offset"))).toBe(half);
    } finally {
      await other.end();
    }
  });

  it("are refused to members, to strangers, and to someone continuing another person's upload", async () => {
    const { producer, member, release } = await setting();
    expect((await create(member, 10, { filename: "a.webm", release: release.id, kind: "film" })).res.status).toBe(403);
    expect((await create(null, 10, { filename: "a.webm", release: release.id, kind: "film" })).res.status).toBe(401);
    const { location } = await create(producer, teaser.length, { filename: "a.webm", release: release.id, kind: "film" });
    expect((await patch(member, location!, 0, teaser)).status).toBe(403);
  });

  it("refuse a file whose content is not what its name or kind says, in the uploader's language", async () => {
    const { producer, release } = await setting();
    const fake = await upload(producer, release.id, "film.webm", "film", Buffer.from("just some text, not a film at all"));
    expect(fake.status).toBe(422);
    expect(await fake.text()).toBe("This file is not a video (MP4, WebM, Matroska, Ogg).");
    const lying = await upload(producer, release.id, "film.mp4", "film", teaser, {}, "fr");
    expect(lying.status).toBe(422);
    expect(await lying.text()).toContain("Le nom du fichier dit une chose");
    const binarySubs = await upload(producer, release.id, "subs.srt", "subtitles", teaser);
    expect(binarySubs.status).toBe(422);
    expect(await db.releaseFile.count({ where: { releaseId: release.id } })).toBe(0);
  });
});

describe("the embargo", () => {
  it("holds for every file address and the torrent until the publication time, then opens everything", async () => {
    const { producer, member, release, page, production } = await setting();
    await upload(producer, release.id, "teaser.webm", "film", teaser);
    await upload(producer, release.id, "teaser.fr.srt", "subtitles", srt, { language: "fr" });
    await refreshTorrent(release.id);
    const addresses = [`${page}/files/teaser.webm`, `${page}/seed/teaser.webm`, `${page}/seed/${production.slug}-theatrical-cut/teaser.webm`, `${page}/tracks/teaser.fr.srt`, `${page}.torrent`];
    for (const a of addresses) {
      expect((await get(a)).status, a).not.toBe(200);
      expect((await get(a, member)).status, a).toBe(403);
      expect((await get(a, producer)).status, a).toBe(200);
    }
    expect((await get(`${page}/files/teaser.webm`, null, { Range: "bytes=0-10" })).status).toBe(403);
    const before = await (await get(page)).text();
    expect(before).toContain('data-testid="embargo"');
    expect(before).not.toContain("/files/teaser.webm");

    await db.release.update({ where: { id: release.id }, data: { publishAt: new Date(Date.now() - 1000) } });
    for (const a of addresses) expect((await get(a)).status, a).toBe(200);
    const track = await (await get(`${page}/tracks/teaser.fr.srt`)).text();
    expect(track.startsWith("WEBVTT")).toBe(true);
    expect(track).toContain("00:00:01.000 --> 00:00:03.000");
  });
});

describe("the embargo's answers", () => {
  it("are the same for a file that exists and one that does not: status, body and headers", async () => {
    const { producer, member, release, page, production } = await setting();
    await upload(producer, release.id, "teaser.webm", "film", teaser);
    const shape = async (res: Response) => {
      // The date and the CSP's nonce are new for every response.
      const headers = [...res.headers].filter(([k]) => k !== "date").map(([k, v]) => [k, v.replace(/'nonce-[^']+'/, "'nonce'")]);
      return { status: res.status, body: await res.text(), headers };
    };
    for (const who of [null, member]) {
      for (const address of ["files", "seed", `seed/${production.slug}-theatrical-cut`]) {
        const there = await shape(await get(`${page}/${address}/teaser.webm`, who));
        expect(there.status).toBe(403);
        for (const name of ["no-such-file.webm", "teaser.webm.bak", "a%20b"]) {
          expect(await shape(await get(`${page}/${address}/${name}`, who)), `${address}/${name}`).toEqual(there);
        }
      }
    }
    // The producer, who may download, is told which names exist.
    expect((await get(`${page}/files/no-such-file.webm`, producer)).status).toBe(404);
  });
});

describe("the premiere", () => {
  it("is the producers' alone to move: a site admin can neither move it into the past nor download early, and every move is public", async () => {
    const { producer, release, page, production } = await setting();
    await upload(producer, release.id, "teaser.webm", "film", teaser);
    const admin = await testUser("admin");
    await db.user.update({ where: { id: admin.id }, data: { isAdmin: true } });
    const premiere = async () => (await db.release.findUniqueOrThrow({ where: { id: release.id } })).publishAt;
    const anHourAgo = new Date(Date.now() - 3600_000);

    // The admin moves the premiere into the past, then asks for the film: refused, both.
    const moved = await post(page, admin, facts(anHourAgo));
    expect(await moved.text()).toContain("Only the production");
    expect(await premiere()).toEqual(release.publishAt);
    expect((await get(`${page}/files/teaser.webm`, admin)).status).toBe(403);
    expect((await post(page, admin, { intent: "publishNow" })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    // Nor by joining and making themself producer.
    await join(production.id, admin.id);
    expect((await post(`/p/${production.slug}/members`, admin, { intent: "changeRole", userId: admin.id, role: "producer" })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await get(`${page}/files/teaser.webm`, admin)).status).toBe(403);

    // A producer cannot backdate it either…
    expect(await (await post(page, producer, facts(anHourAgo))).text()).toContain("A premiere cannot be in the past");
    expect(await premiere()).toEqual(release.publishAt);
    // … but moves it later, and then publishes now. The teaser's web renditions are still
    // being made: the premiere will not wait for them, which the producer accepts knowingly (decision 0044).
    const later = new Date(Math.floor((Date.now() + 48 * 3600_000) / 60_000) * 60_000);
    expect(await (await post(page, producer, { ...facts(later), masterAlone: "yes" })).text()).toContain("Saved.");
    expect(await premiere()).toEqual(later);
    // The teaser's web renditions are still being made: published with the master alone, knowingly (decision 0044).
    expect((await post(page, producer, { intent: "publishNow", confirm: "yes", masterAlone: "yes" })).status).toBe(200);
    expect((await premiere()).getTime()).toBeLessThanOrEqual(Date.now());
    expect((await get(`${page}/files/teaser.webm`)).status).toBe(200);
    // Once it has come, it stays where it was.
    expect(await (await post(page, producer, facts(later))).text()).toContain("The premiere has come");

    // The production's public activity tells every move, to a visitor.
    const home = await (await get(`/p/${production.slug}`)).text();
    // A page asked for without the browser's zone reads in UTC, and says so.
    const fmt = (d: Date) => formatDate("en", d, true, "UTC");
    expect(home).toContain(`moved the premiere of Theatrical cut from ${fmt(release.publishAt)} to ${fmt(later)}`);
    expect(home).toContain(`published Theatrical cut now, before its premiere of ${fmt(later)}`);
    expect(home).toContain(`announced Theatrical cut, premiere ${fmt(release.publishAt)}`);
  });
});

describe("downloads", () => {
  it("answer Range requests: single, suffix, unsatisfiable, and If-Range", async () => {
    const { producer, release, page } = await setting(new Date(Date.now() - 1000));
    await upload(producer, release.id, "teaser.webm", "film", teaser);
    const url = `${page}/files/teaser.webm`;
    const full = await get(url);
    expect(full.status).toBe(200);
    expect(full.headers.get("accept-ranges")).toBe("bytes");
    expect(full.headers.get("content-disposition")).toContain('filename="teaser.webm"');
    const etag = full.headers.get("etag")!;
    expect(etag).toBe(`"${sha256(teaser)}"`);
    expect(full.headers.get("last-modified")).toBeTruthy();
    await full.arrayBuffer();

    const part = await get(url, null, { Range: "bytes=100-199" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${teaser.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(teaser.subarray(100, 200));

    const suffix = await get(url, null, { Range: "bytes=-50" });
    expect(suffix.status).toBe(206);
    expect(Buffer.from(await suffix.arrayBuffer())).toEqual(teaser.subarray(teaser.length - 50));

    const beyond = await get(url, null, { Range: `bytes=${teaser.length + 10}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${teaser.length}`);

    const resumed = await get(url, null, { Range: "bytes=10-", "If-Range": etag });
    expect(resumed.status).toBe(206);
    await resumed.arrayBuffer();
    const stale = await get(url, null, { Range: "bytes=10-", "If-Range": '"something-else"' });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
    const cached = await get(url, null, { "If-None-Match": etag });
    expect(cached.status).toBe(304);

    // Counted per day, from the first byte only, once for this client, with no address anywhere.
    const counts = await db.releaseDownload.findMany({ where: { file: { releaseId: release.id } } });
    expect(counts.map((c) => c.count)).toEqual([1]);
    expect(Object.keys(counts[0]!).sort()).toEqual(["count", "day", "fileId"]);
  });

  it("survive downloaders who leave halfway, and keep serving the others", async () => {
    const { producer, release, page } = await setting(new Date(Date.now() - 1000));
    await upload(producer, release.id, "teaser.webm", "film", teaser);
    for (let i = 0; i < 5; i++) {
      const abort = new AbortController();
      const res = await fetch(`${base}${page}/files/teaser.webm`, { signal: abort.signal });
      const reader = res.body!.getReader();
      await reader.read();
      abort.abort();
    }
    const whole = Buffer.from(await (await get(`${page}/files/teaser.webm`)).arrayBuffer());
    expect(sha256(whole)).toBe(sha256(teaser));
    expect((await get("/healthz")).status).toBe(200);
  });

  it("never read outside the file store, whatever the address", async () => {
    const { producer, release, page } = await setting(new Date(Date.now() - 1000));
    await upload(producer, release.id, "teaser.webm", "film", teaser);
    for (const trick of ["..%2F..%2F..%2Fpackage.json", "%2e%2e%2f%2e%2e%2fpackage.json", "..%5C..%5Cpackage.json", "teaser.webm%00.txt", "%2Fetc%2Fpasswd"]) {
      const res = await get(`${page}/files/${trick}`);
      expect(res.status, trick).toBe(404);
      expect(await res.text()).not.toContain('"name": "claquette"');
    }
    expect((await get(`/p/../../package.json`)).status).not.toBe(200);
  });
});

describe("honest counts", () => {
  const downloads = async (releaseId: string) => (await db.releaseDownload.findMany({ where: { file: { releaseId } } })).reduce((n, c) => n + c.count, 0);
  const plays = async (releaseId: string) => (await db.releasePlay.findMany({ where: { releaseId } })).reduce((n, c) => n + c.count, 0);
  const counted = (res: Response) => res.arrayBuffer();
  // What Chromium's <video preload="metadata"> and <track> send when the page opens.
  const player = { Range: "bytes=0-", "Sec-Fetch-Dest": "video", "User-Agent": "viewer-browser" };

  it("opening the release page raises no count: the player's fetches of the film and subtitles are not downloads (3 stays 3)", async () => {
    const { producer, release, page } = await setting(new Date(Date.now() - 1000));
    await upload(producer, release.id, "teaser.webm", "film", teaser);
    await upload(producer, release.id, "teaser.fr.srt", "subtitles", srt, { language: "fr" });
    for (const ua of ["one", "two", "three"]) await counted(await get(`${page}/files/teaser.webm`, null, { "User-Agent": ua }));
    await expect.poll(() => downloads(release.id)).toBe(3);
    expect(await (await get(page, null, { "User-Agent": "viewer-browser" })).text()).toContain("3 downloads");
    expect((await get(`${page}/files/teaser.webm`, null, player)).status).toBe(206);
    await counted(await get(`${page}/files/teaser.webm`, null, player));
    await counted(await get(`${page}/tracks/teaser.fr.srt`, null, { "Sec-Fetch-Dest": "track", "User-Agent": "viewer-browser" }));
    await new Promise((r) => setTimeout(r, 300)); // counting is not awaited by the download
    expect(await downloads(release.id)).toBe(3);
    expect(await (await get(page)).text()).toContain("3 downloads");
  });

  it("count a download once per client, file and day: a range after the first is none, another client or file is one, no address is kept", async () => {
    const { producer, member, release, page } = await setting(new Date(Date.now() - 1000));
    await upload(producer, release.id, "teaser.webm", "film", teaser);
    await upload(producer, release.id, "teaser.fr.srt", "subtitles", srt, { language: "fr" });
    const film = `${page}/files/teaser.webm`;
    const me = { "User-Agent": "downloader/1" };
    await counted(await get(film, null, me));
    await expect.poll(() => downloads(release.id)).toBe(1);
    await counted(await get(film, null, me)); // again the same day
    await counted(await get(film, null, { ...me, Range: "bytes=0-" })); // a download manager's first range
    await counted(await get(film, null, { ...me, Range: "bytes=100-" })); // resuming
    await counted(await get(`${page}/seed/teaser.webm`, null, me)); // the web seed is the same file
    await new Promise((r) => setTimeout(r, 300));
    expect(await downloads(release.id)).toBe(1);
    await counted(await get(film, null, { "User-Agent": "another-browser" }));
    await counted(await get(`${page}/files/teaser.fr.srt`, null, me));
    // A signed-in person is one client whatever the browser.
    await counted(await get(film, member, { "User-Agent": "phone" }));
    await counted(await get(film, member, { "User-Agent": "laptop" }));
    await expect.poll(() => downloads(release.id)).toBe(4);
    const perFile = await db.releaseDownload.findMany({ where: { file: { releaseId: release.id } }, include: { file: { select: { name: true } } } });
    expect(Object.fromEntries(perFile.map((c) => [c.file.name, c.count]))).toEqual({ "teaser.webm": 3, "teaser.fr.srt": 1 });
    const files = await db.releaseFile.findMany({ where: { releaseId: release.id }, select: { id: true } });
    const seen = await db.releaseCountSeen.findMany({ where: { subject: { in: files.map((f) => `file:${f.id}`) } } });
    expect(seen).toHaveLength(4);
    for (const s of seen) expect(s.client).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(seen)).not.toMatch(/127\.0\.0\.1|::1|downloader|phone|laptop/);
  });

  it("count plays apart from downloads: the player's POST, once per client and day, never under embargo, never from another site", async () => {
    const { producer, release, page } = await setting(new Date(Date.now() - 1000));
    await upload(producer, release.id, "teaser.webm", "film", teaser);
    const play = (headers: Record<string, string>) => fetch(`${base}${page}/play`, { method: "POST", headers, redirect: "manual" });
    expect((await play({ Origin: base, "User-Agent": "viewer-browser" })).status).toBe(204);
    expect((await play({ Origin: base, "User-Agent": "viewer-browser" })).status).toBe(204);
    expect((await play({ Origin: "https://elsewhere.example", "User-Agent": "forger" })).status).toBe(403);
    expect(await plays(release.id)).toBe(1);
    expect((await play({ Origin: base, "User-Agent": "someone-else" })).status).toBe(204);
    expect(await plays(release.id)).toBe(2);
    expect(await downloads(release.id)).toBe(0);
    const html = await (await get(page)).text();
    expect(html).toContain("2 plays");
    expect(html).toContain("0 downloads");
    const fr = await (await get(page, null, { "Accept-Language": "fr" })).text();
    expect(fr).toContain("2 lectures");

    const later = await setting();
    expect((await play({ Origin: base })).status).toBe(204); // still the published one
    const early = await fetch(`${base}${later.page}/play`, { method: "POST", headers: { Origin: base }, redirect: "manual" });
    expect(early.status).not.toBe(204);
    const producerEarly = await fetch(`${base}${later.page}/play`, { method: "POST", headers: { Origin: base, Cookie: later.producer.cookie }, redirect: "manual" });
    expect(producerEarly.status).toBe(204);
    expect(await plays(later.release.id)).toBe(0);
  });
});

describe("the torrent", () => {
  it("is read by a real torrent library, its pieces match the files, and the studio is its web seed", async () => {
    const { producer, release, page, production } = await setting(new Date(Date.now() - 1000));
    await upload(producer, release.id, "teaser.webm", "film", teaser);
    await upload(producer, release.id, "teaser.fr.srt", "subtitles", srt, { language: "fr" });
    await refreshTorrent(release.id);
    const res = await get(`${page}.torrent`);
    expect(res.headers.get("content-type")).toBe("application/x-bittorrent");
    const buf = Buffer.from(await res.arrayBuffer());
    const t = await parseTorrent(buf);
    const directory = `${production.slug}-theatrical-cut`;
    expect(t.name).toBe(directory);
    expect(t.files!.map((f) => [f.name, f.length])).toEqual([
      ["teaser.fr.srt", srt.length],
      ["teaser.webm", teaser.length],
    ]);
    expect(t.infoHash).toBe(createHash("sha1").update(bencodedInfo(buf)).digest("hex"));
    // Every piece of the concatenated files hashes to what the torrent says.
    const all = Buffer.concat([srt, teaser]);
    t.pieces!.forEach((hash, i) => {
      expect(createHash("sha1").update(all.subarray(i * t.pieceLength!, (i + 1) * t.pieceLength!)).digest("hex"), `piece ${i}`).toBe(hash);
    });
    expect(t.urlList).toEqual([`${base}${page}/seed/`]);
    // A client appends <name>/<path> to the web seed: the studio answers with the file.
    const seeded = await get(`${page}/seed/${directory}/teaser.webm`, null, { Range: "bytes=0-99" });
    expect(Buffer.from(await seeded.arrayBuffer())).toEqual(teaser.subarray(0, 100));
  });
});

/** The bencoded info dictionary inside a .torrent, as its bytes. */
function bencodedInfo(torrent: Buffer): Buffer {
  const start = torrent.indexOf("4:infod") + "4:info".length;
  // Walk the bencoding to the end of the info dictionary.
  let i = start;
  const skip = (): void => {
    const c = String.fromCharCode(torrent[i]!);
    if (c === "i") i = torrent.indexOf("e", i) + 1;
    else if (c === "l" || c === "d") {
      i++;
      while (torrent[i] !== 0x65) skip();
      i++;
    } else {
      const colon = torrent.indexOf(":", i);
      i = colon + 1 + Number(torrent.subarray(i, colon).toString());
    }
  };
  skip();
  return torrent.subarray(start, i);
}

describe("screenings and structured data", () => {
  it("publish an .ics calendar apps read, and JSON-LD that names the licence", async () => {
    const { producer, release, page, production } = await setting(new Date(Date.now() - 1000));
    // Upcoming whenever the test runs (the page lists upcoming screenings only), and in
    // winter, so the venue's zone is UTC+1.
    const year = new Date().getUTCFullYear() + 1;
    const add = await fetch(`${base}${page}`, {
      method: "POST",
      headers: { Origin: base, Cookie: producer.cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        intent: "addScreening", kind: "theatrical", venue: "Le Méliès, salle 1", address: "10 place Jean-Jaurès", city: "Saint-Étienne",
        startsAt: `${year}-12-04T20:30`, timeZone: "Europe/Paris", language: "fr", subtitles: "en", ticketUrl: "https://tickets.example/veilleurs",
      }),
    });
    expect(add.status).toBe(200);
    const ics = await (await get(`/p/${production.slug}/screenings.ics`)).text();
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(1);
    expect(events[0]!.location).toBe("Le Méliès, salle 1, 10 place Jean-Jaurès, Saint-Étienne");
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe(`${year}-12-04T19:30:00.000Z`);

    const html = await (await get(page)).text();
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!) as Record<string, unknown>;
    expect(ld["@type"]).toBe("Movie");
    expect(ld.license).toBe("https://creativecommons.org/licenses/by-sa/4.0/");
    expect((ld.subjectOf as { "@type": string; startDate: string }[])[0]).toMatchObject({ "@type": "ScreeningEvent", startDate: `${year}-12-04T19:30:00.000Z` });
    expect(html).toContain('rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/"');
    expect(html).toContain('property="og:title"');
    void release;
  });
});

describe("the demo production", () => {
  it("has a published festival cut with the teaser, subtitles in two languages, credits and screenings", async () => {
    const page = await (await get("/p/les-veilleurs/releases/festival-cut")).text();
    expect(page).toContain('data-testid="player"');
    expect(page).toContain("/p/les-veilleurs/releases/festival-cut/tracks/les-veilleurs-teaser.en.vtt");
    expect(page).toContain("/p/les-veilleurs/releases/festival-cut/tracks/les-veilleurs-teaser.fr.srt");
    expect(page).toContain("Cinematography");
    expect(page).toContain("Le Méliès");
    expect((await get("/p/les-veilleurs/releases/festival-cut.torrent")).status).toBe(200);
    const file = await get("/p/les-veilleurs/releases/festival-cut/files/les-veilleurs-teaser.webm", null, { Range: "bytes=0-3" });
    expect(Buffer.from(await file.arrayBuffer())).toEqual(teaser.subarray(0, 4));
    const home = await (await get("/p/les-veilleurs")).text();
    expect(home).toContain('data-testid="home-screenings"');
  });
});
