// Where release files live, behind one interface: a local directory by default
// (DATA_DIR/files); an S3-compatible store can implement the same four methods
// later without touching the features. Keys are made by Claquette (see keyFor),
// never from a name someone typed.
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";

export type StoredFile = { size: number; modifiedAt: Date };

export interface FileStore {
  /** Take a finished file under `key` (moved when on the same disk). */
  adopt(fromPath: string, key: string): Promise<void>;
  stat(key: string): Promise<StoredFile | null>;
  /** The bytes from `start` to `end` inclusive (the whole file without them). */
  read(key: string, range?: { start: number; end: number }): Readable;
  remove(key: string): Promise<void>;
  /** Remove every file under `key/` (a rendition's directory). */
  removeDirectory(key: string): Promise<void>;
  /** A local path for tools that need one (ffprobe), when the store is local. */
  localPath(key: string): string | null;
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

  read(key: string, range?: { start: number; end: number }): Readable {
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
}

let store: FileStore | undefined;

/** The studio's file store: DATA_DIR/files. */
export function fileStore(): FileStore {
  store ??= new LocalFileStore(path.join(path.resolve(process.env.DATA_DIR ?? "./data"), "files"));
  return store;
}

/** Where unfinished uploads wait (resumable: they survive a restart). */
export function uploadDirectory(): string {
  return path.join(path.resolve(process.env.DATA_DIR ?? "./data"), "uploads");
}
