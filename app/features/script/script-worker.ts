// Worker thread: runs the jobs of file-work.ts it is given, one at a time; whoever
// started it (file-worker.server.ts) ends it when it has been idle, or sooner when a
// job takes too long.
import { parentPort } from "node:worker_threads";
import { runFileJob, type FileJob } from "./file-work";

parentPort!.on("message", async ({ id, job }: { id: number; job: FileJob }) => {
  try {
    parentPort!.postMessage({ id, result: await runFileJob(job) });
  } catch (e) {
    parentPort!.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
