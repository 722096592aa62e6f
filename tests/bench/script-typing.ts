// Typing benchmark of the live screenplay (issue: the screenplay).
//
//   npm run build && npm run bench:typing     (CHARS=200 KEY_DELAY=30 PAGES=120 by default;
//                                              TRACE_FILE=/tmp/t.json keeps the Chromium trace;
//                                              PROFILE_FILE=/tmp/p.cpuprofile keeps a CPU profile
//                                              of the page and prints where its time went;
//                                              OTHERS_TYPE=0: a baseline where the 5 others are
//                                              connected but never type, written apart)
//
// Requirement: typing in a 120-page script with 5 other live editors stays under 16 ms
// per keystroke in Chromium, measured with a performance trace.
//
// Setup. A production with a producer and 5 members; its script (script:<productionId>)
// is les-veilleurs.fountain's scenes repeated, character names and scene numbers varied,
// until scriptReport() counts at least PAGES pages, imported as an import would. The 5
// members are real y-websocket clients in this process (WebsocketProvider over ws, with
// their session cookie): each types 1–3 characters every 150–300 ms at the end of its own
// dialogue line (at 10 %, 30 %, 70 %, 90 % of the script's dialogue lines, and one 3
// dialogue lines below the producer's line, so that one caret and its edits are on screen), and
// moves its awareness caret there after each edit (y-tiptap's `cursor` field: relative
// positions as JSON). Rhythm and letters come from a seeded generator.
// Chromium (Debian's, headless, launched as the end-to-end tests launch it, 1280×900)
// opens /p/<slug>/script signed in as the producer, waits for "Connected: your changes
// are shared as you type." and for the editor to lay out all pages (its page count and
// its page markers). The members then start typing. With them typing, the producer
// clicks at the end of 5 dialogue lines near the middle, one after the other, and we
// check where the caret is 300 ms later (`clicksWhoseCaretWasMovedBack`: see the report).
// Then the members pause, she clicks at the end of the middle dialogue line of the script
// (`p.sp-dialogue`, the middle one) and presses End; the members resume; after 1 s she
// types 9 warm-up characters (not measured), then CHARS characters with
// `page.keyboard.type(…, { delay: KEY_DELAY })` (each key: down, KEY_DELAY ms, up) while
// a trace records the categories devtools.timeline and disabled-by-default-devtools.timeline.
//
// What "the cost of a keystroke" is, exactly (all on the page renderer's main thread,
// CrRendererMain, the process whose main thread dispatched the keydowns):
// - A task is a top-level `RunTask` trace event (everything the thread did for one
//   scheduler task: event handlers, microtasks run after them — ProseMirror's DOM
//   observer, the Yjs transaction, y-websocket's send, React updates —, forced style and
//   layout, garbage collection that happened in it).
// - Keystroke i owns the window [start of the task that dispatched its keydown, start of
//   the task that dispatched keydown i+1) (the last one: the next 200 ms).
// - Its input cost is the full duration of every task in its window that dispatched one
//   of its key events: EventDispatch of keydown, keypress, beforeinput, textInput, input,
//   keyup, and the selectionchange the caret move causes.
// - Its frame cost is the full duration of the first rendering task in its window that
//   starts after the task which inserted the character (the one with textInput/input, or
//   keypress): a rendering task is one holding any of UpdateLayoutTree, Layout, PrePaint,
//   Paint, Layerize, Commit, UpdateLayer (Chromium's "update the rendering": animation
//   frame callbacks, style, layout, pre-paint, paint, layerize, commit) — i.e. the frame
//   that shows the typed character. If no frame starts before the next keydown the
//   keystroke has no frame cost and is counted in `keystrokesWithoutOwnFrame`.
// - keystroke cost = input cost + frame cost (tasks never overlap). Work for remote
//   edits that runs in its own tasks is not in it, unless it is in that frame (the frame
//   renders everything dirty, remote changes too); it is reported apart: `windowBusyMs`
//   is all main-thread task time between two keydowns, whatever it was for, and
//   `longestOtherTaskMs` the longest task that was neither input nor frame.
// Cross-checks: the Event Timing API in the page (a PerformanceObserver of 'event'
// entries, durationThreshold 16, installed before the page's scripts), counting key and
// input events whose duration (input to next paint, rounded to 8 ms) exceeded 16 ms;
// and the same durations for every event, small ones too, from the trace's EventTiming
// records (per interaction: its longest event).
// Remote activity during the measured typing: characters the members typed, and the
// messages the browser's websocket received: Yjs updates holding the others' changes,
// echoes of the producer's own (the server sends merged changes to every connection),
// awareness updates.
// After the typing, members stop: `pageCatchUpMsAfterOthersStop` is how long the page then
// takes to show their lines as they have them (the backlog of remote changes it had not
// processed yet). From then on the trace goes on for 1.5 s: the longest task then is the
// editor's page layout recomputed after a pause (400 ms debounce: it never runs while
// anyone types), which a keystroke arriving at that moment would wait for.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { decodeMessage } from "../../server/collab/protocol.ts";
import { root } from "../support/studio-process.ts";
import { percentile, report, startBenchStudio } from "./studio.ts";

const CHARS = Number(process.env.CHARS ?? 200);
const KEY_DELAY = Number(process.env.KEY_DELAY ?? 30);
const PAGES = Number(process.env.PAGES ?? 120);
const EDITORS = 5;
/** OTHERS_TYPE=0: the others stay connected, carets shown, but never type (a baseline). */
const OTHERS_TYPE = process.env.OTHERS_TYPE !== "0";
const REMOTE_MIN_MS = 150;
const REMOTE_MAX_MS = 300;
const VIEWPORT = { width: 1280, height: 900 };
const connectedText = "Connected: your changes are shared as you type.";

let seed = 20261122;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

// ─── the script ────────────────────────────────────────────────────────────
const { parseFountain } = await import("../../app/features/script/fountain.ts");
let scriptReport: (script: unknown) => { pages: number };
try {
  ({ scriptReport } = (await import("../../app/features/script/reports.ts")) as unknown as { scriptReport: typeof scriptReport });
} catch (e) {
  throw new Error(`app/features/script/reports.ts is not usable yet (${(e as Error).message})`, { cause: e });
}

const source = readFileSync(path.join(root, "app/features/script/corpus/les-veilleurs.fountain"), "utf8").replace(/\r\n?/g, "\n");
const titlePage = source.slice(0, source.indexOf("\n\n") + 2);
const body = source
  .slice(titlePage.length)
  .replace(/\n*> THE END <\s*$/, "\n");
const casts = {
  NOOR: ["Noor", "Inès", "Maëlle", "Yasmina", "Clothilde", "Rosa", "Hélène", "Aïcha", "Judith"],
  BASILE: ["Basile", "Gaston", "Lucien", "Marcel", "Octave", "Firmin", "Anselme"],
  ANA: ["Ana", "Lise", "Odile", "Berthe", "Nadia", "Zoé", "Paule", "Irène"],
  BRIDE: ["Bride", "Widow", "Sister", "Aunt"],
  GROOM: ["Groom", "Brother", "Uncle", "Cousin", "Captain"],
};
let sceneCounter = 0;
function copyOf(k: number): string {
  let text = body.replace(/^# Act one$/m, `# Part ${k + 1}`);
  for (const [name, pool] of Object.entries(casts)) {
    const other = pool[k % pool.length]!;
    const capitalised = name[0] + name.slice(1).toLowerCase();
    text = text.replace(new RegExp(`\\b${name}\\b`, "g"), other.toUpperCase()).replace(new RegExp(`\\b${capitalised}\\b`, "g"), other);
  }
  return text.replace(/#\d+#/g, () => `#${++sceneCounter}#`);
}
let fountain = titlePage;
let copies = 0;
let pages = 0;
while (pages < PAGES) {
  fountain += copyOf(copies++) + "\n";
  if (copies % 4 === 0 || pages > PAGES * 0.9) pages = scriptReport(parseFountain(fountain + "> THE END <\n").script).pages;
}
fountain += "> THE END <\n";
pages = scriptReport(parseFountain(fountain).script).pages;
console.log(`script: ${copies} copies of the scenes, ${pages} pages, ${fountain.length} characters`);

// ─── studio, people, production ───────────────────────────────────────────
const studio = await startBenchStudio();
/** What to close, last opened first, whatever happens. */
const closers: (() => Promise<unknown> | unknown)[] = [];
let failed = false;
try {
  const { db } = await import("../../app/lib/db.server.ts");
  const { createSession } = await import("../../app/features/auth/session.server.ts");
  const { importFountain, scriptDocName } = await import("../../app/features/script/script.server.ts");
  const { resolveDocument } = await import("../../app/features/collab/store.server.ts");
  const { FRAGMENT } = await import("../../app/features/collab/content.ts");

  const stamp = Date.now().toString(36);
  const people = [];
  for (let i = 0; i <= EDITORS; i++) {
    const u = await db.user.create({
      data: { handle: `typist${stamp}${i}`, displayName: i === 0 ? "Producer" : `Editor ${i}`, email: `typist${stamp}${i}@bench.invalid`, passwordHash: "!" },
    });
    const s = await createSession(u.id, "bench");
    people.push({ id: u.id, token: s.token, cookie: `claquette_session=${s.token}` });
  }
  const [producer, ...members] = people as [(typeof people)[number], ...(typeof people)[number][]];
  const production = await db.production.create({
    data: {
      slug: `typing-${stamp}`,
      title: "Les Veilleurs (long)",
      licence: "CC-BY-SA-4.0",
      membersEditScript: true,
      createdById: producer.id,
      memberships: { createMany: { data: people.map((p, i) => ({ userId: p.id, role: i === 0 ? ("producer" as const) : ("member" as const) })) } },
    },
  });
  const docName = scriptDocName(production.id);
  const info = await resolveDocument(docName);
  if (!info) throw new Error(`no document ${docName}`);
  const imported = await importFountain(info, fountain, producer.id, "les-veilleurs-long.fountain");
  if (!imported.ok) throw new Error(`import failed: ${imported.problem}`);

  await studio.start();

  // ─── the five other editors ───────────────────────────────────────────────
  function socketClass(origin: string, cookie: string) {
    return class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { Origin: origin, Cookie: cookie } });
      }
    };
  }
  async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 30_000) {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  let remoteTyping = false;
  type Editor = { provider: WebsocketProvider; doc: Y.Doc; text?: Y.XmlText; typed: number; timer?: ReturnType<typeof setTimeout>; closes: number[] };
  const editors: Editor[] = members.map((m) => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${studio.baseUrl.replace(/^http/, "ws")}/collab`, docName, doc, {
      WebSocketPolyfill: socketClass(studio.baseUrl, m.cookie) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 300,
    });
    const editor: Editor = { provider, doc, typed: 0, closes: [] };
    provider.on("connection-close", (event) => {
      if (event) editor.closes.push(event.code);
    });
    return editor;
  });
  closers.push(() => {
    remoteTyping = false;
    for (const e of editors) {
      clearTimeout(e.timer);
      e.provider.destroy();
      e.doc.destroy();
    }
  });
  await waitFor(() => editors.every((e) => e.provider.synced), "the editors' sync");

  const dialogues = (doc: Y.Doc) => doc.getXmlFragment(FRAGMENT).toArray().flatMap((n) => (n instanceof Y.XmlElement && n.nodeName === "sceneBlock" ? n.toArray() : [n])).filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === "dialogue");
  const topLevel = editors[0]!.doc.getXmlFragment(FRAGMENT).toArray();
  const allDialogues = dialogues(editors[0]!.doc);
  const middle = Math.floor(allDialogues.length / 2);
  // The neighbour writes in the dialogue line 3 lines below the producer's, on screen.
  const targetIndexes = [Math.floor(allDialogues.length * 0.1), Math.floor(allDialogues.length * 0.3), middle + 3, Math.floor(allDialogues.length * 0.7), Math.floor(allDialogues.length * 0.9)];
  const lastText = (el: Y.XmlElement) => el.toArray().filter((n): n is Y.XmlText => n instanceof Y.XmlText).at(-1);
  console.log(`dialogue lines per editor: ${editors.map((e) => dialogues(e.doc).length).join(", ")}; top-level nodes: ${topLevel.length} (${[...new Set(topLevel.map((n) => (n instanceof Y.XmlElement ? n.nodeName : n.constructor.name)))].join(" ")})`);
  editors.forEach((e, i) => {
    const el = dialogues(e.doc)[targetIndexes[i]!]!;
    e.text = lastText(el);
    if (!e.text) throw new Error(`dialogue line ${targetIndexes[i]} has no text`);
    e.provider.awareness.setLocalStateField("user", { name: `Editor ${i + 1}`, color: "#1b6e3a" });
    moveCaret(e);
  });
  function moveCaret(e: Editor) {
    const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(e.text!, e.text!.length));
    e.provider.awareness.setLocalStateField("cursor", { anchor: at, head: at });
  }
  const phrase = " and the lamps hum along the quay, one by one";
  function startTyping(e: Editor) {
    const tick = () => {
      if (!remoteTyping) return;
      const n = 1 + Math.floor(random() * 3);
      let chunk = "";
      for (let k = 0; k < n; k++) chunk += phrase[(e.typed + k) % phrase.length];
      e.text!.insert(e.text!.length, chunk);
      e.typed += n;
      moveCaret(e);
      e.timer = setTimeout(tick, REMOTE_MIN_MS + random() * (REMOTE_MAX_MS - REMOTE_MIN_MS));
    };
    e.timer = setTimeout(tick, random() * REMOTE_MAX_MS);
  }

  // ─── Chromium ─────────────────────────────────────────────────────────────
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  closers.push(() => browser.close());
  const context = await browser.newContext({ locale: "en-GB", viewport: VIEWPORT, baseURL: studio.baseUrl });
  await context.addCookies([{ name: "claquette_session", value: producer.token, url: studio.baseUrl }]);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.stack ?? e.message));
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) pageErrors.push(`${r.status()} ${r.url()}`);
  });
  page.on("console", (m) => {
    // The studio has no favicon: Chromium's own request for one is not the page's error.
    if (m.location().url.endsWith("/favicon.ico")) return;
    if (m.type() === "error" || m.type() === "warning") pageErrors.push(`console.${m.type()}: ${m.text()} (${m.location().url})`);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __slowEvents: { name: string; duration: number; startTime: number; interactionId: number }[] };
    w.__slowEvents = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as PerformanceEventTiming[]) {
        w.__slowEvents.push({ name: e.name, duration: e.duration, startTime: e.startTime, interactionId: e.interactionId ?? 0 });
      }
    }).observe({ type: "event", durationThreshold: 16, buffered: true } as PerformanceObserverInit);
  });
  // What the browser's websocket receives while the producer types.
  // The server broadcasts each document's changes, merged every few milliseconds, to every
  // connection: the producer's own keystrokes come back to her too. An update message is
  // "remote" when it holds a change by one of the others (their Yjs client ids).
  const received = { remoteUpdates: 0, ownEchoes: 0, awareness: 0, other: 0, counting: false };
  const othersIds = new Set(editors.map((e) => e.doc.clientID));
  page.on("websocket", (ws) => {
    ws.on("framereceived", ({ payload }) => {
      if (!received.counting || typeof payload === "string") return;
      const message = decodeMessage(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength));
      if (message.type === "update") {
        const { structs, ds } = Y.decodeUpdate(message.update);
        const fromOthers = structs.some((st) => othersIds.has(st.id.client)) || [...ds.clients.keys()].some((c) => othersIds.has(c));
        if (fromOthers) received.remoteUpdates++;
        else received.ownEchoes++;
      } else if (message.type === "awareness") received.awareness++;
      else received.other++;
    });
  });

  const loadStarted = performance.now();
  await page.goto(`/p/${production.slug}/script`);
  const editorBox = page.getByRole("textbox", { name: "Screenplay" });
  await waitFor(async () => (await page.getByTestId("connection-state").textContent().catch(() => null)) === connectedText, "the connection status", 60_000);
  const shownPages = async () => Number(/\d+/.exec((await page.getByTestId("page-count").textContent().catch(() => "")) ?? "")?.[0] ?? 0);
  await waitFor(async () => (await shownPages()) >= pages, `${pages} pages in the editor`, 120_000);
  await waitFor(async () => (await editorBox.locator(".sp-page-marker").count()) >= pages - 1, "the page markers", 60_000);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const dialogueCount = await editorBox.locator("p.sp-dialogue").count();
  if (dialogueCount !== allDialogues.length) throw new Error(`the page shows ${dialogueCount} dialogue lines, the document has ${allDialogues.length}`);
  const carets = await page.locator(".collaboration-carets__caret").count();
  console.log(`page ready in ${loadSeconds.toFixed(1)} s: ${await shownPages()} pages, ${dialogueCount} dialogue lines, ${carets} other carets`);

  const startRemote = () => {
    if (!OTHERS_TYPE) return;
    remoteTyping = true;
    for (const e of editors) startTyping(e);
  };
  const stopRemote = () => {
    remoteTyping = false;
    for (const e of editors) clearTimeout(e.timer);
  };
  /** Where the caret is: which dialogue line, and how far from its end (-1: not in a dialogue line). */
  const caret = () =>
    editorBox.evaluate((root) => {
      const sel = getSelection();
      const node = sel?.anchorNode;
      const block = (node?.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element | null))?.closest("p");
      const lines = [...root.querySelectorAll("p.sp-dialogue")];
      const index = block ? lines.indexOf(block) : -1;
      if (!block || index < 0 || !sel) return { index: -1, fromEnd: -1, where: block?.className ?? String(node?.nodeName) };
      const range = document.createRange();
      range.selectNodeContents(block);
      range.setStart(sel.anchorNode!, sel.anchorOffset);
      return { index, fromEnd: range.toString().length, where: block.className };
    });
  /** Click at the end of a dialogue line (its last line's right edge), then End. */
  const placeCaret = async (n: number) => {
    const target = editorBox.locator("p.sp-dialogue").nth(n);
    await target.evaluate((el) => el.scrollIntoView({ block: "center" }));
    const box = (await target.boundingBox())!;
    await target.click({ position: { x: box.width - 2, y: box.height - 4 } });
    await page.keyboard.press("End");
  };

  // The others start typing. First, with them typing: does a click put the caret where it is
  // clicked? (y-prosemirror restores the selection it had when a remote change arrives
  // before the browser's selectionchange is read.) Five clicks on other lines near the middle.
  startRemote();
  await page.waitForTimeout(1000);
  const probes: { line: number; caret: Awaited<ReturnType<typeof caret>> }[] = [];
  for (let k = 0; k < 5; k++) {
    const n = middle - 10 - 2 * k;
    await placeCaret(n);
    await page.waitForTimeout(300);
    probes.push({ line: n, caret: await caret() });
  }
  const clicksLost = probes.filter((p) => p.caret.index !== p.line || p.caret.fromEnd !== 0);
  if (clicksLost.length) console.log(`with others typing, ${clicksLost.length} of ${probes.length} clicks did not leave the caret at the clicked line's end: ${JSON.stringify(clicksLost)}`);

  // For the measurement the caret must be in the middle line: placed while the others pause.
  stopRemote();
  await page.waitForTimeout(500);
  const line = editorBox.locator("p.sp-dialogue").nth(middle);
  await placeCaret(middle);
  await page.waitForTimeout(300);
  const placed = await caret();
  if (placed.index !== middle || placed.fromEnd !== 0) throw new Error(`the caret is not at the end of dialogue line ${middle}: ${JSON.stringify(placed)}`);
  startRemote();
  await page.waitForTimeout(1000);
  await page.keyboard.type(" and then", { delay: KEY_DELAY }); // warm-up, not measured
  await page.waitForTimeout(500);
  const beforeTyping = await caret();
  if (beforeTyping.index !== middle) throw new Error(`the caret left dialogue line ${middle} before the measurement: ${JSON.stringify(beforeTyping)}`);

  const typed = (
    " She counts the dark streets on her fingers, one by one, and the lamps answer with a low hum that nobody else in town seems to hear. Basile says it is the wind; Ana says nothing and keeps kneading the dough."
  )
    .repeat(Math.ceil(CHARS / 200) + 1)
    .slice(0, CHARS);
  const typedBefore = editors.map((e) => e.typed);
  // PROFILE_FILE: a CPU profile of the page while it is typed in (where the time goes).
  const profiler = process.env.PROFILE_FILE ? await page.context().newCDPSession(page) : null;
  if (profiler) {
    await profiler.send("Profiler.enable");
    await profiler.send("Profiler.setSamplingInterval", { interval: 250 });
    await profiler.send("Profiler.start");
  }
  await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
  await page.evaluate(() => {
    (window as unknown as { __typingFrom: number }).__typingFrom = performance.now();
  });
  received.counting = true;
  const typingStarted = performance.now();
  await page.keyboard.type(typed, { delay: KEY_DELAY });
  const typingSeconds = (performance.now() - typingStarted) / 1000;
  if (profiler) {
    const { profile } = await profiler.send("Profiler.stop");
    writeFileSync(process.env.PROFILE_FILE!, JSON.stringify(profile));
    printHeaviest(profile);
  }
  await page.waitForTimeout(200);
  received.counting = false;
  stopRemote();
  const remoteChars = editors.reduce((n, e, i) => n + e.typed - typedBefore[i]!, 0);
  // How far behind the page is: from the members' last keystroke until it shows all of
  // their lines as they have them (its own carets' name labels left out).
  const stoppedAt = performance.now();
  const plain = (t: Y.XmlText) => t.toDelta().map((d: { insert: unknown }) => (typeof d.insert === "string" ? d.insert : "")).join("");
  const expected = editors.map((e) => plain(e.text!));
  const caughtUp = () =>
    editorBox.evaluate(
      (root, { indexes, texts }) => {
        const lines = root.querySelectorAll("p.sp-dialogue");
        return indexes.every((n, i) => {
          const copy = lines[n]?.cloneNode(true) as HTMLElement | undefined;
          copy?.querySelectorAll(".collaboration-carets__caret").forEach((c) => c.remove());
          return copy?.textContent === texts[i];
        });
      },
      { indexes: targetIndexes, texts: expected },
    );
  await waitFor(caughtUp, "the page to show the other editors' lines", 60_000);
  const catchUpMs = performance.now() - stoppedAt;
  await page.evaluate(() => console.timeStamp("claquette:caught-up"));
  await page.waitForTimeout(1500); // the layout after a pause
  const trace = await browser.stopTracing();
  if (process.env.TRACE_FILE) writeFileSync(process.env.TRACE_FILE, trace);

  // Everyone got the producer's text; the page got everyone's.
  const fullText = (doc: Y.Doc) => dialogues(doc).map((d) => d.toString()).join("\n");
  await waitFor(() => editors.every((e) => fullText(e.doc).includes(typed)), "the producer's text at the other editors", 15_000).catch(() => {});
  const typedArrived = editors.every((e) => fullText(e.doc).includes(typed));
  const pageText = (await line.textContent()) ?? "";
  const typedInLine = pageText.includes(typed);
  if (!typedInLine || !typedArrived) {
    // Where did the keystrokes go? The line as the page shows it, and as the others have it.
    console.log(`the producer's line in the page: ${JSON.stringify(pageText.slice(0, 600))}`);
    const found = dialogues(editors[0]!.doc).map((d) => d.toString()).filter((t) => t.includes(typed.slice(1, 20)));
    console.log(`lines holding the start of the typed text at another editor: ${JSON.stringify(found.map((t) => t.slice(0, 800)))}`);
  }
  const slowEvents = await page.evaluate(() => {
    const w = window as unknown as { __slowEvents: { name: string; duration: number; startTime: number; interactionId: number }[]; __typingFrom: number };
    return w.__slowEvents.filter((e) => e.startTime >= w.__typingFrom);
  });
  const shownPagesAfter = await shownPages();

  // ─── the trace ─────────────────────────────────────────────────────────────
  type TraceEvent = { name: string; cat: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string; data?: Record<string, unknown> } };
  const parsed = JSON.parse(trace.toString("utf8")) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const keyTypes = new Set(["keydown", "keypress", "beforeinput", "textInput", "input", "keyup", "selectionchange"]);
  const renderNames = new Set(["UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "Commit", "UpdateLayer"]);

  const mainThreads = new Set(events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}/${e.tid}`));
  const firstKeydown = events.find((e) => e.name === "EventDispatch" && e.args?.data?.type === "keydown" && mainThreads.has(`${e.pid}/${e.tid}`));
  if (!firstKeydown) throw new Error("no keydown in the trace");
  const onMain = (e: TraceEvent) => e.pid === firstKeydown.pid && e.tid === firstKeydown.tid;
  const main = events.filter((e) => onMain(e) && e.ph === "X").sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));

  type Task = { ts: number; end: number; keys: Set<string>; render: boolean };
  const tasks: Task[] = [];
  for (const e of main) {
    if (e.name !== "RunTask") continue;
    const last = tasks.at(-1);
    if (last && e.ts < last.end) continue; // nested in the previous one
    tasks.push({ ts: e.ts, end: e.ts + (e.dur ?? 0), keys: new Set(), render: false });
  }
  const taskAt = (ts: number) => {
    let lo = 0;
    let hi = tasks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (tasks[mid]!.end < ts) lo = mid + 1;
      else if (tasks[mid]!.ts > ts) hi = mid - 1;
      else return mid;
    }
    return -1;
  };
  const keydownTasks: number[] = [];
  for (const e of main) {
    const i = taskAt(e.ts);
    if (i < 0) continue;
    if (e.name === "EventDispatch" && keyTypes.has(String(e.args?.data?.type))) {
      const type = String(e.args!.data!.type);
      tasks[i]!.keys.add(type);
      if (type === "keydown" && keydownTasks.at(-1) !== i) keydownTasks.push(i);
    } else if (renderNames.has(e.name)) tasks[i]!.render = true;
  }
  const ms = (us: number) => us / 1000;
  const keystrokes: { cost: number; input: number; frame: number; busy: number; hasFrame: boolean }[] = [];
  const attributed = new Set<number>();
  for (let k = 0; k < keydownTasks.length; k++) {
    const from = keydownTasks[k]!;
    const windowEnd = k + 1 < keydownTasks.length ? tasks[keydownTasks[k + 1]!]!.ts : tasks[from]!.ts + 200_000;
    let input = 0;
    let busy = 0;
    let inserted = from;
    let frameTask = -1;
    for (let i = from; i < tasks.length && tasks[i]!.ts < windowEnd; i++) {
      const t = tasks[i]!;
      busy += t.end - t.ts;
      if (t.keys.size) {
        input += t.end - t.ts;
        attributed.add(i);
        if (t.keys.has("textInput") || t.keys.has("input") || t.keys.has("keypress")) inserted = i;
      }
    }
    for (let i = inserted + 1; i < tasks.length && tasks[i]!.ts < windowEnd; i++) {
      if (tasks[i]!.render && !tasks[i]!.keys.size) {
        frameTask = i;
        break;
      }
    }
    const frame = frameTask >= 0 ? tasks[frameTask]!.end - tasks[frameTask]!.ts : 0;
    if (frameTask >= 0) attributed.add(frameTask);
    keystrokes.push({ cost: ms(input + frame), input: ms(input), frame: ms(frame), busy: ms(busy), hasFrame: frameTask >= 0 });
  }
  const typingFrom = tasks[keydownTasks[0]!]!.ts;
  const typingTo = keydownTasks.length ? tasks[keydownTasks.at(-1)!]!.end + 200_000 : typingFrom;
  const caughtUpAt = events.find((e) => e.name === "TimeStamp" && onMain(e) && JSON.stringify(e.args ?? {}).includes("claquette:caught-up"))?.ts ?? Infinity;
  let longestOther = 0;
  let longestDuringTyping = 0;
  let longestAfter = 0;
  tasks.forEach((t, i) => {
    const d = ms(t.end - t.ts);
    if (t.ts >= typingFrom && t.ts < typingTo) {
      longestDuringTyping = Math.max(longestDuringTyping, d);
      if (!attributed.has(i)) longestOther = Math.max(longestOther, d);
    } else if (t.ts >= caughtUpAt) longestAfter = Math.max(longestAfter, d);
  });

  // Event Timing, as the trace recorded it for every event (not only the slow ones).
  const interactionMax = new Map<number, number>();
  for (const e of events) {
    if (e.name !== "EventTiming" || e.ph !== "b" || !onMain(e)) continue;
    const d = e.args?.data as { type?: string; duration?: number; interactionId?: number } | undefined;
    if (!d?.interactionId || !keyTypes.has(String(d.type))) continue;
    interactionMax.set(d.interactionId, Math.max(interactionMax.get(d.interactionId) ?? 0, d.duration ?? 0));
  }

  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const round = (n: number) => Number(n.toFixed(2));
    return {
      count: sorted.length,
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? NaN),
      mean: round(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1)),
    };
  };
  const slowKeyEvents = slowEvents.filter((e) => keyTypes.has(e.name));
  const byType: Record<string, number> = {};
  for (const e of slowKeyEvents) if (e.duration > 16) byType[e.name] = (byType[e.name] ?? 0) + 1;

  report(OTHERS_TYPE ? "script-typing" : "script-typing-others-idle", {
    setup: {
      pages,
      pagesShownByEditor: shownPagesAfter,
      dialogueLines: allDialogues.length,
      elements: topLevel.reduce((n, node) => n + (node instanceof Y.XmlElement && node.nodeName === "sceneBlock" ? node.length : 1), 0),
      sceneBlocks: topLevel.filter((node) => node instanceof Y.XmlElement && node.nodeName === "sceneBlock").length,
      fountainCharacters: fountain.length,
      otherEditors: EDITORS,
      otherEditorsRhythm: OTHERS_TYPE ? `1–3 characters every ${REMOTE_MIN_MS}–${REMOTE_MAX_MS} ms each, caret moved after each edit` : "connected, never typing (OTHERS_TYPE=0)",
      otherCaretsOnPage: carets,
      typedCharacters: CHARS,
      keyDelayMs: KEY_DELAY,
      typingSeconds: Number(typingSeconds.toFixed(2)),
    // Playwright sends each key when Chromium took the previous one: a page that cannot
    // keep up stretches this beyond KEY_DELAY plus a few milliseconds.
    msBetweenKeystrokes: Number(((typingSeconds * 1000) / CHARS).toFixed(1)),
      pageLoadSeconds: Number(loadSeconds.toFixed(1)),
      viewport: VIEWPORT,
      chromium: browser.version(),
    },
    keystrokeMs: { ...stats(keystrokes.map((k) => k.cost)), over16: keystrokes.filter((k) => k.cost > 16).length },
    keystrokeParts: {
      inputTasksMs: stats(keystrokes.map((k) => k.input)),
      frameMs: stats(keystrokes.filter((k) => k.hasFrame).map((k) => k.frame)),
      keystrokesWithoutOwnFrame: keystrokes.filter((k) => !k.hasFrame).length,
    },
    windowBusyMs: stats(keystrokes.map((k) => k.busy)),
    longestTaskDuringTypingMs: Number(longestDuringTyping.toFixed(2)),
    longestOtherTaskMs: Number(longestOther.toFixed(2)),
    longestTaskAfterPauseMs: Number(longestAfter.toFixed(2)),
    pageCatchUpMsAfterOthersStop: Math.round(catchUpMs),
    eventTiming: {
      observer: {
        slowKeyAndInputEntries: slowKeyEvents.length,
        over16ms: slowKeyEvents.filter((e) => e.duration > 16).length,
        over16msByType: byType,
        interactionsOver16ms: new Set(slowKeyEvents.filter((e) => e.duration > 16 && e.interactionId).map((e) => e.interactionId)).size,
        maxMs: slowKeyEvents.reduce((m, e) => Math.max(m, e.duration), 0),
      },
      traceInteractionsMs: { ...stats([...interactionMax.values()]), over16: [...interactionMax.values()].filter((d) => d > 16).length },
    },
    remoteDuringTyping: {
      charactersTypedByOthers: remoteChars,
      yjsUpdatesFromOthersReceivedByBrowser: received.remoteUpdates,
      ownUpdatesEchoedToBrowser: received.ownEchoes,
      awarenessUpdatesReceivedByBrowser: received.awareness,
      otherMessagesReceivedByBrowser: received.other,
    },
    checks: {
      clicksWhileOthersType: probes.length,
      clicksWhoseCaretWasMovedBack: clicksLost.length,
      keydownsInTrace: keydownTasks.length,
      typedTextInTheLine: typedInLine,
      typedTextAtOtherEditors: typedArrived,
      editorConnectionsClosed: editors.reduce((n, e) => n + e.closes.length, 0),
      pageErrors: pageErrors.slice(0, 10),
    },
    target: { keystrokeMs: 16 },
    definition:
      "keystroke = full duration of the main-thread tasks dispatching its keydown/keypress/beforeinput/textInput/input/keyup/selectionchange + the first rendering task (UpdateLayoutTree/Layout/PrePaint/Paint/Layerize/Commit/UpdateLayer) after the insertion, before the next keydown",
  });
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  for (const close of closers.reverse()) await Promise.resolve(close()).catch((e: unknown) => console.error(e));
  await studio.stop();
}
process.exit(failed ? 1 : 0);

type CpuProfile = { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[]; samples?: number[]; timeDeltas?: number[] };

/** The functions the page spent most time in, by their own time and with what they called. */
function printHeaviest(profile: CpuProfile) {
  const self = new Map<number, number>();
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const total = new Map<number, number>();
  const sum = (id: number): number => {
    const n = byId.get(id)!;
    const t = (self.get(id) ?? 0) + (n.children ?? []).reduce((a, c) => a + sum(c), 0);
    total.set(id, t);
    return t;
  };
  const root = profile.nodes[0]!.id;
  sum(root);
  const name = (n: CpuProfile["nodes"][number]) => `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber + 1}`;
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  // Inclusive time counted once per stack, so that recursion does not count twice.
  const walk = (id: number, seen: Set<string>) => {
    const n = byId.get(id)!;
    const key = name(n);
    add(selfBy, key, self.get(id) ?? 0);
    if (!seen.has(key)) add(totalBy, key, total.get(id) ?? 0);
    const next = seen.has(key) ? seen : new Set(seen).add(key);
    for (const c of n.children ?? []) walk(c, next);
  };
  walk(root, new Set());
  const top = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, ms]) => `  ${ms.toFixed(0).padStart(6)} ms  ${k}`).join("\n");
  console.log(`CPU profile, own time:\n${top(selfBy)}\nCPU profile, with callees:\n${top(totalBy)}`);
}
