// A studio of its own for a benchmark or the screenshots: the embedded PostgreSQL
// (cluster in `folder`, a fresh database per run), the migrations, and Claquette
// started from the build as `npm start` starts it, in its own process. `stop()`
// leaves nothing behind: database, release files and cluster are gone.
import { rmSync } from "node:fs";
import path from "node:path";
import { freePort } from "../../server/free-port.ts";
import { applyMigrations } from "../../server/migrate.ts";
import { startEmbeddedPostgres } from "../../server/postgres.ts";
import { root, startStudioProcess, stopStudioProcess, type StudioProcess } from "./studio-process.ts";

export async function startThrowawayStudio(options: { folder: string; databasePrefix: string; env?: Record<string, string | undefined> }) {
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(root, options.folder) });
  const database = `${options.databasePrefix}_${Date.now()}`;
  await cluster.createDatabase(database);
  const databaseUrl = cluster.urlFor(database);
  await applyMigrations(databaseUrl);
  // The caller's own queries (app/lib/db.server.ts) reach the same database.
  process.env.DATABASE_URL = databaseUrl;
  // Release files of this run, beside its cluster, gone with it.
  const dataDir = path.join(root, options.folder, database);
  process.env.DATA_DIR = dataDir;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let server: StudioProcess | undefined;

  /** `env`: more for this start (a benchmark's probe, say). */
  async function start(env: Record<string, string> = {}) {
    server = await startStudioProcess({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: baseUrl, ...options.env, ...env });
    return server;
  }

  async function stopServer() {
    if (server) await stopStudioProcess(server);
  }

  return {
    baseUrl,
    databaseUrl,
    dataDir,
    start,
    get pid() {
      return server?.child.pid ?? 0;
    },
    stopServer,
    async stop() {
      await stopServer();
      const { db } = await import("../../app/lib/db.server.ts");
      await db.$disconnect();
      await cluster.dropDatabase(database);
      await cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
