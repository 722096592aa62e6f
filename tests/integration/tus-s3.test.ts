// Resumable uploads on the S3-compatible store (MEDIA_URL, decision 0057): two studio
// processes on one database and one store (an s3rver the test starts), each with a disk
// of its own, as two machines behind a proxy that does not keep a client on one. An
// upload begun through one and cut off halfway is continued through the other from
// the offset the first stored, and the finished file is downloaded through the first;
// no byte of it ever waits on either machine's disk. Beside it, the part store's own
// rules, against the same s3rver.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { TestUser } from "../support/collab";
import { MEDIA_BUCKET as BUCKET, startTwoStudiosOnS3 } from "../support/two-studios.ts";

const MiB = 1024 * 1024;

let studios: Awaited<ReturnType<typeof startTwoStudiosOnS3>>;
let tmp = "";
let baseA = "";
let baseB = "";
let dataA = "";
let dataB = "";
let app: {
  db: typeof import("~/lib/db.server").db;
  createRelease: typeof import("~/features/releases/releases.server").createRelease;
  testUser: typeof import("../support/collab").testUser;
  testProduction: typeof import("../support/collab").testProduction;
  S3PartsStore: typeof import("~/features/releases/upload-store.server").S3PartsStore;
  PgLocker: typeof import("~/features/releases/upload-lock.server").PgLocker;
};

beforeAll(async () => {
  studios = await startTwoStudiosOnS3({ name: "tus_s3", mainUrl: inject("databaseUrl") });
  ({ tmp } = studios);
  [baseA, dataA, baseB, dataB] = [studios.a.base, studios.a.dataDir, studios.b.base, studios.b.dataDir];
  const [{ db }, { createRelease }, { testUser, testProduction }, { S3PartsStore }, { PgLocker }] = await Promise.all([
    import("~/lib/db.server"),
    import("~/features/releases/releases.server"),
    import("../support/collab"),
    import("~/features/releases/upload-store.server"),
    import("~/features/releases/upload-lock.server"),
  ]);
  app = { db, createRelease, testUser, testProduction, S3PartsStore, PgLocker };
}, 300_000);

afterAll(async () => {
  await app?.db.$disconnect();
  await studios?.stop();
});

const b64 = (s: string) => Buffer.from(s).toString("base64");
const tus = (base: string, user: TestUser, more: Record<string, string> = {}) => ({ Origin: base, Cookie: user.cookie, "Tus-Resumable": "1.0.0", ...more });

const keys = (prefix: string) => studios.keys(prefix);

/** What a machine holds of unfinished uploads on its own disk. */
const onDisk = (dataDir: string) => fs.readdir(path.join(dataDir, "uploads")).catch(() => [] as string[]);

async function offsetOn(base: string, user: TestUser, location: URL) {
  const res = await fetch(new URL(location.pathname, base), { method: "HEAD", headers: tus(base, user) });
  return { status: res.status, offset: Number(res.headers.get("upload-offset")) };
}

/**
 * A PATCH that announces the whole rest but sends only `sent` bytes, then loses its
 * connection once `stored()` says the machine has put some of them away.
 */
async function cutOff(url: URL, user: TestUser, bytes: Buffer, sent: number, stored: () => Promise<boolean>) {
  const req = http.request(url, { method: "PATCH", headers: { ...tus(url.origin, user), "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream", "Content-Length": String(bytes.length) } });
  req.on("error", () => {}); // the cut is ours
  req.write(bytes.subarray(0, sent));
  const until = Date.now() + 60_000;
  while (!(await stored())) {
    if (Date.now() > until) throw new Error("nothing of the upload was stored");
    await new Promise((r) => setTimeout(r, 100));
  }
  req.destroy();
}

describe("resumable uploads on the S3-compatible store", () => {
  it("continues an upload cut off on one machine through another, and the file is downloaded through the first", async () => {
    const producer = await app.testUser("prod");
    const { production } = await app.testProduction(producer, []);
    const created = await app.createRelease(production.id, producer.id, { slug: "rushes", title: "Rushes", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() + 24 * 3600_000), synopsis: "" });
    if (!created.ok) throw new Error("release");
    const release = created.release;
    const bytes = randomBytes(20 * MiB);

    const meta = { filename: "rushes.bin", release: release.id, kind: "source", label: "Rushes" };
    const begun = await fetch(`${baseA}/uploads`, {
      method: "POST",
      headers: tus(baseA, producer, { "Upload-Length": String(bytes.length), "Upload-Metadata": Object.entries(meta).map(([k, v]) => `${k} ${b64(v)}`).join(",") }),
    });
    expect(begun.status).toBe(201);
    const location = new URL(begun.headers.get("location")!, baseA);

    // 12 MiB sent through A, then the connection is lost, once A has put some of it away
    // (where: the store, as asserted below; without it, A's disk).
    const id = location.pathname.split("/").pop()!;
    const received = async () => (await keys(`uploads/${id}/`)).length > 0 || (await fs.stat(path.join(dataA, "uploads", id)).then((s) => s.size > 0, () => false));
    await cutOff(location, producer, bytes, 12 * MiB, received);
    // B tells where to go on from: what A stored, all of it (B waits until A is done with the request).
    const there = await offsetOn(baseB, producer, location);
    expect(there.status).toBe(200);
    expect(there.offset).toBeGreaterThanOrEqual(8 * MiB);
    expect(there.offset).toBeLessThanOrEqual(12 * MiB);
    expect(await offsetOn(baseA, producer, location)).toEqual(there);
    expect(await onDisk(dataA)).toEqual([]);

    // The rest through B.
    const finished = await fetch(new URL(location.pathname, baseB), {
      method: "PATCH",
      headers: tus(baseB, producer, { "Upload-Offset": String(there.offset), "Content-Type": "application/offset+octet-stream" }),
      body: new Uint8Array(bytes.subarray(there.offset)),
    });
    expect(finished.status, await finished.clone().text()).toBe(204);
    expect(finished.headers.get("upload-offset")).toBe(String(bytes.length));

    const file = await app.db.releaseFile.findFirstOrThrow({ where: { releaseId: release.id } });
    expect(finished.headers.get("claquette-file")).toBe(file.id);
    expect(Number(file.size)).toBe(bytes.length);
    // Nothing of it waited on either machine's disk, and the parts are gone from the store.
    expect(await onDisk(dataA)).toEqual([]);
    expect(await onDisk(dataB)).toEqual([]);
    expect(await keys("uploads/")).toEqual([]);
    expect(await keys(`releases/${release.id}/`)).toEqual([file.storageKey]);
    // The upload is over: neither machine knows it any more.
    expect((await offsetOn(baseA, producer, location)).status).toBe(404);

    // Downloaded through A (the producer, before the premiere): the same bytes, from the store.
    const download = await fetch(`${baseA}/p/${production.slug}/releases/rushes/files/rushes.bin`, { headers: { Cookie: producer.cookie }, redirect: "manual" });
    expect(download.status).toBe(302);
    const stored = await fetch(download.headers.get("location")!);
    expect(Buffer.from(await stored.arrayBuffer()).equals(bytes)).toBe(true);
  }, 180_000);

  it("counts only the parts that follow each other from the first byte, and keeps what arrived before a broken stream", async () => {
    const store = new app.S3PartsStore(studios.client, BUCKET, 1024);
    const { Upload } = await import("@tus/server");
    const id = randomBytes(16).toString("hex");
    await store.create(new Upload({ id, size: 4096, offset: 0, metadata: {} }));
    const bytes = randomBytes(4096);

    // A stream that breaks after 1.5 KiB: the full part and the half one held are kept.
    const broken = Readable.from(
      (async function* () {
        yield bytes.subarray(0, 1024);
        yield bytes.subarray(1024, 1536);
        throw new Error("connection lost");
      })(),
    );
    await expect(store.write(broken, id, 0)).rejects.toThrow("connection lost");
    expect((await store.getUpload(id)).offset).toBe(1536);

    // A stray part past a gap (written by a request cut off elsewhere) does not count.
    await store.write(Readable.from([bytes.subarray(3000, 3100)]), id, 3000);
    expect((await store.getUpload(id)).offset).toBe(1536);
    expect(await store.write(Readable.from([bytes.subarray(1536)]), id, 1536)).toBe(4096);
    expect((await store.getUpload(id)).offset).toBe(4096);
    const copy = path.join(tmp, "copy");
    expect(await store.copyTo(id, copy)).toBe(4096);
    expect((await fs.readFile(copy)).equals(bytes)).toBe(true);

    await store.remove(id);
    expect(await keys(`uploads/${id}`)).toEqual([]);
    await expect(store.getUpload(id)).rejects.toMatchObject({ status_code: 404 });
  });

  it("lets one request at a time hold an upload, whichever process it runs in", async () => {
    // Two lockers, as two requests use them; the lock itself is PostgreSQL's, shared by every process.
    const id = randomBytes(16).toString("hex");
    const first = new app.PgLocker().newLock(id);
    const second = new app.PgLocker().newLock(id);
    let askedToEnd = false;
    await first.lock(new AbortController().signal, () => {
      askedToEnd = true;
    });
    let secondHolds = false;
    const waiting = second.lock(new AbortController().signal, () => {}).then(() => (secondHolds = true));
    // The holder in this process is asked to end early, and until it has, the other waits.
    await vi.waitFor(() => expect(askedToEnd).toBe(true));
    expect(secondHolds).toBe(false);
    await first.unlock();
    await waiting;
    expect(secondHolds).toBe(true);
    await second.unlock();
  });
});
