// The studio's background jobs (decision 0044): graphile-worker on the studio's own
// PostgreSQL, started by server/main.ts. Its schema (graphile_worker) is migrated on
// start; jobs are rows, so they survive a restart, and a failed one is tried again later
// and later (exponential backoff). Today it has one task: a film's web renditions.
import path from "node:path";
import { Logger, makeWorkerUtils, run, type Runner, type Task } from "graphile-worker";
import pg from "pg";

export type Jobs = { stop(): Promise<void> };

/** One job at a time: ffmpeg uses every core it has, and the studio still has pages to serve. */
const CONCURRENCY = Number(process.env.JOB_CONCURRENCY ?? 1) || 1;

export async function startJobs({ databaseUrl, dataDir, log }: { databaseUrl: string; dataDir: string; log: (line: string) => void }): Promise<Jobs> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  // A connection lost while idle (PostgreSQL restarting) is replaced on the next query, not a crash.
  pool.on("error", (e) => log(`jobs: database connection: ${e.message}`));
  const utils = await makeWorkerUtils({ pgPool: pool });
  await utils.migrate();
  // Only this process runs jobs on this database: a job still locked is one a stop
  // (kill -9, a crash, a power cut) interrupted. Free it now, not after the queue's
  // four hours, so that it runs again from the start.
  const { rows } = await pool.query<{ locked_by: string }>("SELECT DISTINCT locked_by FROM graphile_worker.jobs WHERE locked_by IS NOT NULL");
  if (rows.length) {
    await utils.forceUnlockWorkers(rows.map((r) => r.locked_by));
    log(`jobs: ${rows.length} interrupted job worker(s) released, their jobs run again`);
  }
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
      await runner.stop();
      await pool.end();
    },
  };
}
