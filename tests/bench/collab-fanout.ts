// Fan-out benchmark of the collaboration server (issue: live documents).
//
//   npm run bench:fanout            (defaults below; e.g. SECONDS=20 to shorten)
//
// 200 editors on one document plus 50 documents with 4 editors each, every editor
// typing about 3 characters a second for SECONDS over loopback, plus idle readers
// up to CONNECTIONS open connections. Measures the latency from one editor's
// keystroke to other editors receiving it (p50/p99), the server's CPU and its
// peak resident memory. Targets: p99 ≤ 50 ms; 1,000 connections under 1 GiB.
// `breakdown` shows what ran beside the relays (server-probe.ts, in the studio): its
// event-loop delay and stalls, GC pauses, group commits, compactions and catch-ups, this
// process's own event-loop delay, and how many samples over 50 ms had each in flight.
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import WebSocket from "ws";
import * as Y from "yjs";
import { FRAGMENT } from "../../app/features/collab/content.ts";
import { decodeMessage, updateMessage } from "../../server/collab/protocol.ts";
import { cpuSeconds, memoryMiB, percentile, report, startBenchStudio } from "./studio.ts";

const SECONDS = Number(process.env.SECONDS ?? 60);
const BIG_EDITORS = Number(process.env.BIG_EDITORS ?? 200);
const SMALL_DOCS = Number(process.env.SMALL_DOCS ?? 50);
const SMALL_EDITORS = Number(process.env.SMALL_EDITORS ?? 4);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 1000);
const CHARS_PER_SECOND = 3;
/** Editors that also decode what they receive, to time it (others just receive). */
const OBSERVERS_PER_BIG_DOC = 8;

const studio = await startBenchStudio();
// The probe (server-probe.ts) shows what runs in the studio beside the relays.
const probeFile = path.join(studio.dataDir, "probe.json");
await studio.start({ NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${path.join(import.meta.dirname, "server-probe.ts")}`.trim(), CLAQUETTE_PROBE_FILE: probeFile });
const { db } = await import("../../app/lib/db.server.ts");
const { createSession } = await import("../../app/features/auth/session.server.ts");

// People: made directly (they never log in by password), each with a session.
const editorsNeeded = BIG_EDITORS + SMALL_DOCS * SMALL_EDITORS;
const readersNeeded = Math.max(0, CONNECTIONS - editorsNeeded);
const stamp = Date.now().toString(36);
await db.user.createMany({
  data: Array.from({ length: editorsNeeded + readersNeeded }, (_, i) => ({
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
const bigDoc = await production(0, editorIds.slice(0, BIG_EDITORS));
const smallDocs: string[] = [];
for (let d = 0; d < SMALL_DOCS; d++) {
  smallDocs.push(await production(d + 1, editorIds.slice(BIG_EDITORS + d * SMALL_EDITORS, BIG_EDITORS + (d + 1) * SMALL_EDITORS)));
}

// Clients speak the y-websocket protocol directly: editors make real Yjs updates.
const sentAt = new Map<string, number>();
const latencies: number[] = [];
/** When each latency sample's keystroke was sent and received (performance.now()). */
const spans: { sent: number; received: number }[] = [];
let received = 0;

type Client = { ws: WebSocket; doc?: Y.Doc; text?: Y.XmlText };
const wsBase = studio.baseUrl.replace(/^http/, "ws");

function open(docName: string, cookie: string, role: "editor" | "observer" | "reader"): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsBase}/collab/${docName}`, { headers: { Origin: studio.baseUrl, Cookie: cookie }, perMessageDeflate: false });
    const client: Client = { ws };
    if (role !== "reader") client.doc = new Y.Doc();
    ws.on("message", (data: Buffer) => {
      received++;
      if (role !== "observer") return;
      const message = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (message.type !== "update") return;
      const now = performance.now();
      for (const s of Y.decodeUpdate(message.update).structs) {
        if (s.id.client === client.doc!.clientID) continue;
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

console.log(`opening ${CONNECTIONS} connections…`);
const editors: Client[] = [];
let c = 0;
for (let i = 0; i < BIG_EDITORS; i++) editors.push(await open(bigDoc, cookies[c++]!, i < OBSERVERS_PER_BIG_DOC ? "observer" : "editor"));
for (const doc of smallDocs) for (let i = 0; i < SMALL_EDITORS; i++) editors.push(await open(doc, cookies[c++]!, i === 0 ? "observer" : "editor"));
const readers: Client[] = [];
const allDocs = [bigDoc, ...smallDocs];
for (let i = 0; i < readersNeeded; i++) readers.push(await open(allDocs[i % allDocs.length]!, cookies[c++]!, "reader"));
const pid = studio.pid;
const idle = memoryMiB(pid);
console.log(`${editors.length + readers.length} connections open; server RSS ${idle.rss} MiB. Typing for ${SECONDS} s…`);

function keystroke(client: Client) {
  const doc = client.doc!;
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
process.kill(pid, "SIGUSR2");
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
process.kill(pid, "SIGUSR2");
benchDelay.disable();
const cpuAfter = cpuSeconds(pid);
const benchCpu = process.cpuUsage(benchCpuBefore);
const memory = memoryMiB(pid);
const closed = [...editors, ...readers].filter((cl) => cl.ws.readyState !== cl.ws.OPEN).length;

// What ran in the studio at the tail: of the samples over the target, how many had a
// GC pause, a compaction, a catch-up or an event-loop stall of the studio in flight.
type Probe = {
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  gcPauses: { at: number; ms: number; kind: string }[];
  collabWork: { at: number; ms: number; what: string }[];
  stalls: { at: number; ms: number }[];
};
for (const until = Date.now() + 5000; !existsSync(probeFile) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
const probe: Probe | null = existsSync(probeFile) ? JSON.parse(readFileSync(probeFile, "utf8")) : null;
rmSync(probeFile, { force: true });
// Samples are counted up to here (the studio wrote its figures meanwhile).
const samples = spans.slice();
latencies.splice(samples.length);
latencies.sort((a, b) => a - b);
const round = (n: number) => Number(n.toFixed(1));
function totals(items: { ms: number }[]) {
  return { count: items.length, totalMs: round(items.reduce((n, i) => n + i.ms, 0)), maxMs: round(Math.max(0, ...items.map((i) => i.ms))) };
}
function byKind<T extends { ms: number }>(items: T[], key: (i: T) => string) {
  const groups: Record<string, T[]> = {};
  for (const i of items) (groups[key(i)] ??= []).push(i);
  return Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, totals(v)]));
}
const epoch = (t: number) => performance.timeOrigin + t;
const tail = samples.filter((s) => s.received - s.sent > 50);
// Intervals [start, end] in epoch ms of what might have held a relay back.
function overlapping(intervals: { start: number; end: number }[]) {
  return tail.filter((s) => intervals.some((i) => i.end >= epoch(s.sent) && i.start <= epoch(s.received))).length;
}
const pauses = (probe?.gcPauses ?? []).filter((p) => p.ms >= 5).map((p) => ({ start: p.at, end: p.at + p.ms }));
const compactions = (probe?.collabWork ?? []).filter((w) => w.what === "compaction").map((w) => ({ start: w.at - w.ms, end: w.at }));
const catchUps = (probe?.collabWork ?? []).filter((w) => w.what === "catch-up").map((w) => ({ start: w.at - w.ms, end: w.at }));
const stalls = (probe?.stalls ?? []).map((w) => ({ start: w.at - w.ms, end: w.at }));
const benchMs = (ns: number) => round(ns / 1e6);
const breakdown = {
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
const keystrokes = sentAt.size;
report("collab-fanout", {
  setup: { bigDocEditors: BIG_EDITORS, smallDocs: SMALL_DOCS, smallDocEditors: SMALL_EDITORS, readers: readersNeeded, connections: editors.length + readers.length, seconds: SECONDS, charsPerSecondPerEditor: CHARS_PER_SECOND },
  keystrokes,
  messagesReceivedByClients: received,
  latencyMs: {
    samples: latencies.length,
    p50: Number(percentile(latencies, 50).toFixed(1)),
    p90: Number(percentile(latencies, 90).toFixed(1)),
    p99: Number(percentile(latencies, 99).toFixed(1)),
    max: Number((latencies.at(-1) ?? NaN).toFixed(1)),
  },
  server: {
    cpuSeconds: Number((cpuAfter - cpuBefore).toFixed(1)),
    cpuPercentOfOneCore: Math.round(((cpuAfter - cpuBefore) / SECONDS) * 100),
    rssMiBIdle: idle.rss,
    rssMiBAtEnd: memory.rss,
    peakRssMiB: memory.peak,
  },
  benchProcessCpuSeconds: Number(((benchCpu.user + benchCpu.system) / 1e6).toFixed(1)),
  connectionsClosedDuringRun: closed,
  breakdown,
  targets: { p99Ms: 50, connections: 1000, rssMiB: 1024 },
});

for (const cl of [...editors, ...readers]) cl.ws.terminate();
await studio.stop();
process.exit(0);
