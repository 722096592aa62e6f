// Before the tests: the embedded PostgreSQL (a cluster kept in .test-data/, a
// fresh database for this run), the migrations, and Claquette itself, started
// from the production build exactly as `npm start` starts it.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../server/migrate.ts";
import { startEmbeddedPostgres, type EmbeddedCluster } from "../../server/postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    baseUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

let cluster: EmbeddedCluster | undefined;
let server: ChildProcess | undefined;
let database = "";

export async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, "../..");
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
  server = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: baseUrl, SMTP_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  server.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const started = Date.now();
  while (!output.includes("Claquette is running")) {
    if (server.exitCode !== null || Date.now() - started > 60_000) {
      throw new Error(`Claquette did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  project.provide("baseUrl", baseUrl);
}

export async function teardown() {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
  if (cluster) {
    await cluster.dropDatabase(database);
    await cluster.stop();
  }
}
