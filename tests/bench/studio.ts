// A studio for benchmarks: the embedded PostgreSQL (cluster in .bench-data/, a
// fresh database per run), migrations, and Claquette started from the build as
// `npm start` starts it, in its own process so that its CPU and memory can be read.
import { readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../server/free-port.ts";
import { applyMigrations } from "../../server/migrate.ts";
import { startEmbeddedPostgres } from "../../server/postgres.ts";
import { root, startStudioProcess, stopStudioProcess, type StudioProcess } from "../support/studio-process.ts";

export async function startBenchStudio() {
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(root, ".bench-data") });
  const database = `claquette_bench_${Date.now()}`;
  await cluster.createDatabase(database);
  const databaseUrl = cluster.urlFor(database);
  await applyMigrations(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  // Release files of this run, beside its cluster, gone with it.
  const dataDir = path.join(root, ".bench-data", database);
  process.env.DATA_DIR = dataDir;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let server: StudioProcess | undefined;

  async function start(env: Record<string, string> = {}) {
    server = await startStudioProcess({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: baseUrl, ...env });
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

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** Resident memory now and at its peak, in MiB. */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kib("VmRSS") / 1024), peak: Math.round(kib("VmHWM") / 1024) };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function report(name: string, figures: Record<string, unknown>) {
  const result = { benchmark: name, at: new Date().toISOString(), machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version }, ...figures };
  mkdirSync(path.join(root, "tests/bench/results"), { recursive: true });
  const file = path.join(root, "tests/bench/results", `${name}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
  console.log(JSON.stringify(result, null, 2));
  console.log(`written to ${path.relative(root, file)}`);
}
