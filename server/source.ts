// The source of the running studio, as the AGPL asks of a program people use over
// a network (section 13): /source.tar.gz, linked from every page's footer.
// Only the project's own files, listed here, are packed: never the data directory,
// the database password, the build or the dependencies.
//
// The archive is built once (tar and gzip cost seconds of CPU) into DATA_DIR/cache,
// named after a fingerprint of the packed files, and then served as a plain file:
// a download that stops half way leaves nothing running, and an edited source
// gets a new archive at the next start.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { RequestHandler } from "express";

const included = [
  "README.md", "LICENSE", "package.json", "package-lock.json", "tsconfig.json", "vite.config.ts", "vitest.config.ts",
  "react-router.config.ts", "prisma.config.ts", "eslint.config.js", ".gitignore", ".ci", "app", "server", "prisma", "public",
  "tests", "docs", "types",
];
const excluded = ["app/generated", "tests/bench/results"];
const BUILD_TIMEOUT_MS = 120_000;

/** Names, sizes and times of every file the archive packs: any edit changes it. */
async function fingerprint(root: string, paths: string[]): Promise<string> {
  const hash = createHash("sha256");
  const skip = (rel: string) => excluded.some((e) => rel === e || rel.startsWith(`${e}/`));
  const add = async (rel: string) => {
    if (skip(rel)) return;
    const stat = await fs.lstat(path.join(root, rel));
    if (stat.isDirectory()) {
      for (const name of (await fs.readdir(path.join(root, rel))).sort()) await add(`${rel}/${name}`);
    } else {
      hash.update(`${rel}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  for (const p of paths) await add(p);
  return hash.digest("hex").slice(0, 16);
}

function runTar(root: string, paths: string[], file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = spawn("tar", ["-czf", file, ...excluded.map((e) => `--exclude=${e}`), "-C", root, ...paths], {
      stdio: "ignore",
      timeout: BUILD_TIMEOUT_MS,
    });
    tar.once("error", reject);
    tar.once("close", (code, signal) => (code === 0 ? resolve() : reject(new Error(`tar ended with ${signal ?? code}`))));
  });
}

/** The archive's path, building it if this version has none yet. */
async function buildArchive(root: string, cacheDir: string): Promise<string> {
  const paths = included.filter((p) => existsSync(path.join(root, p)));
  const name = `source-${await fingerprint(root, paths)}.tar.gz`;
  const file = path.join(cacheDir, name);
  if (existsSync(file)) return file;
  await fs.mkdir(cacheDir, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  try {
    await runTar(root, paths, partial);
    await fs.rename(partial, file);
  } finally {
    await fs.rm(partial, { force: true });
  }
  // Archives of earlier versions are of no more use.
  for (const old of await fs.readdir(cacheDir)) {
    if (old.startsWith("source-") && old.endsWith(".tar.gz") && old !== name) await fs.rm(path.join(cacheDir, old), { force: true });
  }
  return file;
}

export function sourceHandler(root: string, cacheDir: string): RequestHandler {
  // Concurrent first requests share the one build; a failed build is tried again later.
  let archive: Promise<string> | undefined;
  return (_req, res, next) => {
    archive ??= buildArchive(root, cacheDir).catch((e: Error) => {
      archive = undefined;
      throw e;
    });
    archive.then(
      (file) => {
        res.setHeader("Content-Type", "application/gzip");
        res.setHeader("Content-Disposition", 'attachment; filename="claquette-source.tar.gz"');
        // DATA_DIR may sit in a dot-directory: the path is ours, not the client's.
        res.sendFile(file, { maxAge: 0, dotfiles: "allow" }, (e?: NodeJS.ErrnoException) => {
          if (e && e.code !== "ECONNABORTED" && !res.headersSent) next(e);
        });
      },
      (e: Error) => {
        console.error(`[claquette] source archive: ${e.message}`);
        if (!res.headersSent) res.status(503).type("text/plain").send("The source archive is not available on this server (no tar?).\n");
      },
    );
  };
}
