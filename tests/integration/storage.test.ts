// Disk against the running studio: unfinished uploads expire (removed from disk, forgotten
// by the tus endpoint), and the storage allowances of a person and of a production refuse
// a file that does not fit, in the uploader's language, keeping what they typed.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { encodePng } from "~/features/media/png";
import { createRelease } from "~/features/releases/releases.server";
import { createTask, ensureTracker, listsOf } from "~/features/tracker/tracker.server";
import { db } from "~/lib/db.server";
import { freePort } from "../../server/free-port.ts";
import { testProduction, testUser, type TestUser } from "../support/collab";
import { startStudioProcess, stopStudioProcess, type StudioProcess } from "../support/studio-process.ts";

const base = inject("baseUrl");
const b64 = (s: string) => Buffer.from(s).toString("base64");
const teaser = await fs.readFile(path.resolve(import.meta.dirname, "../../prisma/demo/les-veilleurs-teaser.webm"));

/** Start a tus upload on the studio at `origin`. */
function create(origin: string, user: TestUser, length: number, meta: Record<string, string>, lang = "en") {
  return fetch(`${origin}/uploads`, {
    method: "POST",
    headers: {
      Origin: origin,
      Cookie: user.cookie,
      "Accept-Language": lang,
      "Tus-Resumable": "1.0.0",
      "Upload-Length": String(length),
      "Upload-Metadata": Object.entries(meta)
        .map(([k, v]) => `${k} ${b64(v)}`)
        .join(","),
    },
  });
}

function patch(origin: string, user: TestUser, location: string, offset: number, chunk: Uint8Array) {
  return fetch(new URL(location, origin), {
    method: "PATCH",
    headers: { Origin: origin, Cookie: user.cookie, "Tus-Resumable": "1.0.0", "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
    body: new Uint8Array(chunk),
  });
}

async function releaseSetting() {
  const producer = await testUser("prod");
  const member = await testUser("mem");
  const { production } = await testProduction(producer, [member]);
  const created = await createRelease(production.id, producer.id, { slug: "cut", title: "Cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() + 3600_000), synopsis: "" });
  if (!created.ok) throw new Error("release");
  return { producer, member, production, release: created.release };
}

const studios: StudioProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const s of studios) await stopStudioProcess(s);
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

describe("unfinished uploads", () => {
  it("are removed from disk after the expiry without progress, at start and while running, and the endpoint forgets them", async () => {
    // A studio of its own, with a short expiry, on the same database.
    const dataDir = `${inject("dataDir")}-expiry`;
    dirs.push(dataDir);
    const uploads = path.join(dataDir, "uploads");
    await fs.mkdir(uploads, { recursive: true });
    // One left over from before a restart, two days without a byte.
    const leftover = randomBytes(16).toString("hex");
    await fs.writeFile(path.join(uploads, leftover), teaser.subarray(0, 1000));
    await fs.writeFile(path.join(uploads, `${leftover}.json`), JSON.stringify({ id: leftover, size: teaser.length, offset: 0, metadata: {} }));
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
    for (const f of [leftover, `${leftover}.json`]) await fs.utimes(path.join(uploads, f), twoDaysAgo, twoDaysAgo);

    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const studio = await startStudioProcess({ DATABASE_URL: inject("databaseUrl"), DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: origin, SMTP_URL: "", UPLOAD_EXPIRY_SECONDS: "15" });
    studios.push(studio);
    // Swept before the studio said it runs.
    expect(existsSync(path.join(uploads, leftover))).toBe(false);
    expect(existsSync(path.join(uploads, `${leftover}.json`))).toBe(false);

    // A producer sends half a film, then nothing more.
    const { producer, release } = await releaseSetting();
    const created = await create(origin, producer, teaser.length, { filename: "film.webm", release: release.id, kind: "film" });
    expect(created.status).toBe(201);
    const location = created.headers.get("location")!;
    const id = location.split("/").pop()!;
    expect((await patch(origin, producer, location, 0, teaser.subarray(0, 40_000))).status).toBe(204);
    expect(existsSync(path.join(uploads, id))).toBe(true);

    // Nobody asks about it: the periodic sweep removes it, data and description.
    await vi.waitFor(() => expect(existsSync(path.join(uploads, id)) || existsSync(path.join(uploads, `${id}.json`))).toBe(false), { timeout: 60_000, interval: 250 });
    const head = await fetch(new URL(location, origin), { method: "HEAD", headers: { Cookie: producer.cookie, "Tus-Resumable": "1.0.0" } });
    expect(head.status).toBe(404);
    expect((await patch(origin, producer, location, 40_000, teaser.subarray(40_000))).status).toBe(404);
    expect(await db.releaseFile.count({ where: { releaseId: release.id } })).toBe(0);
  }, 120_000); // a studio of its own starts
});

describe("storage allowances", () => {
  /** A person who already keeps just under 2 GiB of submitted work (in another production). */
  async function nearlyFull(person: TestUser) {
    const producer = await testUser("elsewhere");
    const { production } = await testProduction(producer, [person]);
    await ensureTracker(production.id);
    const { types } = await listsOf(production.id);
    const task = await createTask(production.id, producer.id, { title: "Rushes", typeId: types[0]!.id });
    await db.submission.create({ data: { taskId: task.id, userId: person.id, note: "", fileName: "rushes.txt", fileType: "text/plain", fileSize: 2 ** 31 - 1024, fileSha256: "0".repeat(64) } });
  }

  it("refuse a wiki image past the person's allowance, in their language", async () => {
    const { producer, member, production } = await releaseSetting();
    const png = encodePng(64, 64, (x, y) => [x * 4, y * 4, 90]);
    const send = (user: TestUser, lang = "en") => {
      const body = new FormData();
      body.set("image", new Blob([new Uint8Array(png)], { type: "image/png" }), "lamp.png");
      return fetch(`${base}/p/${production.slug}/wiki/images`, { method: "POST", headers: { Origin: base, Cookie: user.cookie, "Accept-Language": lang }, body });
    };
    expect((await send(member)).status).toBe(200);
    await nearlyFull(member);
    const refused = await send(member);
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { error: string }).error).toMatch(/^This file \(.+\) does not fit in your storage allowance: you keep 2 GiB of 2 GiB in wiki images and submitted work\./);
    expect(((await (await send(member, "fr")).json()) as { error: string }).error).toContain("dépasse votre espace de stockage : vous gardez 2 Gio sur 2 Gio");
    expect(await db.wikiImage.count({ where: { productionId: production.id } })).toBe(1);
    // The producer, under no such load, still adds one.
    expect((await send(producer)).status).toBe(200);
  });

  it("refuse a submitted file past the person's allowance, and keep the note they typed", async () => {
    const { producer, member, production } = await releaseSetting();
    await ensureTracker(production.id);
    const { types } = await listsOf(production.id);
    const task = await createTask(production.id, producer.id, { title: "Storyboard", typeId: types[0]!.id, assigneeIds: [member.id] });
    await nearlyFull(member);
    const form = new FormData();
    form.set("intent", "submit");
    form.set("note", "Frames 1 to 40, the night exteriors.");
    form.set("file", new Blob([new Uint8Array(Buffer.from("frame\n".repeat(700)))], { type: "text/plain" }), "boards.txt");
    const res = await fetch(`${base}/p/${production.slug}/tracker/tasks/${task.number}`, { method: "POST", headers: { Origin: base, Cookie: member.cookie }, body: form });
    const html = await res.text();
    expect(html).toContain("does not fit in your storage allowance");
    expect(html).toContain(">Frames 1 to 40, the night exteriors.</textarea>");
    expect(await db.submission.count({ where: { taskId: task.id } })).toBe(0);
  });

  it("refuse a release upload past the production's allowance, before a byte is sent", async () => {
    const { producer, release } = await releaseSetting();
    // The production already keeps 50 GiB of release files.
    await db.releaseFile.create({
      data: { releaseId: release.id, name: "master.mkv", kind: "film", mimeType: "video/x-matroska", size: BigInt(50 * 1024 ** 3), sha256: "0".repeat(64), storageKey: `releases/${release.id}/fmaster${randomBytes(6).toString("hex")}` },
    });
    const refused = await create(base, producer, teaser.length, { filename: "teaser.webm", release: release.id, kind: "film" }, "fr");
    expect(refused.status).toBe(413);
    expect(await refused.text()).toMatch(/^Ce fichier \(.+\) dépasse l’espace de stockage de la production : elle garde 50 Gio sur 50 Gio\./);
    expect(await db.releaseFile.count({ where: { releaseId: release.id } })).toBe(1);
  });
});
