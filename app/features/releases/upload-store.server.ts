// Where unfinished tus uploads wait (decision 0057): on this machine's disk by default
// (@tus/file-store under DATA_DIR/uploads), or, with MEDIA_URL, in the S3-compatible
// store, where any studio process can continue them. The store's own multipart
// uploads cannot be used for that: @tus/s3-store needs ListParts, which the S3 servers
// we can test against do not implement. So each received stretch of bytes is a plain
// object named by its offset, the offset is what a listing of them adds up to, and the
// finished upload is read back in order.
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { FileStore } from "@tus/file-store";
import { DataStore, ERRORS, Upload, type Locker } from "@tus/server";
import type { S3Media } from "~/lib/media-url";
import { mediaSetting, s3ClientConfig, uploadDirectory } from "./file-store.server";
import { PgLocker } from "./upload-lock.server";

/** An unfinished upload as the sweep and the allowance see it. */
export type PendingUpload = { id: string; lastProgress: number; size?: number; release?: string };

export interface UploadStore {
  datastore: DataStore;
  /** Who may touch an upload at a time: every process that can reach it must agree. */
  locker: Locker;
  /** Every unfinished upload, with when it last received a byte (ms). */
  list(): Promise<PendingUpload[]>;
  /** When the upload last received a byte (or was described), in ms; 0 when it is gone. */
  lastProgress(id: string): Promise<number>;
  /** Remove the upload, data and description. */
  remove(id: string): Promise<void>;
  /** A local file with the finished upload's bytes, for the checks that read files. */
  finishedFile(id: string): Promise<string>;
}

const UPLOAD_ID = /^[0-9a-f]{32}$/; // what @tus/server names uploads (16 random bytes, hex)

class DiskUploads implements UploadStore {
  readonly datastore: FileStore;
  // The processes of one studio share DATA_DIR (PROCESSES, decision 0063): one lock for all of them.
  readonly locker = new PgLocker();
  constructor(readonly directory: string) {
    // No expiry of tus's own (counted from creation): ours counts from the last byte.
    this.datastore = new FileStore({ directory });
  }

  async list() {
    const names = await fs.readdir(this.directory).catch(() => [] as string[]);
    const ids = [...new Set(names.map((n) => n.replace(/\.json$/, "")).filter((id) => UPLOAD_ID.test(id)))];
    return Promise.all(
      ids.map(async (id): Promise<PendingUpload> => {
        const info = await fs
          .readFile(path.join(this.directory, `${id}.json`), "utf8")
          .then((t) => JSON.parse(t) as { size?: unknown; metadata?: { release?: unknown } })
          .catch(() => null); // being written or just removed: the next look counts it
        return {
          id,
          lastProgress: await this.lastProgress(id),
          size: typeof info?.size === "number" ? info.size : undefined,
          release: typeof info?.metadata?.release === "string" ? info.metadata.release : undefined,
        };
      }),
    );
  }

  async lastProgress(id: string) {
    if (!UPLOAD_ID.test(id)) return 0; // never a path from what a request named
    const times = await Promise.all([id, `${id}.json`].map((name) => fs.stat(path.join(this.directory, name)).then((s) => s.mtimeMs, () => 0)));
    return Math.max(...times);
  }

  async remove(id: string) {
    if (!UPLOAD_ID.test(id)) return;
    await Promise.all([fs.rm(path.join(this.directory, id), { force: true }), fs.rm(path.join(this.directory, `${id}.json`), { force: true })]);
  }

  async finishedFile(id: string) {
    // The data file is taken as it is (acceptUpload moves or removes it); only the description is left.
    await this.datastore.configstore.delete(id).catch(() => {});
    return path.join(this.directory, id);
  }
}

/** Bytes kept in memory before they are stored as one part: flat memory per upload. */
const PART_BYTES = 8 * 1024 * 1024;
const PREFIX = "uploads/";
// Offsets padded so that the store lists parts in the order of their bytes (64 GiB < 10^15).
const partKey = (id: string, offset: number) => `${PREFIX}${id}/${String(offset).padStart(15, "0")}`;
const infoKey = (id: string) => `${PREFIX}${id}.json`;
const PART = /^uploads\/([0-9a-f]{32})\/(\d{15})$/;
const INFO = /^uploads\/([0-9a-f]{32})\.json$/;

const missing = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === "NoSuchKey" || err.name === "NotFound" || err.$metadata?.httpStatusCode === 404;
};

/** An id tus made, or "not found": the only part of a key that comes from a request. */
function checkedId(id: string) {
  if (!UPLOAD_ID.test(id)) throw ERRORS.FILE_NOT_FOUND;
  return id;
}

type Listed = { key: string; size: number; modified: number };

/** The tus data store on an S3-compatible store, parts as plain objects (see the top). */
export class S3PartsStore extends DataStore {
  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    readonly partBytes = PART_BYTES,
  ) {
    super();
    this.extensions = ["creation", "creation-with-upload", "termination"];
  }

  async listed(prefix: string): Promise<Listed[]> {
    const all: Listed[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) all.push({ key: o.Key!, size: o.Size ?? 0, modified: o.LastModified?.getTime() ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return all;
  }

  /**
   * The parts that follow each other from byte 0, in order. A part that does not start
   * where the previous one ended (two processes written to at once, one of them cut off)
   * is left out: every part holds the file's own bytes at its offset, so the run stays right.
   */
  async parts(id: string): Promise<Listed[]> {
    const found = (await this.listed(`${PREFIX}${checkedId(id)}/`)).filter((p) => PART.test(p.key)).sort((a, b) => a.key.localeCompare(b.key));
    const run: Listed[] = [];
    let at = 0;
    for (const p of found) {
      if (Number(PART.exec(p.key)![2]) !== at || p.size === 0) continue;
      run.push(p);
      at += p.size;
    }
    return run;
  }

  private async put(key: string, body: Buffer | string) {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body }));
  }

  async create(upload: Upload) {
    const id = checkedId(upload.id);
    await this.put(infoKey(id), JSON.stringify({ id, size: upload.size, metadata: upload.metadata, creation_date: upload.creation_date }));
    upload.storage = { type: "s3", path: infoKey(id), bucket: this.bucket };
    return upload;
  }

  async write(readable: Readable, id: string, offset: number) {
    checkedId(id);
    let held: Buffer[] = [];
    let heldBytes = 0;
    let at = offset;
    const store = async () => {
      if (!heldBytes) return;
      const body = Buffer.concat(held, heldBytes);
      held = [];
      heldBytes = 0;
      await this.put(partKey(id, at), body);
      at += body.length;
    };
    try {
      for await (const chunk of readable) {
        held.push(chunk as Buffer);
        heldBytes += (chunk as Buffer).length;
        if (heldBytes >= this.partBytes) await store();
      }
    } catch (e) {
      // The connection broke: keep what arrived, the client resumes after it.
      await store();
      throw e;
    }
    await store();
    return at;
  }

  async getUpload(id: string) {
    let info: { size?: number; metadata?: Record<string, string | null>; creation_date?: string };
    try {
      const got = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: infoKey(checkedId(id)) }));
      info = JSON.parse(await got.Body!.transformToString()) as typeof info;
    } catch (e) {
      if (missing(e)) throw ERRORS.FILE_NOT_FOUND;
      throw e;
    }
    const offset = (await this.parts(id)).reduce((n, p) => n + p.size, 0);
    return new Upload({ id, size: info.size, offset, metadata: info.metadata, creation_date: info.creation_date, storage: { type: "s3", path: infoKey(id), bucket: this.bucket } });
  }

  async remove(id: string) {
    const keys = (await this.listed(`${PREFIX}${checkedId(id)}`)).map((o) => o.key).filter((k) => PART.exec(k)?.[1] === id || INFO.exec(k)?.[1] === id);
    if (!keys.length) throw ERRORS.FILE_NOT_FOUND;
    // One by one: DeleteObjects needs a Content-MD5 that not every compatible store checks alike.
    await Promise.all(keys.map((Key) => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }))));
  }

  /** Write the upload's bytes, in order, to a local file. */
  async copyTo(id: string, to: string) {
    const parts = await this.parts(id);
    const client = this.client;
    const bucket = this.bucket;
    async function* bytes() {
      for (const p of parts) yield* (await client.send(new GetObjectCommand({ Bucket: bucket, Key: p.key }))).Body as Readable;
    }
    await pipeline(Readable.from(bytes()), createWriteStream(to));
    return parts.reduce((n, p) => n + p.size, 0);
  }
}

class S3Uploads implements UploadStore {
  readonly datastore: S3PartsStore;
  readonly locker = new PgLocker();
  constructor(media: S3Media) {
    this.datastore = new S3PartsStore(new S3Client(s3ClientConfig(media)), media.bucket);
  }

  async list() {
    const byId = new Map<string, PendingUpload>();
    for (const o of await this.datastore.listed(PREFIX)) {
      const id = (PART.exec(o.key) ?? INFO.exec(o.key))?.[1];
      if (!id) continue;
      const entry = byId.get(id) ?? { id, lastProgress: 0 };
      entry.lastProgress = Math.max(entry.lastProgress, o.modified);
      byId.set(id, entry);
    }
    const pending = [...byId.values()];
    await Promise.all(
      pending.map(async (p) => {
        const upload = await this.datastore.getUpload(p.id).catch(() => null);
        p.size = upload?.size;
        p.release = upload?.metadata?.release ?? undefined;
      }),
    );
    return pending;
  }

  async lastProgress(id: string) {
    if (!UPLOAD_ID.test(id)) return 0;
    const mine = (await this.datastore.listed(`${PREFIX}${id}`)).filter((o) => PART.exec(o.key)?.[1] === id || INFO.exec(o.key)?.[1] === id);
    return Math.max(0, ...mine.map((o) => o.modified));
  }

  async remove(id: string) {
    await this.datastore.remove(id).catch(() => {});
  }

  async finishedFile(id: string) {
    // Read back on the machine that received the last byte, in a work directory of its
    // own (never DATA_DIR/uploads), then the parts are gone: the file is the upload now.
    const directory = path.join(path.resolve(process.env.DATA_DIR ?? "./data"), "cache", "finishing-uploads");
    await fs.mkdir(directory, { recursive: true });
    const to = path.join(directory, checkedId(id));
    const upload = await this.datastore.getUpload(id);
    const size = await this.datastore.copyTo(id, to);
    if (size !== upload.size) {
      await fs.rm(to, { force: true });
      throw new Error(`upload ${id}: ${size} bytes stored of ${upload.size}`);
    }
    await this.remove(id);
    return to;
  }
}

let uploads: UploadStore | undefined;

/** Where this studio's unfinished uploads wait: MEDIA_URL's store, else DATA_DIR/uploads. */
export function uploadStore(): UploadStore {
  if (uploads) return uploads;
  const media = mediaSetting();
  uploads = media.kind === "s3" ? new S3Uploads(media) : new DiskUploads(uploadDirectory());
  return uploads;
}
