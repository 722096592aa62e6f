// Before the tests: the embedded PostgreSQL (a cluster kept in .test-data/, a
// fresh database for this run), the migrations, and Claquette itself, started
// from the production build exactly as `npm start` starts it.
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort } from "../../server/free-port.ts";
import { applyMigrations } from "../../server/migrate.ts";
import { startEmbeddedPostgres, type EmbeddedCluster } from "../../server/postgres.ts";
import { root, startStudioProcess, stopStudioProcess, type StudioProcess } from "./studio-process.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    baseUrl: string;
    /** everything the studio under test prints, including the mails it would send */
    serverLog: string;
    /** the studio's DATA_DIR (release files) */
    dataDir: string;
    /** the studio's process id, for tests that read its memory or children in /proc */
    studioPid: number;
  }
}

let cluster: EmbeddedCluster | undefined;
let server: StudioProcess | undefined;
let database = "";
let dataDir = "";

export async function setup(project: TestProject) {
  cluster = await startEmbeddedPostgres({ dataDir: path.join(root, ".test-data") });
  database = `claquette_test_${Date.now()}`;
  await cluster.createDatabase(database);
  const databaseUrl = cluster.urlFor(database);
  await applyMigrations(databaseUrl);
  project.provide("databaseUrl", databaseUrl);

  if (!existsSync(path.join(root, "build", "server", "index.js"))) {
    throw new Error("No production build: run `npm run build` first (npm test does).");
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const serverLog = path.join(root, ".test-data", `${database}.log`);
  dataDir = path.join(root, ".test-data", database);
  // Every test signs up from this machine's one address: the sign-up limit per address
  // is lifted here, and tests/integration/sign-up-and-vote.test.ts checks it on a studio of its own.
  const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: baseUrl, SMTP_URL: "", SIGNUP_LIMIT: "100000" };
  server = await startStudioProcess(env, serverLog);
  project.provide("serverLog", serverLog);
  project.provide("dataDir", dataDir);
  project.provide("studioPid", server.child.pid!);
  project.provide("baseUrl", baseUrl);
}

export async function teardown() {
  if (server) await stopStudioProcess(server);
  rmSync(path.join(root, ".test-data", `${database}.log`), { force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (cluster) {
    await cluster.dropDatabase(database);
    await cluster.stop();
  }
}
