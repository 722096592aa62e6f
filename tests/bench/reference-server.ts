// The reference collaboration server for bench:fanout: y-websocket 1.5.4's own
// `bin/server.js` (setupWSConnection, documents in memory, no persistence), run unchanged
// in a process of its own so that its CPU and memory are read as the studio's are. It is
// installed as the dev dependency `y-websocket-reference` (npm:y-websocket@1.5.4): the
// app's own y-websocket is the 3.x client, which no longer ships the server.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { freePort } from "../../server/free-port.ts";

export type ReferenceServer = { pid: number; wsBase: string; stop(): Promise<void> };

export async function startReferenceServer(): Promise<ReferenceServer> {
  const packageJson = createRequire(import.meta.url).resolve("y-websocket-reference/package.json");
  const script = path.join(path.dirname(packageJson), "bin", "server.js");
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [script], {
    // No YPERSISTENCE: the reference keeps documents in memory only (its default).
    env: { PATH: process.env.PATH, HOST: "127.0.0.1", PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("running at")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`the reference server exited (${code}) before listening`)));
  });
  return {
    pid: child.pid!,
    wsBase: `ws://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
