// Runs file-work.ts off the request thread: one job at a time, in a worker thread with
// a time limit (then it is ended) and a memory limit, so that a hostile
// file costs its sender a refusal and never the studio its answers (decision 0024).
// From the production build the worker is script-worker.js, bundled beside the server
// build (vite.config.ts); from the sources (the command line, the seed, the tests) it
// is script-worker.ts, loaded through tsx.
import { Worker } from "node:worker_threads";
import type { FileJob, ResultOf } from "./file-work";

export type WorkLimits = {
  /** a job still running after this is ended */
  timeMs: number;
  /** the worker's heap; beyond it the job ends */
  memoryMb: number;
  /** jobs waiting their turn; more are refused */
  maxWaiting: number;
};

export const defaultWorkLimits: WorkLimits = { timeMs: 20_000, memoryMb: 512, maxWaiting: 8 };

/** tooLong: the time limit; tooLarge: the memory limit; busy: too many files waiting. */
export type WorkFailure = "tooLong" | "tooLarge" | "busy";
export type WorkOutcome<J extends FileJob> = { ok: true; result: ResultOf<J> } | { ok: false; problem: WorkFailure };

const fromSources = import.meta.url.endsWith(".ts");
const IDLE_MS = 10_000;
let queue: Promise<unknown> = Promise.resolve();
let waiting = 0;

export async function runInWorker<J extends FileJob>(job: J, limits: Partial<WorkLimits> = {}): Promise<WorkOutcome<J>> {
  const chosen = { ...defaultWorkLimits, ...limits };
  if (waiting >= chosen.maxWaiting) return { ok: false, problem: "busy" };
  waiting++;
  const turn = queue.then(() => runOne(job, chosen));
  queue = turn.catch(() => {});
  try {
    return await turn;
  } finally {
    waiting--;
  }
}

let worker: Worker | undefined;
/** the heap limit `worker` was started with */
let workerMemoryMb = 0;
let idle: NodeJS.Timeout | undefined;
let nextId = 0;

/** The worker stays for the next job a while (an import runs several), then ends. */
function theWorker(limits: WorkLimits): Worker {
  clearTimeout(idle);
  if (worker && workerMemoryMb === limits.memoryMb) return worker;
  void worker?.terminate();
  const started = new Worker(new URL(fromSources ? "./script-worker.ts" : "./script-worker.js", import.meta.url), {
    execArgv: fromSources ? ["--import", "tsx"] : [],
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
  });
  // Not what keeps a process alive (the command line ends when its work is done).
  started.unref();
  started.on("exit", () => {
    if (worker === started) worker = undefined;
  });
  workerMemoryMb = limits.memoryMb;
  return (worker = started);
}

function runOne<J extends FileJob>(job: J, limits: WorkLimits): Promise<WorkOutcome<J>> {
  return new Promise((resolve, reject) => {
    const w = theWorker(limits);
    const id = nextId++;
    const finish = (outcome: WorkOutcome<J> | Error, end = false) => {
      clearTimeout(timer);
      w.off("message", onMessage);
      w.off("error", onError);
      w.off("exit", onExit);
      if (end) {
        if (worker === w) worker = undefined;
        void w.terminate();
      } else {
        idle = setTimeout(() => {
          if (worker === w) worker = undefined;
          void w.terminate();
        }, IDLE_MS);
        idle.unref();
      }
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onMessage = (m: { id: number; result?: ResultOf<J>; error?: string }) => {
      if (m.id === id) finish(m.error !== undefined ? new Error(m.error) : { ok: true, result: m.result! });
    };
    const onError = (e: Error & { code?: string }) => finish(e.code === "ERR_WORKER_OUT_OF_MEMORY" ? { ok: false, problem: "tooLarge" } : e, true);
    const onExit = () => finish(new Error("the file worker stopped without an answer"), true);
    const timer = setTimeout(() => finish({ ok: false, problem: "tooLong" }, true), limits.timeMs);
    w.on("message", onMessage);
    w.on("error", onError);
    w.on("exit", onExit);
    w.postMessage({ id, job });
  });
}
