// The studio as `npm start` runs it: embedded PostgreSQL in its own DATA_DIR,
// migrations, the demo seeded once, a clean stop on Ctrl-C (SIGINT), a restart
// after kill -9, and a second studio refused on a data directory in use.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
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
    expect(await stopStudioProcess(third)).toBe(0);
  }, 120_000);
});
