// A studio for benchmarks: the embedded PostgreSQL (cluster in .bench-data/, a
// fresh database per run), migrations, and Claquette started from the build as
// `npm start` starts it, in its own process so that its CPU and memory can be read.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { applyMigrations } from "../../server/migrate.ts";
import { startEmbeddedPostgres } from "../../server/postgres.ts";

export const root = path.resolve(import.meta.dirname, "../..");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startBenchStudio() {
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(root, ".bench-data") });
  const database = `claquette_bench_${Date.now()}`;
  await cluster.createDatabase(database);
  const databaseUrl = cluster.urlFor(database);
  await applyMigrations(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;

  async function start() {
    const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "--import", "tsx", "server/main.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: baseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    const until = Date.now() + 60_000;
    while (!out.includes("Claquette is running")) {
      if (child.exitCode !== null || Date.now() > until) throw new Error(`the studio did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    server = child;
    return child;
  }

  async function stopServer() {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once("exit", r));
      server.kill("SIGTERM");
      await exited;
    }
  }

  return {
    baseUrl,
    databaseUrl,
    start,
    get pid() {
      return server?.pid ?? 0;
    },
    stopServer,
    async stop() {
      await stopServer();
      const { db } = await import("../../app/lib/db.server.ts");
      await db.$disconnect();
      await cluster.dropDatabase(database);
      await cluster.stop();
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
