// Fan-out benchmark of the collaboration server, beside the reference server.
//
//   npm run build && npm run bench:fanout     (SECONDS=20 per run by default)
//
// Each scenario runs twice on the same machine in the same run, with the same client
// code: against Claquette (the built studio, its own process) and against the reference,
// y-websocket 1.5.4's own server (reference-server.ts, its own process). Editors type
// about 3 characters a second each for SECONDS over loopback; idle readers hold
// connections open from a worker thread of their own (fanout-readers.ts), so that a
// keystroke's delivery to the observers is not held up by this process handling the
// readers' messages (both servers are measured the same way). Measured: the latency
// from one editor's keystroke to other editors receiving it (p50/p99), the server's CPU
// and its peak resident memory; printed with Claquette's ratio to the reference and
// PASS/FAIL per target.
//
// Scenarios (SCENARIOS=light,heavy; REFERENCE=0 runs Claquette alone):
// - light: LIGHT_EDITORS (30) editors and LIGHT_READERS (90) readers on one document.
//   Target: Claquette's p99 no worse than the reference's.
// - heavy: BIG_EDITORS (200) editors on one document plus SMALL_DOCS (50) documents with
//   SMALL_EDITORS (4) editors each, and readers up to CONNECTIONS (1,000). Targets: p99
//   ≤ 50 ms; 1,000 connections under 1 GiB.
//
// Claquette commits every change before relaying it (decision 0019); the reference keeps
// documents in memory only. `breakdown` (Claquette only) shows what ran beside the relays
// (server-probe.ts, in the studio): its event-loop delay and stalls, GC pauses, group
// commits, compactions and catch-ups, this process's own event-loop delay, and how many
// samples over 50 ms had each in flight.
import { once } from "node:events";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import WebSocket from "ws";
import * as Y from "yjs";
import { FRAGMENT } from "../../app/features/collab/content.ts";
import { decodeMessage, updateMessage, type Incoming } from "../../server/collab/protocol.ts";
import type { ReadersData, ReadersOpen, ReadersReport } from "./fanout-readers.ts";
import { startReferenceServer } from "./reference-server.ts";
import { cpuSeconds, memoryMiB, percentile, report, startBenchStudio } from "./studio.ts";

const SECONDS = Number(process.env.SECONDS ?? 20);
const REFERENCE = process.env.REFERENCE !== "0";
const CHARS_PER_SECOND = 3;
/** Editors that also decode what they receive, to time it (others just receive). */
const OBSERVERS_PER_BIG_DOC = 8;
/** The heavy scenario's latency target, and its memory target for CONNECTIONS. */
const P99_TARGET_MS = 50;
const RSS_TARGET_MIB = 1024;

type Scenario = { name: string; bigEditors: number; smallDocs: number; smallEditors: number; readers: number };
const bigEditors = Number(process.env.BIG_EDITORS ?? 200);
const smallDocs = Number(process.env.SMALL_DOCS ?? 50);
const smallEditors = Number(process.env.SMALL_EDITORS ?? 4);
const allScenarios: Scenario[] = [
  { name: "light", bigEditors: Number(process.env.LIGHT_EDITORS ?? 30), smallDocs: 0, smallEditors: 0, readers: Number(process.env.LIGHT_READERS ?? 90) },
  {
    name: "heavy",
    bigEditors,
    smallDocs,
    smallEditors,
    readers: Math.max(0, Number(process.env.CONNECTIONS ?? 1000) - bigEditors - smallDocs * smallEditors),
  },
];
const wanted = (process.env.SCENARIOS ?? "light,heavy").split(",").map((s) => s.trim());
const scenarios = allScenarios.filter((s) => wanted.includes(s.name));
if (!scenarios.length) {
  console.error(`SCENARIOS names none of: ${allScenarios.map((s) => s.name).join(", ")}`);
  process.exit(1);
}

/** Where a run connects: documents (the big one first) and, for Claquette, who connects. */
type Target = {
  server: "claquette" | "reference";
  pid: number;
  wsBase: string;
  headers: Record<string, string>;
  docs: string[];
  /** one per connection, in opening order (Claquette); none for the reference */
  cookies: string[] | null;
  probeFile?: string;
};

type Client = { ws: WebSocket; doc: Y.Doc; text?: Y.XmlText };

const studio = await startBenchStudio();
// The probe (server-probe.ts) shows what runs in the studio beside the relays.
const probeFile = path.join(studio.dataDir, "probe.json");
await studio.start({ NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${path.join(import.meta.dirname, "server-probe.ts")}`.trim(), CLAQUETTE_PROBE_FILE: probeFile });
const { db } = await import("../../app/lib/db.server.ts");
const { createSession } = await import("../../app/features/auth/session.server.ts");

/** The scenario's people and documents in the studio: editors are members, readers not. */
async function claquetteTarget(scenario: Scenario): Promise<Target> {
  const editorsNeeded = scenario.bigEditors + scenario.smallDocs * scenario.smallEditors;
  const stamp = `${Date.now().toString(36)}-${scenario.name}`;
  await db.user.createMany({
    data: Array.from({ length: editorsNeeded + scenario.readers }, (_, i) => ({
      handle: `bench-${stamp}-${i}`,
      displayName: `Bench ${i}`,
      email: `bench-${stamp}-${i}@bench.invalid`,
      passwordHash: "!",
    })),
  });
  const users = await db.user.findMany({ where: { handle: { startsWith: `bench-${stamp}-` } }, select: { id: true } });
  const cookies: string[] = [];
  for (const u of users) cookies.push(`claquette_session=${(await createSession(u.id, "bench")).token}`);
  async function production(n: number, memberIds: string[]) {
    const p = await db.production.create({
      data: { slug: `bench-${stamp}-${n}`, title: `Bench ${n}`, licence: "CC-BY-SA-4.0", memberships: { createMany: { data: memberIds.map((userId) => ({ userId, role: "member" as const })) } } },
    });
    return `notes:${p.id}`;
  }
  const editorIds = users.slice(0, editorsNeeded).map((u) => u.id);
  const docs = [await production(0, editorIds.slice(0, scenario.bigEditors))];
  for (let d = 0; d < scenario.smallDocs; d++) {
    const first = scenario.bigEditors + d * scenario.smallEditors;
    docs.push(await production(d + 1, editorIds.slice(first, first + scenario.smallEditors)));
  }
  return { server: "claquette", pid: studio.pid, wsBase: `${studio.baseUrl.replace(/^http/, "ws")}/collab`, headers: { Origin: studio.baseUrl }, docs, cookies, probeFile };
}

/** One run of a scenario against one server: the same clients and typing for both. */
async function measure(target: Target, scenario: Scenario) {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  /** When each latency sample's keystroke was sent and received (performance.now()). */
  const spans: { sent: number; received: number }[] = [];
  let received = 0;
  let c = 0;

  function open(docName: string, role: "editor" | "observer"): Promise<Client> {
    const cookie = target.cookies?.[c++];
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${target.wsBase}/${docName}`, { headers: { ...target.headers, ...(cookie ? { Cookie: cookie } : {}) }, perMessageDeflate: false });
      const client: Client = { ws, doc: new Y.Doc() };
      ws.on("message", (data: Buffer) => {
        received++;
        if (role !== "observer") return;
        let message: Incoming;
        try {
          message = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        } catch {
          return; // Claquette's own signals (comments), nothing to time
        }
        if (message.type !== "update") return;
        const now = performance.now();
        for (const s of Y.decodeUpdate(message.update).structs) {
          // The reference sends a writer its own changes back: not a delivery.
          if (s.id.client === client.doc.clientID) continue;
          const t = sentAt.get(`${s.id.client}:${s.id.clock}`);
          if (t !== undefined) {
            latencies.push(now - t);
            spans.push({ sent: t, received: now });
          }
        }
      });
      ws.on("open", () => resolve(client));
      ws.on("error", reject);
      ws.on("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
  }

  const total = scenario.bigEditors + scenario.smallDocs * scenario.smallEditors + scenario.readers;
  console.log(`[${scenario.name} · ${target.server}] opening ${total} connections…`);
  const [bigDoc, ...smallDocNames] = target.docs;
  const editors: Client[] = [];
  for (let i = 0; i < scenario.bigEditors; i++) editors.push(await open(bigDoc!, i < OBSERVERS_PER_BIG_DOC ? "observer" : "editor"));
  for (const doc of smallDocNames) for (let i = 0; i < scenario.smallEditors; i++) editors.push(await open(doc, i === 0 ? "observer" : "editor"));
  const readersData: ReadersData = {
    urls: Array.from({ length: scenario.readers }, (_, i) => `${target.wsBase}/${target.docs[i % target.docs.length]!}`),
    headers: target.headers,
    // The readers' cookies come after the editors'.
    cookies: target.cookies?.slice(c) ?? null,
  };
  // Loaded through tsx too: a worker inherits this process's --import.
  const readerWorker = new Worker(new URL("./fanout-readers.ts", import.meta.url), { workerData: readersData });
  // once() rejects on the worker's error: a reader refused fails the run.
  const [{ open: readers }] = (await once(readerWorker, "message")) as [ReadersOpen];
  const pid = target.pid;
  // The studio serves every scenario: its peak memory is counted from here, not from its start.
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
  } catch {
    // not allowed here: the peak is the process's whole life's
  }
  const idle = memoryMiB(pid);
  console.log(`[${scenario.name} · ${target.server}] ${editors.length + readers} connections open; server RSS ${idle.rss} MiB. Typing for ${SECONDS} s…`);

  function keystroke(client: Client) {
    const doc = client.doc;
    const clock = Y.getState(doc.store, doc.clientID);
    let update: Uint8Array | undefined;
    const capture = (u: Uint8Array) => (update = u);
    doc.once("update", capture);
    doc.transact(() => {
      // Each editor types in a paragraph of their own, as the notes' schema has it (the
      // server refuses content outside the schema, decision 0018).
      if (!client.text) {
        const paragraph = new Y.XmlElement("paragraph");
        client.text = new Y.XmlText();
        paragraph.insert(0, [client.text]);
        doc.getXmlFragment(FRAGMENT).insert(0, [paragraph]);
      }
      client.text.insert(client.text.length, String.fromCharCode(97 + Math.floor(Math.random() * 26)));
    });
    sentAt.set(`${doc.clientID}:${clock}`, performance.now());
    client.ws.send(updateMessage(update!));
  }

  const cpuBefore = cpuSeconds(pid);
  const benchCpuBefore = process.cpuUsage();
  // This process's own event loop: a late receive here counts as latency too.
  const benchDelay = monitorEventLoopDelay({ resolution: 5 });
  benchDelay.enable();
  if (target.probeFile) process.kill(pid, "SIGUSR2");
  const started = performance.now();
  const timers = editors.map((client) => {
    // Each editor types on its own rhythm: ~3 characters a second, jittered.
    const tick = () => {
      if (performance.now() - started > SECONDS * 1000) return;
      if (client.ws.readyState === client.ws.OPEN) keystroke(client);
      handle.t = setTimeout(tick, (1000 / CHARS_PER_SECOND) * (0.5 + Math.random()));
    };
    const handle = { t: setTimeout(tick, Math.random() * 1000) };
    return handle;
  });
  await new Promise((r) => setTimeout(r, SECONDS * 1000 + 1500));
  for (const t of timers) clearTimeout(t.t);
  if (target.probeFile) process.kill(pid, "SIGUSR2");
  benchDelay.disable();
  const cpuAfter = cpuSeconds(pid);
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const memory = memoryMiB(pid);
  readerWorker.postMessage("stop");
  const [fromReaders] = (await once(readerWorker, "message")) as [ReadersReport];
  await readerWorker.terminate();
  received += fromReaders.received;
  const closed = editors.filter((cl) => cl.ws.readyState !== cl.ws.OPEN).length + fromReaders.closed;

  const breakdown = target.probeFile ? await probeBreakdown(target.probeFile, spans, benchDelay) : undefined;
  // Samples are counted up to here (the studio wrote its figures meanwhile).
  latencies.splice(spans.length);
  latencies.sort((a, b) => a - b);
  for (const cl of editors) cl.ws.terminate();
  // Let the server see them go before the next run opens its own.
  await new Promise((r) => setTimeout(r, 1000));
  return {
    keystrokes: sentAt.size,
    messagesReceivedByClients: received,
    latencyMs: { samples: latencies.length, p50: round(percentile(latencies, 50)), p90: round(percentile(latencies, 90)), p99: round(percentile(latencies, 99)), max: round(latencies.at(-1) ?? NaN) },
    server: {
      cpuSeconds: round(cpuAfter - cpuBefore),
      cpuPercentOfOneCore: Math.round(((cpuAfter - cpuBefore) / SECONDS) * 100),
      rssMiBIdle: idle.rss,
      rssMiBAtEnd: memory.rss,
      peakRssMiB: memory.peak,
    },
    benchProcessCpuSeconds: round((benchCpu.user + benchCpu.system) / 1e6),
    connectionsClosedDuringRun: closed,
    ...(breakdown ? { breakdown } : {}),
  };
}

function round(n: number) {
  return Number(n.toFixed(1));
}

// What ran in the studio at the tail: of the samples over the target, how many had a
// GC pause, a compaction, a catch-up or an event-loop stall of the studio in flight.
type Probe = {
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  gcPauses: { at: number; ms: number; kind: string }[];
  collabWork: { at: number; ms: number; what: string }[];
  stalls: { at: number; ms: number }[];
};
async function probeBreakdown(file: string, samples: { sent: number; received: number }[], benchDelay: ReturnType<typeof monitorEventLoopDelay>) {
  for (const until = Date.now() + 5000; !existsSync(file) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
  const probe: Probe | null = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
  rmSync(file, { force: true });
  function totals(items: { ms: number }[]) {
    return { count: items.length, totalMs: round(items.reduce((n, i) => n + i.ms, 0)), maxMs: round(Math.max(0, ...items.map((i) => i.ms))) };
  }
  function byKind<T extends { ms: number }>(items: T[], key: (i: T) => string) {
    const groups: Record<string, T[]> = {};
    for (const i of items) (groups[key(i)] ??= []).push(i);
    return Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, totals(v)]));
  }
  const epoch = (t: number) => performance.timeOrigin + t;
  const tail = samples.filter((s) => s.received - s.sent > P99_TARGET_MS);
  // Intervals [start, end] in epoch ms of what might have held a relay back.
  function overlapping(intervals: { start: number; end: number }[]) {
    return tail.filter((s) => intervals.some((i) => i.end >= epoch(s.sent) && i.start <= epoch(s.received))).length;
  }
  const pauses = (probe?.gcPauses ?? []).filter((p) => p.ms >= 5).map((p) => ({ start: p.at, end: p.at + p.ms }));
  const compactions = (probe?.collabWork ?? []).filter((w) => w.what === "compaction").map((w) => ({ start: w.at - w.ms, end: w.at }));
  const catchUps = (probe?.collabWork ?? []).filter((w) => w.what === "catch-up").map((w) => ({ start: w.at - w.ms, end: w.at }));
  const stalls = (probe?.stalls ?? []).map((w) => ({ start: w.at - w.ms, end: w.at }));
  const benchMs = (ns: number) => round(ns / 1e6);
  return {
    studioEventLoopDelayMs: probe?.eventLoopDelayMs ?? null,
    studioEventLoopStallsOver20Ms: totals(probe?.stalls ?? []),
    studioGcPauses: { ...totals(probe?.gcPauses ?? []), byKind: byKind(probe?.gcPauses ?? [], (p) => p.kind) },
    studioCollabWork: byKind(probe?.collabWork ?? [], (w) => w.what),
    benchEventLoopDelayMs: { p50: benchMs(benchDelay.percentile(50)), p99: benchMs(benchDelay.percentile(99)), max: benchMs(benchDelay.max) },
    tailSamplesOver50Ms: {
      count: tail.length,
      withStudioGcPauseOver5MsInFlight: overlapping(pauses),
      withStudioStallInFlight: overlapping(stalls),
      withCompactionInFlight: overlapping(compactions),
      withCatchUpInFlight: overlapping(catchUps),
    },
  };
}

type Run = Awaited<ReturnType<typeof measure>>;
const ratio = (a: number, b: number) => (b > 0 ? Number((a / b).toFixed(2)) : null);
const results = [];
const verdicts: { scenario: string; target: string; claquette: number; reference?: number; pass: boolean | null }[] = [];
const loadBefore = os.loadavg().map(round);
for (const scenario of scenarios) {
  const claquette = await measure(await claquetteTarget(scenario), scenario);
  let reference: Run | null = null;
  if (REFERENCE) {
    // A fresh reference process per scenario: it keeps every document it has seen in memory.
    const ref = await startReferenceServer();
    try {
      const docs = [`bench-${scenario.name}-0`, ...Array.from({ length: scenario.smallDocs }, (_, d) => `bench-${scenario.name}-${d + 1}`)];
      reference = await measure({ server: "reference", pid: ref.pid, wsBase: ref.wsBase, headers: {}, docs, cookies: null }, scenario);
    } finally {
      await ref.stop();
    }
  }
  const ratios = reference
    ? {
        p50: ratio(claquette.latencyMs.p50, reference.latencyMs.p50),
        p99: ratio(claquette.latencyMs.p99, reference.latencyMs.p99),
        cpuSeconds: ratio(claquette.server.cpuSeconds, reference.server.cpuSeconds),
        peakRssMiB: ratio(claquette.server.peakRssMiB, reference.server.peakRssMiB),
      }
    : null;
  if (scenario.name === "light") {
    verdicts.push({ scenario: scenario.name, target: "p99 no worse than the reference", claquette: claquette.latencyMs.p99, ...(reference ? { reference: reference.latencyMs.p99 } : {}), pass: reference ? claquette.latencyMs.p99 <= reference.latencyMs.p99 : null });
  } else {
    verdicts.push({ scenario: scenario.name, target: `p99 ≤ ${P99_TARGET_MS} ms`, claquette: claquette.latencyMs.p99, pass: claquette.latencyMs.p99 <= P99_TARGET_MS });
    verdicts.push({ scenario: scenario.name, target: `peak RSS ≤ ${RSS_TARGET_MIB} MiB`, claquette: claquette.server.peakRssMiB, pass: claquette.server.peakRssMiB <= RSS_TARGET_MIB });
  }
  const connections = scenario.bigEditors + scenario.smallDocs * scenario.smallEditors + scenario.readers;
  results.push({ scenario: scenario.name, setup: { ...scenario, connections, seconds: SECONDS, charsPerSecondPerEditor: CHARS_PER_SECOND }, claquette, reference, claquetteToReference: ratios });
}

report("collab-fanout", {
  // The machine is shared: the load around the run says how far its figures can be trusted.
  loadAverage: { before: loadBefore, after: os.loadavg().map(round) },
  reference: REFERENCE ? "y-websocket 1.5.4 bin/server.js (in memory, no persistence)" : null,
  scenarios: results,
  targets: verdicts,
});
console.log("\nscenario  server      p50 ms   p99 ms   CPU s   peak RSS MiB");
for (const r of results) {
  for (const [name, run] of [["claquette", r.claquette], ["reference", r.reference]] as const) {
    if (run) console.log(`${r.scenario.padEnd(9)} ${name.padEnd(11)} ${String(run.latencyMs.p50).padStart(6)} ${String(run.latencyMs.p99).padStart(8)} ${String(run.server.cpuSeconds).padStart(7)} ${String(run.server.peakRssMiB).padStart(14)}`);
  }
  if (r.claquetteToReference) console.log(`${r.scenario.padEnd(9)} ratio       ${String(r.claquetteToReference.p50).padStart(6)} ${String(r.claquetteToReference.p99).padStart(8)} ${String(r.claquetteToReference.cpuSeconds).padStart(7)} ${String(r.claquetteToReference.peakRssMiB).padStart(14)}`);
}
for (const v of verdicts) {
  const verdict = v.pass === null ? "SKIP (no reference run)" : v.pass ? "PASS" : "FAIL";
  console.log(`${verdict}  ${v.scenario}: ${v.target} (Claquette ${v.claquette}${v.reference !== undefined ? `, reference ${v.reference}` : ""})`);
}

await studio.stop();
process.exit(0);
