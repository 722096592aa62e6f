// PostgreSQL closes connections the studio holds idle: a restart or a failover of the
// database, an administrator, a pooler or a firewall that drops quiet connections. The
// studio must not stop for it: the next request opens a new connection.
import { afterAll, describe, expect, inject, it } from "vitest";
import { db } from "~/lib/db.server";
import { freePort } from "../../server/free-port.ts";
import { startStudioProcess, type StudioProcess } from "../support/studio-process";

const studios: StudioProcess[] = [];

afterAll(() => {
  for (const s of studios) if (s.child.exitCode === null) s.child.kill("SIGKILL");
});

describe("connections the database closes", () => {
  it("do not stop the studio: its pages and health answer again at once", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // Connections that do not name themselves take this name (libpq's PGAPPNAME), so that
    // only this studio's are closed, not those of the others the tests run.
    const appName = `claquette-closed-${process.pid}`;
    const studio = await startStudioProcess({ DATABASE_URL: inject("databaseUrl"), PORT: String(port), PUBLIC_URL: base, HOST: "127.0.0.1", PGAPPNAME: appName });
    studios.push(studio);

    // Every pool has an idle connection: the health check's, the pages' (an anonymous
    // page read from the database, then its next scheduled change), the queries'.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/explore`)).status).toBe(200);
    const idle = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${appName} AND state = 'idle'`;
    expect(idle[0]!.n).toBeGreaterThanOrEqual(2);

    await db.$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${appName}`;
    await new Promise((r) => setTimeout(r, 500));

    expect(studio.child.exitCode, studio.output().slice(-2000)).toBeNull();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/explore`)).status).toBe(200);
    expect((await fetch(`${base}/p/les-veilleurs`)).status).toBe(200);
    expect(studio.child.exitCode).toBeNull();
    expect(studio.output()).toContain("a database connection was closed (terminating connection due to administrator command)");
    // The job queue, given a pool that lacks these listeners, adds its own and says so at
    // every start.
    expect(studio.output()).not.toContain("doesn't have");
  });
});
