// Claquette started as `npm start` starts it (server/main.ts from the build), in
// its own process: for the global test setup, the process tests and benchmarks.
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync } from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "../..");

export type StudioProcess = {
  child: ChildProcess;
  /** everything it printed so far */
  output(): string;
  /** resolves with the exit code */
  exited: Promise<number | null>;
};

/**
 * Start the studio with these environment changes (undefined removes a variable);
 * resolves once it serves. With `logFile`, everything it prints is also kept there
 * (tests read the mails a studio without SMTP prints).
 */
export async function startStudioProcess(env: Record<string, string | undefined>, logFile?: string): Promise<StudioProcess> {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: merged,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (c: Buffer) => {
    out += c.toString();
    if (logFile) appendFileSync(logFile, c);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  // Generous: on a loaded 2-core machine the first start (build import, migrations, seed) took over a minute.
  const until = Date.now() + 180_000;
  while (!out.includes("Claquette is running")) {
    if (child.exitCode !== null || Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error(`Claquette did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => out, exited };
}

/** Stop it as Ctrl-C or a service manager would, and wait for it to exit. */
export async function stopStudioProcess(studio: StudioProcess, signal: NodeJS.Signals = "SIGTERM") {
  if (studio.child.exitCode === null) studio.child.kill(signal);
  return studio.exited;
}
