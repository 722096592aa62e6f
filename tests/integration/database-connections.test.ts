// PostgreSQL closes connections the studio holds, or is gone for a while: a restart or a
// failover of the database, an administrator, a pooler or a firewall that drops quiet
// connections. The studio must not stop for it, and must lose no edit: the next request
// opens a new connection, and what was typed meanwhile is stored when the database is back.
import { afterAll, describe, expect, inject, it } from "vitest";
import { loadDocument } from "~/features/collab/store.server";
import { db } from "~/lib/db.server";
import { freePort } from "../../server/free-port.ts";
import { connect, testProduction, testUser, textOf, waitFor, write } from "../support/collab";
import { startStudioProcess, type StudioProcess } from "../support/studio-process";
import { tcpProxy } from "../support/tcp-proxy";

const studios: StudioProcess[] = [];

afterAll(() => {
  for (const s of studios) if (s.child.exitCode === null) s.child.kill("SIGKILL");
});

async function startStudio(env: Record<string, string> = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const studio = await startStudioProcess({ DATABASE_URL: inject("databaseUrl"), PORT: String(port), PUBLIC_URL: base, HOST: "127.0.0.1", ...env });
  studios.push(studio);
  return { studio, base };
}

describe("connections the database closes", () => {
  it("do not stop the studio: its pages and health answer again at once", async () => {
    // Connections that do not name themselves take this name (libpq's PGAPPNAME), so that
    // only this studio's are closed, not those of the others the tests run.
    const appName = `claquette-closed-${process.pid}`;
    const { studio, base } = await startStudio({ PGAPPNAME: appName });

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

  it("while the database is gone for a few seconds: the studio waits, then stores every line typed meanwhile", async () => {
    const direct = new URL(inject("databaseUrl"));
    const proxy = await tcpProxy({ host: direct.hostname, port: Number(direct.port) });
    const throughProxy = new URL(direct);
    throughProxy.port = String(proxy.port);
    const { studio, base } = await startStudio({ DATABASE_URL: throughProxy.href });
    try {
      const producer = await testUser("prod");
      const { notes } = await testProduction(producer);
      const writer = connect(base, notes, { cookie: producer.cookie });
      await writer.synced();
      write(writer.doc, "before the outage");
      await waitFor(async () => textOf((await loadDocument(notes)).doc).includes("before the outage"), "the first line stored");
      // As in a studio that has served a while: each pool holds a connection, and the
      // production home is in its page cache.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/explore`)).status).toBe(200);
      await fetch(`${base}/p/les-veilleurs`);
      expect((await fetch(`${base}/p/les-veilleurs`)).headers.get("x-page-cache")).toBe("hit");

      proxy.cut();
      const typed = ["typed while the database was gone, 1", "typed while the database was gone, 2"];
      for (const line of typed) {
        write(writer.doc, line);
        await new Promise((r) => setTimeout(r, 300));
      }
      // Pages that need the database say it is unavailable for a moment (503, which a
      // cache in front answers with the page it holds); the process is still there.
      expect((await fetch(`${base}/healthz`)).status).toBe(503);
      const page = await fetch(`${base}/p/les-veilleurs/decisions`);
      expect(page.status).toBe(503);
      expect(page.headers.get("retry-after")).toBe("10");
      expect(page.headers.get("cache-control") ?? "").not.toContain("public");
      // A page the studio held when it stopped hearing the database is shown meanwhile,
      // to visitors alone (no cache stores it); a signed-in visitor's is never held.
      const held = await fetch(`${base}/p/les-veilleurs`);
      expect(held.status).toBe(200);
      expect(held.headers.get("x-page-cache")).toBe("held");
      expect(held.headers.get("cache-control")).toBe("no-store");
      expect(await held.text()).toContain("Les Veilleurs");
      expect((await fetch(`${base}/p/les-veilleurs`, { headers: { Cookie: producer.cookie } })).status).toBe(503);
      await new Promise((r) => setTimeout(r, 2_000));
      expect(studio.child.exitCode, studio.output().slice(-3000)).toBeNull();

      proxy.restore();
      await waitFor(async () => (await fetch(`${base}/healthz`)).status === 200, "the health check to find the database again", 15_000);
      await waitFor(
        async () => {
          const stored = textOf((await loadDocument(notes)).doc);
          return typed.every((line) => stored.includes(line));
        },
        "every line typed during the outage, stored",
        15_000,
      );
      expect((await fetch(`${base}/p/les-veilleurs`)).status).toBe(200);
      expect(studio.child.exitCode).toBeNull();
      writer.provider.destroy();
    } finally {
      await proxy.close();
    }
  });
});
