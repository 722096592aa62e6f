// Two machines: two studio processes on one PostgreSQL database of their own, each with
// a disk of its own (DATA_DIR), sharing nothing else but what `env` names (an object
// store's MEDIA_URL). The database is apart from the suite's: the suite's studio runs a
// job queue and a collaboration server on that one, and would take these studios' work.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import pg from "pg";
import S3rver from "s3rver";
import { freePort } from "../../server/free-port.ts";
import { applyMigrations } from "../../server/migrate.ts";
import { startStudioProcess, stopStudioProcess, type StudioProcess } from "./studio-process.ts";

export type Machine = { base: string; dataDir: string; process: StudioProcess };

/**
 * `mainUrl`: the suite's database URL (its cluster holds the new database). Once this
 * resolves, DATABASE_URL names the new database: import the studio's modules after it.
 * `env`, given the run's temporary folder, starts what both share (an object store kept
 * there) and returns the settings that name it.
 */
export async function startTwoStudios(options: { name: string; mainUrl: string; env?: (tmp: string) => Promise<Record<string, string>> }) {
  const tmp = path.join(os.tmpdir(), `claquette-${options.name}-${process.pid}`);
  await fs.mkdir(tmp, { recursive: true });
  const database = `claquette_${options.name.replace(/\W/g, "_")}_${Date.now()}`;
  const databaseUrl = Object.assign(new URL(options.mainUrl), { pathname: `/${database}` }).toString();
  const admin = new pg.Client({ connectionString: options.mainUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  await applyMigrations(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  const extra = (await options.env?.(tmp)) ?? {};

  const machines: Machine[] = [];
  async function stop() {
    for (const m of machines.splice(0)) await stopStudioProcess(m.process);
    const admin = new pg.Client({ connectionString: options.mainUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    await fs.rm(tmp, { recursive: true, force: true });
  }
  try {
    for (const folder of ["data", "other-data"]) {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const dataDir = path.join(tmp, folder);
      const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: base, SMTP_URL: "", ...extra };
      machines.push({ base, dataDir, process: await startStudioProcess(env) });
    }
  } catch (e) {
    await stop();
    throw e;
  }
  const [a, b] = machines as [Machine, Machine];
  return { tmp, databaseUrl, a, b, stop };
}

/** The bucket of the object store `startTwoStudiosOnS3` starts. */
export const MEDIA_BUCKET = "claquette-media";

/**
 * Two machines sharing one S3-compatible store as well: s3rver, in this process, keeping
 * its objects in the run's temporary folder (decision 0048 says why s3rver). `client`
 * reads the store directly (at `storeOrigin`); `keys` lists what it holds under a prefix.
 */
export async function startTwoStudiosOnS3(options: { name: string; mainUrl: string }) {
  let s3: S3rver | undefined;
  let port = 0;
  const studios = await startTwoStudios({
    ...options,
    async env(folder) {
      s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: path.join(folder, "s3"), configureBuckets: [{ name: MEDIA_BUCKET, configs: [] }] });
      port = (await s3.run()).port;
      return { MEDIA_URL: `s3+http://S3RVER:S3RVER@127.0.0.1:${port}/${MEDIA_BUCKET}` };
    },
  }).catch(async (e: unknown) => {
    // A machine that did not start: the store must not outlive the run (nobody else stops it).
    await s3?.close();
    throw e;
  });
  const storeOrigin = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint: storeOrigin, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  return {
    ...studios,
    storeOrigin,
    client,
    async keys(prefix: string) {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: MEDIA_BUCKET, Prefix: prefix }));
      return (listed.Contents ?? []).map((o) => o.Key!);
    },
    async stop() {
      await studios.stop();
      await s3?.close();
    },
  };
}
