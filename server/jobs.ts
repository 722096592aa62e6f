// The studio's background jobs (decision 0044): graphile-worker on the studio's own
// PostgreSQL, started by server/main.ts. Its schema (graphile_worker) is migrated on
// start; jobs are rows, so they survive a restart, and a failed one is tried again later
// and later (exponential backoff). Today it has one task: a film's web renditions.
import path from "node:path";
import { Logger, makeWorkerUtils, run, type Runner, type Task } from "graphile-worker";
import pg from "pg";
import { databasePool } from "../app/lib/pg-pool.server.ts";

export type Jobs = { stop(): Promise<void> };

/** The advisory lock every process running jobs holds (shared), and one starting alone takes (exclusive). */
const RUNNING_JOBS = "claquette-jobs-running";

/** One job at a time: ffmpeg uses every core it has, and the studio still has pages to serve. */
const CONCURRENCY = Number(process.env.JOB_CONCURRENCY ?? 1) || 1;

export async function startJobs({ databaseUrl, dataDir, log }: { databaseUrl: string; dataDir: string; log: (line: string) => void }): Promise<Jobs> {
  const pool = databasePool({ connectionString: databaseUrl, max: 3 }, "jobs");
  const utils = await makeWorkerUtils({ pgPool: pool });
  await utils.migrate();
  // Every studio process that runs jobs (one per machine, decision 0063) holds a shared
  // lock for as long as it lives, on a connection of its own. When no other holds it, a job
  // still locked is one a stop (kill -9, a crash, a power cut) interrupted: free it now,
  // not after the queue's four hours, so that it runs again from the start. When another
  // process runs jobs, its locked jobs may be running there: they are left alone.
  let stopped = false;
  // Unset until the first connection is made (its end before then is the start's failure).
  let running: pg.Client | undefined;
  const connectRunning = async () => {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: "claquette-jobs" });
    client.on("error", (e) => log(`jobs: the connection that says this process runs jobs: ${e.message}`));
    // Lost (the database restarted), the lock is gone with it: another process starting
    // now would take this one's jobs for interrupted ones. Taken again as soon as can be.
    client.on("end", () => {
      if (!stopped && running && client === running) void holdAgain();
    });
    await client.connect();
    return client;
  };
  const holdAgain = async () => {
    for (let waitMs = 1_000; !stopped; waitMs = Math.min(waitMs * 2, 30_000)) {
      await new Promise((r) => setTimeout(r, waitMs));
      let client: pg.Client | undefined;
      try {
        client = await connectRunning();
        await client.query("SELECT pg_advisory_lock_shared(hashtext($1))", [RUNNING_JOBS]);
        if (stopped) return void client.end().catch(() => {});
        running = client;
        log("jobs: the lock that says this process runs jobs is held again");
        return;
      } catch {
        await client?.end().catch(() => {});
      }
    }
  };
  running = await connectRunning();
  const { rows: tried } = await running.query<{ alone: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS alone", [RUNNING_JOBS]);
  const alone = tried[0]?.alone === true;
  if (alone) {
    const { rows } = await pool.query<{ locked_by: string }>("SELECT DISTINCT locked_by FROM graphile_worker.jobs WHERE locked_by IS NOT NULL");
    if (rows.length) {
      await utils.forceUnlockWorkers(rows.map((r) => r.locked_by));
      log(`jobs: ${rows.length} interrupted job worker(s) released, their jobs run again`);
    }
  }
  // Waits, if another process is releasing jobs just now, until it has.
  await running.query("SELECT pg_advisory_lock_shared(hashtext($1))", [RUNNING_JOBS]);
  if (alone) await running.query("SELECT pg_advisory_unlock(hashtext($1))", [RUNNING_JOBS]);
  await utils.release();

  const { makeRenditions, RENDITIONS_TASK } = await import("../app/features/releases/renditions.server.ts");
  const workDirectory = path.join(dataDir, "cache", "renditions");
  const renditions: Task = async (payload, helpers) => {
    const { fileId } = payload as { fileId: string };
    if (typeof fileId !== "string") return; // not ours: nothing to do
    await makeRenditions(fileId, { attempts: helpers.job.attempts, maxAttempts: helpers.job.max_attempts, signal: helpers.abortSignal, workDirectory });
  };
  const runner: Runner = await run({
    pgPool: pool,
    concurrency: CONCURRENCY,
    noHandleSignals: true, // main.ts stops everything in its order
    pollInterval: 2000,
    taskList: { [RENDITIONS_TASK]: renditions },
    // The queue's own chatter stays out: its warnings and errors (a failed try) reach the studio's log.
    logger: new Logger(() => (level, message) => {
      if (level === "error" || level === "warning") log(`jobs: ${message}`);
    }),
  });
  return {
    async stop() {
      stopped = true;
      await runner.stop();
      await pool.end();
      await running?.end().catch(() => {});
    },
  };
}
