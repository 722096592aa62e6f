// Premiere-night benchmark of the live screenplay (issue: readers cost little).
//
//   npm run build && npm run bench:readers     (READERS=5000 WRITERS=20 SECONDS=60
//                                               OBSERVED=200 by default; on a busy
//                                               machine e.g. READERS=500 SECONDS=10)
//
// One screenplay (script:<productionId>, which visitors read live) with WRITERS signed-in
// writers, each typing about 3 characters a second at the end of an action line of their
// own for SECONDS (its caret, in presence, moving with each keystroke as the editor's
// does), and READERS anonymous read-only websocket connections (the y-websocket
// protocol, as collab-fanout.ts speaks it; readers send nothing back). Targets: p99
// delivery writer → readers ≤ 250 ms, studio RSS < 2 GiB.
//
// How delivery is timed without a Yjs document per reader: every keystroke types one
// character of its own (a CJK ideograph numbered from U+4E00, 3 bytes of UTF-8), and Yjs
// carries inserted text as UTF-8 in the update, so an observed reader scans each message
// it receives for those bytes and looks the character up in when it was typed. Only
// OBSERVED readers scan; the others just receive, in a process of their own
// (audience.ts), as an audience sits on machines of its own: the process that types and
// times is not slowed by thousands of sockets it does not measure. The observed readers
// open one after each group of silent ones, so they are spread over the order in which
// the studio sends a broadcast (the last of them are served last). A reader counts each
// character once (the first time it sees it).
//
// Addresses: visitors are counted per address (decision 0019: 1,000 per address), so
// readers connect from loopback addresses 127.0.0.2, 127.0.0.3, … (READERS_PER_ADDRESS
// each), as an audience comes from many places. File descriptors: this process holds one
// per connection (here or in the audience's process) and the studio another; Node raises its soft limit to the hard limit at
// start, so what matters is the hard `ulimit -Hn`: the script reads its own limit and
// stops with a message when READERS + WRITERS would not fit.
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { AudienceGroup, AudienceOpen, AudienceTotals } from "./audience.ts";
import { openReaderSocket } from "./reader-socket.ts";
import { cpuSeconds, memoryMiB, percentile, report, startBenchStudio } from "./studio.ts";

const READERS = Number(process.env.READERS ?? 5000);
const WRITERS = Number(process.env.WRITERS ?? 20);
const SECONDS = Number(process.env.SECONDS ?? 60);
const OBSERVED = Math.min(READERS, Number(process.env.OBSERVED ?? 200));
const READERS_PER_ADDRESS = Number(process.env.READERS_PER_ADDRESS ?? 900);
const CHARS_PER_SECOND = 3;
/** Readers opening at once: enough to be quick, few enough not to look like a flood. */
const OPENING_AT_ONCE = 50;

const openFilesLimit = Number(/Max open files\s+(\d+)/.exec(readFileSync("/proc/self/limits", "utf8"))?.[1] ?? Infinity);
if (READERS + WRITERS + 200 > openFilesLimit) {
  console.error(`${READERS} readers need about ${READERS + WRITERS + 200} open files here, the limit is ${openFilesLimit}: raise it (ulimit -n) or lower READERS.`);
  process.exit(1);
}

const studio = await startBenchStudio();
const closers: (() => unknown)[] = [];
try {
  const { db } = await import("../../app/lib/db.server.ts");
  const { createSession } = await import("../../app/features/auth/session.server.ts");
  const { importFountain, scriptDocName } = await import("../../app/features/script/script.server.ts");
  const { resolveDocument } = await import("../../app/features/collab/store.server.ts");
  const { FRAGMENT } = await import("../../app/features/collab/content.ts");

  const stamp = Date.now().toString(36);
  const writers: { id: string; cookie: string }[] = [];
  for (let i = 0; i < WRITERS; i++) {
    const u = await db.user.create({ data: { handle: `premiere${stamp}${i}`, displayName: `Writer ${i}`, email: `premiere${stamp}${i}@bench.invalid`, passwordHash: "!" } });
    writers.push({ id: u.id, cookie: `claquette_session=${(await createSession(u.id, "bench")).token}` });
  }
  const production = await db.production.create({
    data: {
      slug: `premiere-${stamp}`,
      title: "Premiere night",
      licence: "CC-BY-SA-4.0",
      createdById: writers[0]!.id,
      memberships: { createMany: { data: writers.map((w, i) => ({ userId: w.id, role: i === 0 ? ("producer" as const) : ("crew" as const) })) } },
    },
  });
  const docName = scriptDocName(production.id);
  const info = await resolveDocument(docName);
  if (!info) throw new Error(`no document ${docName}`);
  // One action line per writer, each writer types at the end of their own.
  const fountain = ["INT. CINEMA - NIGHT", ...writers.map((_, i) => `Writer ${i} watches the screen.`)].join("\n\n") + "\n";
  const imported = await importFountain(info, fountain, writers[0]!.id, "premiere.fountain");
  if (!imported.ok) throw new Error(`import failed: ${imported.problem}`);

  await studio.start();
  const pid = studio.pid;
  const wsBase = studio.baseUrl.replace(/^http/, "ws");

  // ─── writers: real Yjs clients ────────────────────────────────────────────
  const socketClass = (cookie: string) =>
    class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { Origin: studio.baseUrl, Cookie: cookie }, perMessageDeflate: false });
      }
    };
  type Writer = { provider: WebsocketProvider; doc: Y.Doc; text?: Y.XmlText; timer?: ReturnType<typeof setTimeout> };
  const typists: Writer[] = writers.map((w) => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${wsBase}/collab`, docName, doc, {
      WebSocketPolyfill: socketClass(w.cookie) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    return { provider, doc };
  });
  closers.push(() => {
    for (const t of typists) {
      clearTimeout(t.timer);
      t.provider.destroy();
    }
  });
  for (const until = Date.now() + 60_000; !typists.every((t) => t.provider.synced); ) {
    if (Date.now() > until) throw new Error("the writers never synced");
    await new Promise((r) => setTimeout(r, 50));
  }
  const actions = (doc: Y.Doc) =>
    doc
      .getXmlFragment(FRAGMENT)
      .toArray()
      .flatMap((n) => (n instanceof Y.XmlElement && n.nodeName === "sceneBlock" ? n.toArray() : [n]))
      .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === "action");
  typists.forEach((t, i) => {
    const line = actions(t.doc)[i];
    t.text = line?.toArray().find((n): n is Y.XmlText => n instanceof Y.XmlText);
    if (!t.text) throw new Error(`writer ${i} has no action line to type in`);
  });

  // ─── readers: raw sockets, observed ones scan for the typed characters ────
  /** performance.now() when each character (by code point) was typed. */
  const typedAt = new Map<number, number>();
  const latencies: number[] = [];
  let messages = 0;
  let bytes = 0;
  const refused: Record<string, number> = {};
  const closes: Record<string, number> = {};
  let typing = false;

  function scan(data: Buffer, seen: Set<number>) {
    const now = performance.now();
    // U+4E00…U+9FFF in UTF-8: E4…E9, then two continuation bytes.
    for (let i = 0; i + 2 < data.length; i++) {
      const b = data[i]!;
      if (b < 0xe4 || b > 0xe9) continue;
      const b1 = data[i + 1]!;
      const b2 = data[i + 2]!;
      if ((b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80) continue;
      const code = ((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      const at = typedAt.get(code);
      if (at !== undefined && !seen.has(code)) {
        seen.add(code);
        latencies.push(now - at);
      }
      i += 2;
    }
  }

  // The silent readers in a process of their own (audience.ts), the observed ones here,
  // one after each group of silent ones: spread over the order a broadcast is sent in.
  const silent = READERS - OBSERVED;
  const tally = { refused, closes };
  function openReader(n: number) {
    const seen = new Set<number>();
    return openReaderSocket(`${wsBase}/collab/${docName}`, studio.baseUrl, `127.0.0.${2 + Math.floor(n / READERS_PER_ADDRESS)}`, tally, () => typing, (data) => {
      if (!typing) return;
      messages++;
      bytes += data.length;
      scan(data, seen);
    });
  }

  console.log(`opening ${READERS} readers (${silent} silent ones in a process of their own)…`);
  const openingStarted = performance.now();
  const audience = fork(new URL("./audience.ts", import.meta.url), [], { execArgv: ["--disable-warning=ExperimentalWarning", "--import", "tsx"] });
  closers.push(() => audience.kill());
  const audienceMessage = <T extends { t: string }>(t: T["t"]) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: T) => {
        if (m.t !== t) return;
        audience.off("message", onMessage);
        audience.off("exit", onExit);
        resolve(m);
      };
      const onExit = (code: number | null) => {
        audience.off("message", onMessage);
        reject(new Error(`the audience process ended (${code})`));
      };
      audience.on("message", onMessage);
      audience.once("exit", onExit);
    });
  const readers: WebSocket[] = [];
  let silentOpen = 0;
  let silentRefused: Record<string, number> = {};
  const groupSize = Math.ceil(silent / Math.max(1, OBSERVED));
  for (let observed = 0, first = 0; observed < OBSERVED || first < silent; observed++) {
    const count = Math.min(groupSize, silent - first);
    if (count > 0) {
      const opened = audienceMessage<AudienceOpen>("open");
      audience.send({ url: `${wsBase}/collab/${docName}`, origin: studio.baseUrl, first, count, perAddress: READERS_PER_ADDRESS, atOnce: OPENING_AT_ONCE } satisfies AudienceGroup);
      ({ open: silentOpen, refused: silentRefused } = await opened);
      first += count;
    }
    if (observed < OBSERVED) {
      const ws = await openReader(silent + observed);
      if (ws) readers.push(ws);
    }
  }
  for (const [why, n] of Object.entries(silentRefused)) refused[why] = (refused[why] ?? 0) + n;
  closers.push(() => readers.forEach((ws) => ws.terminate()));
  const readersOpen = silentOpen + readers.length;
  const openingSeconds = (performance.now() - openingStarted) / 1000;
  const idle = memoryMiB(pid);
  console.log(`${readersOpen} readers open in ${openingSeconds.toFixed(1)} s; studio RSS ${idle.rss} MiB. ${WRITERS} writers type for ${SECONDS} s…`);

  // ─── typing ───────────────────────────────────────────────────────────────
  let next = 0;
  const cpuBefore = cpuSeconds(pid);
  const benchCpuBefore = process.cpuUsage();
  const benchDelay = monitorEventLoopDelay({ resolution: 5 });
  benchDelay.enable();
  audience.send("count");
  typing = true;
  const started = performance.now();
  for (const t of typists) {
    const tick = () => {
      if (performance.now() - started > SECONDS * 1000) return;
      // One ideograph of its own per keystroke (wrapping after 20,992: long delivered by then).
      const code = 0x4e00 + (next++ % 0x5200);
      typedAt.set(code, performance.now());
      t.text!.insert(t.text!.length, String.fromCodePoint(code));
      // As in the editor, the writer's caret moves with each keystroke (presence).
      const caret = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(t.text!, t.text!.length));
      t.provider.awareness.setLocalStateField("cursor", { anchor: caret, head: caret });
      t.timer = setTimeout(tick, (1000 / CHARS_PER_SECOND) * (0.5 + Math.random()));
    };
    t.timer = setTimeout(tick, Math.random() * 1000);
  }
  await new Promise((r) => setTimeout(r, SECONDS * 1000 + 2000));
  typing = false;
  benchDelay.disable();
  const audienceTotals = audienceMessage<AudienceTotals>("totals");
  audience.send("stop");
  const heard = await audienceTotals;
  const cpuAfter = cpuSeconds(pid);
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const memory = memoryMiB(pid);
  const stillOpen = readers.filter((ws) => ws.readyState === ws.OPEN).length + heard.stillOpen;
  for (const [code, n] of Object.entries(heard.closes)) closes[code] = (closes[code] ?? 0) + n;
  const writersOpen = typists.filter((t) => t.provider.wsconnected).length;

  latencies.sort((a, b) => a - b);
  const ms = (n: number) => Number(n.toFixed(1));
  const expected = next * OBSERVED;
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);
  report("collab-readers", {
    setup: { readers: READERS, observedReaders: OBSERVED, writers: WRITERS, seconds: SECONDS, charsPerSecondPerWriter: CHARS_PER_SECOND, readersPerAddress: READERS_PER_ADDRESS, openFilesLimit },
    loadAverage: load,
    readersOpen,
    openingSeconds: ms(openingSeconds),
    refused,
    // Fewer than typed on schedule when this process is starved of CPU (its timers run late).
    keystrokes: { typed: next, onSchedule: Math.round(WRITERS * CHARS_PER_SECOND * SECONDS) },
    delivery: {
      // Every observed reader should see every keystroke once: fewer samples means lost or late ones.
      samples: latencies.length,
      expected,
      p50Ms: ms(percentile(latencies, 50)),
      p90Ms: ms(percentile(latencies, 90)),
      p99Ms: ms(percentile(latencies, 99)),
      maxMs: ms(latencies.at(-1) ?? NaN),
    },
    // Messages per reader against keystrokes shows how much the studio batched its broadcasts.
    readersReceived: { messages: messages + heard.messages, perReader: ms((messages + heard.messages) / Math.max(1, readersOpen)), MiB: ms((bytes + heard.bytes) / 2 ** 20) },
    server: {
      cpuSeconds: ms(cpuAfter - cpuBefore),
      cpuPercentOfOneCore: Math.round(((cpuAfter - cpuBefore) / SECONDS) * 100),
      rssMiBIdle: idle.rss,
      rssMiBAtEnd: memory.rss,
      peakRssMiB: memory.peak,
    },
    // A busy bench process delays receives too: this is its own share of the latency.
    benchProcess: {
      cpuSeconds: ms((benchCpu.user + benchCpu.system) / 1e6),
      eventLoopDelayMs: { p50: ms(benchDelay.percentile(50) / 1e6), p99: ms(benchDelay.percentile(99) / 1e6), max: ms(benchDelay.max / 1e6) },
    },
    // The silent readers' process (opening them included).
    audienceProcess: { readers: silentOpen, cpuSeconds: ms(heard.cpuSeconds) },
    closedDuringRun: { readers: readersOpen - stillOpen, writers: WRITERS - writersOpen, byCode: closes },
    targets: { p99Ms: 250, rssMiB: 2048 },
  });
} finally {
  for (const close of closers) close();
  await studio.stop();
}
process.exit(0);
