// The job queue's start (server/jobs.ts): a job left locked by a studio that was killed runs
// again at once, but one locked by another studio process that is alive and running it is
// left to it (two machines on one database, decision 0063).
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startJobs } from "../../server/jobs";

const databaseUrl = inject("databaseUrl");
const dbName = `claquette_jobs_${Date.now()}`;
const ownUrl = (() => {
  const u = new URL(databaseUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const dataDir = path.join(os.tmpdir(), `claquette-jobs-${process.pid}`);

async function onDatabase<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

beforeAll(() => onDatabase(databaseUrl, (c) => c.query(`CREATE DATABASE ${dbName}`)));
afterAll(() => onDatabase(databaseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)));

/** A job (of a task no studio runs) locked by a worker of some other process. */
async function lockedJob() {
  return onDatabase(ownUrl, async (c) => {
    const { rows } = await c.query<{ id: string }>("SELECT id FROM graphile_worker.add_job('not-a-studio-task', '{}'::json)");
    await c.query("UPDATE graphile_worker._private_jobs SET locked_by = 'worker-elsewhere', locked_at = now() WHERE id = $1", [rows[0]!.id]);
    return rows[0]!.id;
  });
}
const lockedBy = (id: string) => onDatabase(ownUrl, async (c) => (await c.query<{ locked_by: string | null }>("SELECT locked_by FROM graphile_worker.jobs WHERE id = $1", [id])).rows[0]?.locked_by);

describe("the job queue's start", () => {
  it("leaves the jobs of another process that runs jobs, and frees those of one that is gone", async () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    // First start on this database: the queue's schema.
    await (await startJobs({ databaseUrl: ownUrl, dataDir, log })).stop();

    // Another studio is running jobs (it holds the lock a running studio holds)…
    const other = await startJobs({ databaseUrl: ownUrl, dataDir, log });
    const job = await lockedJob();
    const second = await startJobs({ databaseUrl: ownUrl, dataDir, log });
    expect(await lockedBy(job)).toBe("worker-elsewhere");
    expect(lines.join("\n")).not.toContain("released");
    await second.stop();

    // Its connection to the database lost and back (a database restart): it holds the
    // lock again, and a start after that still leaves its jobs to it.
    await onDatabase(ownUrl, (c) => c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'claquette-jobs'", [dbName]));
    const heldAgain = Date.now() + 15_000;
    while (!lines.some((l) => l.includes("is held again")) && Date.now() < heldAgain) await new Promise((r) => setTimeout(r, 100));
    const afterRestart = await startJobs({ databaseUrl: ownUrl, dataDir, log });
    expect(await lockedBy(job)).toBe("worker-elsewhere");
    expect(lines.join("\n")).not.toContain("released");
    await afterRestart.stop();

    // …then it is gone: the next start frees what it had locked.
    await other.stop();
    const third = await startJobs({ databaseUrl: ownUrl, dataDir, log });
    expect(await lockedBy(job)).toBe(null);
    expect(lines.join("\n")).toContain("1 interrupted job worker(s) released");
    await third.stop();
  }, 60_000);
});
