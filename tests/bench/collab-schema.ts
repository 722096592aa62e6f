// What the schema check costs the collaboration server (decision 0018), on a long script:
// the Les Veilleurs corpus repeated to about 3,500 elements, in scene blocks.
//
//   node --import tsx tests/bench/collab-schema.ts
//
// Reports the first change to a room (what it costs in time and in memory kept), the time
// to accept one keystroke with and without the check, and reading the script for a page.
import { readFileSync } from "node:fs";
import path from "node:path";
import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { FRAGMENT } from "../../app/features/collab/content.ts";
import { parseFountain } from "../../app/features/script/fountain.ts";
import type { Script } from "../../app/features/script/model.ts";
import { scriptFromJSON } from "../../app/features/script/schema.ts";
import { docOfScript, scriptOfDoc } from "../../app/features/script/ydoc.ts";
import { applyChecked } from "../../server/collab/schema.ts";

const corpus = readFileSync(path.join(import.meta.dirname, "../../app/features/script/corpus/les-veilleurs.fountain"), "utf8");
const one = parseFountain(corpus).script;
const script: Script = { titlePage: one.titlePage, elements: [] };
while (script.elements.length < 3_450) script.elements.push(...one.elements);

const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(3);
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`;
};

const source = docOfScript(script);
const full = Y.encodeStateAsUpdate(source);
const plain = new Y.Doc();
Y.applyUpdate(plain, full);
const checked = new Y.Doc();
Y.applyUpdate(checked, full);
const writer = new Y.Doc();
Y.applyUpdate(writer, full);
console.log(`script: ${script.elements.length} elements, ${(full.length / 1024).toFixed(0)} KiB encoded`);

// Keystrokes in elements spread over the script, as several writers would type.
const fragment = writer.getXmlFragment(FRAGMENT);
const keystrokes: Uint8Array[] = [];
writer.on("update", (u: Uint8Array) => keystrokes.push(u));
for (let i = 0; i < 2_000; i++) {
  const block = fragment.get((i * 7) % fragment.length) as Y.XmlElement;
  const element = block.get(0) as Y.XmlElement;
  const text = element.get(0) as Y.XmlText | undefined;
  if (text instanceof Y.XmlText) text.insert(Math.min(text.length, i % 5), "x");
}

const origin = {};
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
let t = performance.now();
if (applyChecked(checked, "script", keystrokes[0]!, origin)) throw new Error("an honest keystroke was refused");
const firstMs = performance.now() - t;
global.gc?.();
const heapKept = process.memoryUsage().heapUsed - heapBefore;

const withCheck: number[] = [];
const without: number[] = [];
for (const u of keystrokes.slice(1)) {
  t = performance.now();
  if (applyChecked(checked, "script", u, origin)) throw new Error("an honest keystroke was refused");
  withCheck.push(performance.now() - t);
  t = performance.now();
  Y.applyUpdate(plain, u, origin);
  without.push(performance.now() - t);
}
console.log(`first change: ${firstMs.toFixed(1)} ms${global.gc ? `, heap kept ≈ ${(heapKept / 2 ** 20).toFixed(1)} MiB` : ""}`);
console.log(`a keystroke accepted, with the check: ${stats(withCheck)}`);
console.log(`a keystroke accepted, without:       ${stats(without)}`);

const reads = (f: () => unknown) => {
  const ms: number[] = [];
  for (let i = 0; i < 10; i++) {
    t = performance.now();
    f();
    ms.push(performance.now() - t);
  }
  return stats(ms);
};
console.log(`reading the script for a page, readable part: ${reads(() => scriptOfDoc(checked))}`);
console.log(`reading the script for a page, as before:     ${reads(() => scriptFromJSON(yXmlFragmentToProsemirrorJSON(checked.getXmlFragment(FRAGMENT))))}`);
