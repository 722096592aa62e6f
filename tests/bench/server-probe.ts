// Loaded into the benchmarked studio (NODE_OPTIONS=--import) to show what runs beside
// the relays: event-loop delay, garbage-collection pauses and the collaboration
// server's own work (compactions, catch-ups: diagnostics channel "claquette:collab").
// The first SIGUSR2 starts the window; the second writes the figures to
// CLAQUETTE_PROBE_FILE as JSON.
import { subscribe } from "node:diagnostics_channel";
import { renameSync, writeFileSync } from "node:fs";
import { monitorEventLoopDelay, PerformanceObserver, performance, constants } from "node:perf_hooks";

type Pause = { at: number; ms: number; kind: string };
type Work = { at: number; ms: number; what: string };

const file = process.env.CLAQUETTE_PROBE_FILE;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const gcKinds: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
    [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
  };
  let recording = false;
  let pauses: Pause[] = [];
  let work: Work[] = [];
  /** Event-loop stalls of 20 ms or more, with when they ended (epoch ms). */
  let stalls: Work[] = [];
  const gc = new PerformanceObserver((list) => {
    if (!recording) return;
    for (const e of list.getEntries()) {
      const kind = gcKinds[((e as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind ?? -1] ?? "other";
      pauses.push({ at: performance.timeOrigin + e.startTime, ms: e.duration, kind });
    }
  });
  gc.observe({ entryTypes: ["gc"] });
  subscribe("claquette:collab", (message) => {
    if (recording) work.push({ at: Date.now(), ...(message as { ms: number; what: string }) });
  });
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    if (recording && now - last >= 25) stalls.push({ at: Date.now(), ms: now - last - 5, what: "stall" });
    last = now;
  }, 5);
  ticker.unref();
  process.on("SIGUSR2", () => {
    if (!recording) {
      recording = true;
      pauses = [];
      work = [];
      stalls = [];
      delay.reset();
      delay.enable();
      return;
    }
    recording = false;
    delay.disable();
    const ms = (ns: number) => Number((ns / 1e6).toFixed(1));
    // Written whole, then renamed: the benchmark reads it as soon as it appears.
    writeFileSync(
      `${file}.part`,
      JSON.stringify({
        eventLoopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
        gcPauses: pauses,
        collabWork: work,
        stalls,
      }),
    );
    renameSync(`${file}.part`, file);
  });
}
