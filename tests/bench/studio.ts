// A studio for benchmarks, in its own process so that its CPU and memory can be
// read, and the figures' report.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { root } from "../support/studio-process.ts";
import { startThrowawayStudio } from "../support/throwaway-studio.ts";

/** A throwaway studio in .bench-data/ (see tests/support/throwaway-studio.ts). */
export function startBenchStudio() {
  return startThrowawayStudio({ folder: ".bench-data", databasePrefix: "claquette_bench" });
}

/**
 * A bench studio started with the demo, and a member of its production (signed in by
 * `member.cookie`). The studio's modules are imported once its database is set.
 */
export async function startDemoStudioWithMember(handle: string) {
  const studio = await startBenchStudio();
  await studio.start();
  const { testUser } = await import("../support/collab.ts");
  const { join } = await import("../../app/features/productions/membership.server.ts");
  const { db } = await import("../../app/lib/db.server.ts");
  const production = await db.production.findUniqueOrThrow({ where: { slug: "les-veilleurs" } });
  const member = await testUser(handle);
  await join(production.id, member.id);
  return { studio, db, production, member };
}

/** CPU seconds (user + system) a process has used so far; with `reapedChildren`, and its children that ended. */
export function cpuSeconds(pid: number, { reapedChildren = false } = {}): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime, stime (then cutime, cstime) in clock ticks (USER_HZ = 100)
  const ticks = Number(fields[11]) + Number(fields[12]) + (reapedChildren ? Number(fields[13]) + Number(fields[14]) : 0);
  return ticks / 100;
}

/** Resident memory now and at its peak, in MiB. */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kib("VmRSS") / 1024), peak: Math.round(kib("VmHWM") / 1024) };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function report(name: string, figures: Record<string, unknown>) {
  const result = { benchmark: name, at: new Date().toISOString(), machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version }, ...figures };
  mkdirSync(path.join(root, "tests/bench/results"), { recursive: true });
  const file = path.join(root, "tests/bench/results", `${name}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
  console.log(JSON.stringify(result, null, 2));
  console.log(`written to ${path.relative(root, file)}`);
}
