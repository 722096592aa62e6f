// The studio as `npm start` runs it: embedded PostgreSQL in its own DATA_DIR,
// migrations, the demo seeded once, a clean stop on Ctrl-C (SIGINT), a restart
// after kill -9, a second studio refused on a data directory in use, and several
// processes serving on one port (PROCESSES).
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../server/free-port.ts";
import { root, startStudioProcess, stopStudioProcess, type StudioProcess } from "../support/studio-process.ts";

const dataDir = path.join(os.tmpdir(), `claquette-studio-test-${process.pid}`);
const studios: StudioProcess[] = [];

async function startStudio(port: number) {
  // As `npm start` runs it: no DATABASE_URL, an embedded PostgreSQL in DATA_DIR.
  const studio = await startStudioProcess({ PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: undefined, DATABASE_URL: undefined, SMTP_URL: undefined });
  studios.push(studio);
  return studio;
}

/** The processes a studio started to serve beside it. */
function servingBeside(pid: number): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1]!.split(" ");
        return Number(stat[1]) === pid && readFileSync(`/proc/${d}/cmdline`, "utf8").includes("--serving-only");
      } catch {
        return false; // ended meanwhile
      }
    })
    .map(Number);
}

/** CPU time a process has used (user + system), in clock ticks. */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/** A GET on a connection of its own (no keep-alive pool), so that the kernel chooses the process. */
function getOnNewConnection(port: number, pathname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: "127.0.0.1", port, path: pathname, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    }).on("error", (e) => reject(new Error(`${pathname}: ${e.message}`)));
  });
}

afterAll(async () => {
  for (const s of studios) if (s.child.exitCode === null) s.child.kill("SIGKILL");
  // An orphaned PostgreSQL from the kill -9 case is stopped by the last start; remove its files.
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe("the studio process", () => {
  it("starts on an embedded PostgreSQL, seeds the demo once, stops cleanly, survives kill -9", async () => {
    const port = await freePort();
    const first = await startStudio(port);
    expect(first.output()).toContain(`Claquette is running at http://localhost:${port}`);
    expect(first.output()).toContain("seeded the demo production");
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    // Started with the tests' NODE_ENV=test: React's development build (decision 0059).
    expect(await health.json()).toEqual({ status: "ok", database: "reachable", react: "development" });
    expect((await fetch(`http://127.0.0.1:${port}/p/les-veilleurs`)).status).toBe(200);

    // A second studio on the same data directory is refused while the first runs.
    const other = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "--import", "tsx", "server/main.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: "", PORT: String(await freePort()), DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let otherOut = "";
    other.stderr!.on("data", (c: Buffer) => (otherOut += c.toString()));
    const otherCode = await new Promise((r) => other.once("exit", r));
    expect(otherCode).toBe(1);
    expect(otherOut).toContain(`is using ${dataDir}`);

    // Ctrl-C: a clean stop, PostgreSQL included.
    expect(await stopStudioProcess(first, "SIGINT")).toBe(0);
    expect(first.output()).toContain("stopped");
    await expect(fs.access(path.join(dataDir, "claquette.pid"))).rejects.toThrow();

    // Again: nothing to migrate or seed; then kill -9 leaves PostgreSQL orphaned…
    const second = await startStudio(port);
    expect(second.output()).not.toContain("seeded the demo production");
    second.child.kill("SIGKILL");
    await second.exited;

    // …and the next start takes over and carries on with the same data.
    const third = await startStudio(port);
    expect(third.output()).toContain("stopping a PostgreSQL left running by an earlier Claquette");
    expect((await fetch(`http://127.0.0.1:${port}/p/les-veilleurs`)).status).toBe(200);

    // Its PostgreSQL killed under it (the kernel's out-of-memory killer, say): the studio
    // starts it again, and serves from the same data.
    const postmaster = Number(readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(postmaster, "SIGKILL");
    const until = Date.now() + 60_000;
    let status = 0;
    while (Date.now() < until && status !== 200) {
      await new Promise((r) => setTimeout(r, 500));
      status = (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
    }
    expect(status, third.output().slice(-2000)).toBe(200);
    expect(third.output()).toContain("PostgreSQL stopped unexpectedly");
    expect((await fetch(`http://127.0.0.1:${port}/p/les-veilleurs`)).status).toBe(200);
    expect(await stopStudioProcess(third)).toBe(0);
  }, 180_000);

  it("serves from several processes on one port with PROCESSES, replaces one that dies, and stops them all", async () => {
    const port = await freePort();
    const studio = await startStudioProcess({ PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: undefined, DATABASE_URL: undefined, SMTP_URL: undefined, PROCESSES: "2" });
    studios.push(studio);
    expect(studio.output()).toContain(`listening on 127.0.0.1:${port}, 2 processes`);
    const [other] = servingBeside(studio.child.pid!);
    expect(other).toBeDefined();

    // Both take requests: each new connection goes to one of them.
    const before = [cpuTicks(studio.child.pid!), cpuTicks(other!)];
    const statuses = await Promise.all(Array.from({ length: 40 }, () => getOnNewConnection(port, "/p/les-veilleurs")));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(cpuTicks(other!) - before[1]!).toBeGreaterThan(10);
    expect(cpuTicks(studio.child.pid!) - before[0]!).toBeGreaterThan(10);

    // One killed: the first keeps serving, and starts another.
    process.kill(other!, "SIGKILL");
    // Once it is gone (connections the kernel had handed to it are lost with it, as in any crash).
    await expect.poll(() => studio.output(), { timeout: 60_000 }).toContain("a serving process ended (SIGKILL); starting another");
    expect(await getOnNewConnection(port, "/healthz")).toBe(200);
    await expect.poll(() => studio.output(), { timeout: 60_000 }).toContain("a new serving process is listening");
    expect(servingBeside(studio.child.pid!)).toHaveLength(1);
    const replacement = servingBeside(studio.child.pid!)[0]!;
    expect(replacement).not.toBe(other);

    // Ctrl-C to the first stops the others first, then PostgreSQL.
    expect(await stopStudioProcess(studio, "SIGINT")).toBe(0);
    expect(studio.output()).toContain(`[claquette ${replacement}] stopped`);
    expect(() => process.kill(replacement, 0)).toThrow();
    await expect(fs.access(path.join(dataDir, "claquette.pid"))).rejects.toThrow();
  }, 180_000);
});
