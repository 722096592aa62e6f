// Where release files live, behind one interface: a local directory by default
// (DATA_DIR/files), or an S3-compatible store named by MEDIA_URL (decision 0048).
// Keys are made by Claquette (see keyFor), never from a name someone typed.
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { parseMediaUrl, type S3Media } from "~/lib/media-url";

export type StoredFile = { size: number; modifiedAt: Date };

export interface FileStore {
  /** Take a finished file under `key` (moved when on the same disk). */
  adopt(fromPath: string, key: string): Promise<void>;
  stat(key: string): Promise<StoredFile | null>;
  /** The bytes from `start` to `end` inclusive (the whole file without them). */
  read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  remove(key: string): Promise<void>;
  /** Remove every file under `key/` (a rendition's directory). */
  removeDirectory(key: string): Promise<void>;
  /** A local path for tools that need one (ffprobe), when the store is local. */
  localPath(key: string): string | null;
  /**
   * A short-lived address of the bytes that viewers may be sent to, for a store they
   * can reach themselves; null when the studio sends the bytes (local disk, or a store
   * private to the studio).
   */
  presignedUrl(key: string, response: { contentType: string; disposition?: string; cacheControl: string }): Promise<string | null>;
}

// Generated ids joined by "/"; the last may end in an extension Claquette chose
// (a rendition's film.mp4, v0s001.ts): never "..", never a name someone typed.
const KEY = /^[a-z0-9]+(\/[a-z0-9]+)*(\.[a-z0-9]+)?$/;

export function keyFor(releaseId: string, fileId: string): string {
  const key = `releases/${releaseId}/${fileId}`;
  if (!KEY.test(key)) throw new Error("file keys are made of generated ids only");
  return key;
}

export class LocalFileStore implements FileStore {
  constructor(readonly directory: string) {}

  private pathOf(key: string): string {
    // Keys are generated, but the check costs nothing: nothing outside the directory.
    if (!KEY.test(key)) throw new Error(`not a file key: ${key}`);
    const full = path.resolve(this.directory, key);
    if (!full.startsWith(path.resolve(this.directory) + path.sep)) throw new Error(`not a file key: ${key}`);
    return full;
  }

  async adopt(fromPath: string, key: string) {
    const to = this.pathOf(key);
    await fs.mkdir(path.dirname(to), { recursive: true });
    try {
      await fs.rename(fromPath, to);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
      await fs.copyFile(fromPath, to);
      await fs.rm(fromPath, { force: true });
    }
  }

  async stat(key: string): Promise<StoredFile | null> {
    try {
      const s = await fs.stat(this.pathOf(key));
      return { size: s.size, modifiedAt: s.mtime };
    } catch {
      return null;
    }
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    // 256 KiB reads: fewer system calls for large films, flat memory whatever the size.
    return createReadStream(this.pathOf(key), { ...range, highWaterMark: 256 * 1024 });
  }

  async remove(key: string) {
    await fs.rm(this.pathOf(key), { force: true });
  }

  async removeDirectory(key: string) {
    await fs.rm(this.pathOf(key), { recursive: true, force: true });
  }

  localPath(key: string) {
    return this.pathOf(key);
  }

  async presignedUrl() {
    return null;
  }
}

/** How long a presigned address works: enough to start a download, too short to pass around. */
export const PRESIGNED_SECONDS = 300;

/** The client settings for an S3-compatible store (also given to tus's S3 store). */
export function s3ClientConfig(media: S3Media): S3ClientConfig {
  return {
    endpoint: media.endpoint,
    region: media.region,
    credentials: { accessKeyId: media.accessKeyId, secretAccessKey: media.secretAccessKey },
    // Bucket in the path: what every S3-compatible server understands, without DNS per bucket.
    forcePathStyle: true,
    // The SDK's default CRC checksums and aws-chunked bodies are AWS's own; many
    // compatible stores refuse them. Checksums only where the S3 API requires them.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
}

const notFound = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === "NotFound" || err.name === "NoSuchKey" || err.$metadata?.httpStatusCode === 404;
};

export class S3FileStore implements FileStore {
  readonly client: S3Client;
  constructor(readonly media: S3Media) {
    this.client = new S3Client(s3ClientConfig(media));
  }

  private checked(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a file key: ${key}`);
    return key;
  }

  async adopt(fromPath: string, key: string) {
    // Multipart above 8 MiB (a master may be far above the 5 GB of one PUT).
    await new Upload({ client: this.client, params: { Bucket: this.media.bucket, Key: this.checked(key), Body: createReadStream(fromPath) }, partSize: 8 * 1024 * 1024, queueSize: 4 }).done();
    await fs.rm(fromPath, { force: true });
  }

  async stat(key: string): Promise<StoredFile | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.media.bucket, Key: this.checked(key) }));
      return { size: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0) };
    } catch (e) {
      if (notFound(e)) return null;
      throw e;
    }
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const got = await this.client.send(new GetObjectCommand({ Bucket: this.media.bucket, Key: this.checked(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
    return got.Body as Readable;
  }

  async remove(key: string) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.media.bucket, Key: this.checked(key) }));
  }

  async removeDirectory(key: string) {
    const prefix = `${this.checked(key)}/`;
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.media.bucket, Prefix: prefix, ContinuationToken: token }));
      // One by one: DeleteObjects needs a Content-MD5 that not every compatible store checks alike.
      await Promise.all((page.Contents ?? []).map((o) => this.client.send(new DeleteObjectCommand({ Bucket: this.media.bucket, Key: o.Key! }))));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  localPath() {
    return null;
  }

  async presignedUrl(key: string, response: { contentType: string; disposition?: string; cacheControl: string }) {
    if (this.media.delivery === "stream") return null;
    const command = new GetObjectCommand({
      Bucket: this.media.bucket,
      Key: this.checked(key),
      ResponseContentType: response.contentType,
      ResponseContentDisposition: response.disposition,
      ResponseCacheControl: response.cacheControl,
    });
    return getSignedUrl(this.client, command, { expiresIn: PRESIGNED_SECONDS });
  }
}

let store: FileStore | undefined;

/** The studio's file store: MEDIA_URL's S3-compatible store, else DATA_DIR/files. */
export function fileStore(): FileStore {
  if (store) return store;
  const media = mediaSetting();
  store = media.kind === "s3" ? new S3FileStore(media) : new LocalFileStore(path.join(path.resolve(process.env.DATA_DIR ?? "./data"), "files"));
  return store;
}

/** MEDIA_URL, read once. */
export function mediaSetting() {
  return parseMediaUrl(process.env.MEDIA_URL);
}

/**
 * A local file with the bytes of `key`, for tools that read files (ffmpeg, ffprobe):
 * the store's own path when it is local, else a copy made in `directory`.
 */
export async function localCopy(key: string, directory: string): Promise<string> {
  const local = fileStore().localPath(key);
  if (local) return local;
  await fs.mkdir(directory, { recursive: true });
  const to = path.join(directory, key.replaceAll("/", "-"));
  await pipeline(await fileStore().read(key), createWriteStream(to));
  return to;
}

/** Where unfinished uploads wait (resumable: they survive a restart). */
export function uploadDirectory(): string {
  return path.join(path.resolve(process.env.DATA_DIR ?? "./data"), "uploads");
}
