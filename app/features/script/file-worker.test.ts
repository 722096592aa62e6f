// The file worker from the sources (as the command line runs it): it reads a file in
// another thread, and ends a job that takes too long or too much memory.
import { describe, expect, it } from "vitest";
import { runInWorker } from "./file-worker.server";

describe("the file worker", () => {
  it("reads a Fountain file in a worker thread", async () => {
    const text = "Title: Les Veilleurs\n\nINT. PHARE - NUIT\n\nNoor monte.\n\nNOOR\nQui est là ?\n";
    const outcome = await runInWorker({ kind: "preview", text });
    expect(outcome).toMatchObject({ ok: true, result: { ok: true, preview: { scenes: 1, characters: 1, title: "Les Veilleurs" } } });
  });

  it("ends a job past its time limit, and one past its memory limit", async () => {
    const hostile = "/*".repeat(200_000);
    expect(await runInWorker({ kind: "preview", text: hostile }, { timeMs: 200 })).toEqual({ ok: false, problem: "tooLong" });
    expect(await runInWorker({ kind: "preview", text: hostile }, { memoryMb: 8 })).toEqual({ ok: false, problem: "tooLarge" });
    // The next file is read as if nothing had happened.
    expect(await runInWorker({ kind: "preview", text: "INT. PHARE - NUIT\n\nNoor monte.\n" })).toMatchObject({ ok: true });
  });
});
