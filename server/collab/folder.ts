// Runs foldUpdates in a worker thread (fold-worker.mjs), one fold at a time.
import { Worker } from "node:worker_threads";
import type { Fold } from "../../app/features/collab/content.ts";

export function createFolder(): { fold: Fold; close(): Promise<void> } {
  const worker = new Worker(new URL("./fold-worker.mjs", import.meta.url), { execArgv: [] });
  worker.unref();
  let next = 0;
  const waiting = new Map<number, { resolve(v: Uint8Array): void; reject(e: Error): void }>();
  worker.on("message", ({ id, folded, error }: { id: number; folded?: Uint8Array; error?: string }) => {
    const w = waiting.get(id);
    waiting.delete(id);
    if (error || !folded) w?.reject(new Error(error ?? "fold failed"));
    else w?.resolve(folded);
  });
  worker.on("error", (e) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  });
  return {
    fold(state, updates) {
      const id = next++;
      return new Promise<Uint8Array>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, state: state ?? null, updates });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
