// Keystroke cost of the screenplay's DOM structure, without the editor (issue: the screenplay).
//
//   npm run bench:editor-dom     (ELEMENTS=3450 CHARS=100 REPS=3 by default;
//                                 VARIANTS=flat,scenes-content-visibility runs a subset)
//
// Question: how much of a keystroke in a feature-length script is Chromium's own work
// (editing, layout, paint) and how much does the structure of the DOM and its CSS change it?
// No server, no ProseMirror: a static page, a plain contenteditable.
//
// Setup. les-veilleurs.fountain, parsed with parseFountain, its elements repeated until
// there are ELEMENTS of them (a feature is ~3,500 paragraphs), each a
// `<p class="sp sp-<type>">` holding its printed text, inside
// `<div contenteditable="true" class="screenplay">` styled with the app's `.screenplay`
// rules (app/app.css), plus a MutationObserver reading the changed text as an editor does.
// Variants, only in structure and containment:
// - flat: the paragraphs are the editor's children, each `contain: layout style` (the app today);
// - flat-content-visibility: flat, each p `content-visibility: auto;
//   contain-intrinsic-size: auto 1.2em` (the app before);
// - scenes-contained: a `<section>` per scene (a new one at each scene heading),
//   `contain: layout style` on the section, nothing on the p;
// - scenes-content-visibility: a section per scene, `content-visibility: auto;
//   contain-intrinsic-size: auto 300px` on it, nothing on the p.
// Each round runs every variant once, in turn (interleaved, so that a slower moment of the
// machine does not fall on one variant), each in a fresh headless Chromium (1280×900).
// It clicks at the end of the middle dialogue line (`p.sp-dialogue`) and presses End, then
// types CHARS characters with `page.keyboard.type(…, { delay: 30 })` while a trace records
// the categories devtools.timeline and disabled-by-default-devtools.timeline.
//
// What "the cost of a keystroke" is, exactly (on the renderer's main thread, the thread
// that dispatched the textInput events):
// - A task is a top-level complete trace event on that thread (RunTask: everything the
//   thread did for one scheduler task); a trace event's self time is its duration minus
//   its children's.
// - Keystroke i starts with the task that dispatched its textInput (the same task
//   dispatches keydown, keypress, beforeinput, input) and ends where textInput i+1's task starts.
// - Its input cost is the duration of that task plus of every other task in the window that
//   dispatched a key event (keydown, keypress, beforeinput, textInput, input, keyup).
// - Its frame cost is the duration of the first task after the insertion, in the window,
//   that renders (holds UpdateLayoutTree, Layout, PrePaint, Paint, Layerize or Commit) and
//   dispatches no key event: the frame that shows the character.
// - keystroke cost = input cost + frame cost. Self times by trace event name (EventDispatch
//   of textInput, Layout, PrePaint, …) are summed over those same tasks.
// - The first WARMUP (3) keystrokes of a round are not counted: the first frames after the
//   trace starts are not typical.
import { readFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { parseFountain } from "../../app/features/script/fountain.ts";
import { root } from "../support/studio-process.ts";
import { percentile, report } from "./studio.ts";

const ELEMENTS = Number(process.env.ELEMENTS ?? 3450);
const CHARS = Number(process.env.CHARS ?? 100);
const REPS = Number(process.env.REPS ?? 3);
const KEY_DELAY = 30;
const WARMUP = 3;
const VIEWPORT = { width: 1280, height: 900 };

const VARIANTS: Record<string, { scenes: boolean; css: string }> = {
  flat: { scenes: false, css: ".screenplay > p.sp { contain: layout style; }" },
  "flat-content-visibility": { scenes: false, css: ".screenplay > p.sp { content-visibility: auto; contain-intrinsic-size: auto 1.2em; }" },
  "scenes-contained": { scenes: true, css: ".screenplay > section { contain: layout style; }" },
  "scenes-content-visibility": { scenes: true, css: ".screenplay > section { content-visibility: auto; contain-intrinsic-size: auto 300px; }" },
};
const chosen = process.env.VARIANTS ? process.env.VARIANTS.split(",") : Object.keys(VARIANTS);
for (const name of chosen) if (!VARIANTS[name]) throw new Error(`unknown variant ${name} (known: ${Object.keys(VARIANTS).join(", ")})`);

// ─── the page ─────────────────────────────────────────────────────────────
const source = readFileSync(path.join(root, "app/features/script/corpus/les-veilleurs.fountain"), "utf8");
// Page breaks have no text; every other element is a paragraph in the editor.
const once = parseFountain(source).script.elements.flatMap((e) => ("text" in e ? [{ type: e.type, text: typeof e.text === "string" ? e.text : e.text.map((r) => r.text).join("") }] : []));
const elements: typeof once = [];
while (elements.length < ELEMENTS) elements.push(...once);
elements.length = ELEMENTS;
const dialogues = elements.flatMap((e, i) => (e.type === "dialogue" ? [i] : []));
const target = dialogues[Math.floor(dialogues.length / 2)]!;
const scenes = elements.filter((e, i) => e.type === "sceneHeading" || i === 0).length;

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
function html(variant: { scenes: boolean; css: string }) {
  let body = "";
  elements.forEach((e, i) => {
    // A scene starts at its heading; what comes before the first heading is a scene too.
    if (variant.scenes && (i === 0 || e.type === "sceneHeading")) body += `${i ? "</section>" : ""}<section>`;
    body += `<p class="sp sp-${e.type}"${i === target ? ' id="target"' : ""}>${escape(e.text)}</p>`;
  });
  if (variant.scenes) body += "</section>";
  // The app's .screenplay rules (app/app.css), its colour variables written out.
  return `<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 0; }
.screenplay { font-family: "Courier Prime", "Courier New", Courier, monospace; font-size: 1rem; line-height: 1.2; max-width: 61ch; margin: 0 auto; padding: 1rem; outline: none; }
.screenplay p.sp { margin: 1.2em 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.screenplay .sp-sceneHeading { font-weight: 700; }
.screenplay .sp-character { margin-left: 36.6%; }
.screenplay p.sp-dialogue { margin: 0 0 0 16.6%; max-width: 58.3%; }
.screenplay p.sp-parenthetical { margin: 0 0 0 26.6%; max-width: 41.6%; }
.screenplay .sp-transition { text-align: right; }
.screenplay .sp-lyrics { font-style: italic; margin-left: 16.6%; }
.screenplay .sp-section, .screenplay .sp-synopsis, .screenplay .sp-note, .screenplay .sp-boneyard { font-family: system-ui, sans-serif; color: #666; border-left: 3px solid #ddd; padding-left: 0.5rem; }
.screenplay .sp-note { background: #fff8d6; }
.screenplay .sp-boneyard { text-decoration: line-through; }
${variant.css}
</style></head><body><div contenteditable="true" class="screenplay">${body}</div>
<script>
  // Like an editor's DOM observer: read what changed, and where the selection is.
  window.__read = 0;
  new MutationObserver((records) => {
    for (const r of records) window.__read += (r.target.nodeType === 3 ? r.target.data : r.target.textContent).length;
    window.__caret = getSelection().anchorOffset;
  }).observe(document.querySelector(".screenplay"), { childList: true, characterData: true, characterDataOldValue: true, subtree: true });
</script></body></html>`;
}

// ─── one round of one variant ─────────────────────────────────────────────
const phrase = " and the lamps hum along the quay, one by one";
const typed = phrase.repeat(Math.ceil(CHARS / phrase.length)).slice(0, CHARS);
const NAMES = ["EventDispatch:textInput", "Layout", "PrePaint", "Paint", "Layerize", "Commit", "HitTest", "IntersectionObserverController::computeIntersections"];
type Keystroke = { total: number; input: number; frame: number; self: Record<string, number> };
let chromiumVersion = "";

async function run(name: string): Promise<Keystroke[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    chromiumVersion = browser.version();
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.setContent(html(VARIANTS[name]!));
    const end = await page.evaluate(() => {
      const p = document.getElementById("target")!;
      p.scrollIntoView({ block: "center" });
      const range = document.createRange();
      range.selectNodeContents(p);
      const box = [...range.getClientRects()].at(-1)!;
      return { x: box.right - 1, y: box.top + box.height / 2 };
    });
    await page.mouse.click(end.x, end.y);
    await page.keyboard.press("End");
    await page.waitForTimeout(300);
    await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
    await page.keyboard.type(typed, { delay: KEY_DELAY });
    await page.waitForTimeout(300);
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
    // The characters must have gone where we meant: at the end of the target line.
    const text = await page.evaluate(() => document.getElementById("target")!.textContent!);
    if (!text.endsWith(typed)) throw new Error(`${name}: the typed text is not at the end of the line: …${JSON.stringify(text.slice(-40))}`);
    return keystrokes(Array.isArray(trace) ? trace : trace.traceEvents).slice(WARMUP);
  } finally {
    await browser.close();
  }
}

// ─── the trace ────────────────────────────────────────────────────────────
type TraceEvent = { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { data?: { type?: string } } };
type Task = { dur: number; self: Record<string, number>; textInput: boolean; key: boolean; render: boolean };
const KEY_TYPES = new Set(["keydown", "keypress", "beforeinput", "textInput", "input", "keyup"]);
const RENDER = new Set(["UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "Commit"]);

function keystrokes(events: TraceEvent[]): Keystroke[] {
  const first = events.find((e) => e.name === "EventDispatch" && e.args?.data?.type === "textInput");
  if (!first) throw new Error("no textInput in the trace");
  const thread = events.filter((e) => e.pid === first.pid && e.tid === first.tid && e.ph === "X" && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  // Nest events by time; each top-level one is a task, summed up by self time per name.
  type Node = { e: TraceEvent; end: number; task: Task; childTime: number };
  const tasks: Task[] = [];
  const stack: Node[] = [];
  const close = (n: Node) => {
    const type = n.e.args?.data?.type;
    const name = n.e.name === "EventDispatch" ? `EventDispatch:${type}` : n.e.name;
    n.task.self[name] = (n.task.self[name] ?? 0) + Math.max(0, n.e.dur! - n.childTime) / 1000;
    if (n.e.name === "EventDispatch" && KEY_TYPES.has(type ?? "")) n.task.key = true;
    if (type === "textInput") n.task.textInput = true;
    if (RENDER.has(n.e.name)) n.task.render = true;
  };
  for (const e of thread) {
    while (stack.length && stack.at(-1)!.end <= e.ts) close(stack.pop()!);
    const parent = stack.at(-1);
    let task = parent?.task;
    if (!task) tasks.push((task = { dur: e.dur! / 1000, self: {}, textInput: false, key: false, render: false }));
    if (parent) parent.childTime += e.dur!;
    stack.push({ e, end: e.ts + e.dur!, task, childTime: 0 });
  }
  while (stack.length) close(stack.pop()!);

  const starts = tasks.flatMap((t, i) => (t.textInput ? [i] : []));
  return starts.map((from, k) => {
    const to = starts[k + 1] ?? tasks.length;
    const mine = tasks.slice(from, to);
    const input = mine.filter((t, i) => i === 0 || t.key);
    const frame = mine.find((t, i) => i > 0 && t.render && !t.key);
    const self: Record<string, number> = {};
    for (const t of frame ? [...input, frame] : input) for (const n of NAMES) self[n] = (self[n] ?? 0) + (t.self[n] ?? 0);
    const inputMs = input.reduce((s, t) => s + t.dur, 0);
    return { total: inputMs + (frame?.dur ?? 0), input: inputMs, frame: frame?.dur ?? 0, self };
  });
}

// ─── rounds, interleaved ──────────────────────────────────────────────────
const results = Object.fromEntries(chosen.map((n) => [n, { keystrokes: [] as Keystroke[], roundMedians: [] as number[] }]));
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const round2 = (n: number) => Number(n.toFixed(2));
const p50 = (xs: number[]) => round2(percentile(sorted(xs), 50));
for (let r = 0; r < REPS; r++) {
  for (const name of chosen) {
    const ks = await run(name);
    results[name]!.keystrokes.push(...ks);
    results[name]!.roundMedians.push(p50(ks.map((k) => k.total)));
    console.log(`round ${r + 1}/${REPS} ${name}: ${ks.length} keystrokes, median ${p50(ks.map((k) => k.total))} ms`);
  }
}

report("editor-dom", {
  setup: { elements: ELEMENTS, scenes, typedCharacters: CHARS, keyDelayMs: KEY_DELAY, reps: REPS, warmupKeystrokesSkipped: WARMUP, viewport: VIEWPORT, chromium: chromiumVersion },
  variants: Object.fromEntries(
    Object.entries(results).map(([name, { keystrokes: ks, roundMedians }]) => {
      const totals = sorted(ks.map((k) => k.total));
      return [
        name,
        {
          css: VARIANTS[name]!.css,
          keystrokeMs: { count: totals.length, p50: round2(percentile(totals, 50)), p95: round2(percentile(totals, 95)), max: round2(totals.at(-1) ?? NaN) },
          roundMediansMs: roundMedians,
          partsP50Ms: { input: p50(ks.map((k) => k.input)), frame: p50(ks.map((k) => k.frame)), keystrokesWithoutFrame: ks.filter((k) => !k.frame).length },
          selfMsP50: Object.fromEntries(NAMES.map((n) => [n, p50(ks.map((k) => k.self[n]!))])),
        },
      ];
    }),
  ),
  definition:
    "keystroke = duration of the main-thread task dispatching its textInput + of the other tasks dispatching its key events (keydown/keypress/beforeinput/input/keyup) before the next textInput + of the first rendering task (UpdateLayoutTree/Layout/PrePaint/Paint/Layerize/Commit) after the insertion; self times by trace event name over those tasks",
});
