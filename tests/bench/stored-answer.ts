// Whether a newcomer to a live document that is loading should be answered from the
// stored bytes (server/collab/index.ts, answerFromStore) when changes follow the folded
// state: merging them into one sync (Y.mergeUpdates) against what the room's load does
// with them anyway (apply them to a document, then encode it for its first newcomer).
// Merging is superlinear, and on a screenplay costs about what the load does: the
// studio answers from the store only when the state is all there is.
//
//   npm run bench:stored-answer
//
// Two documents: a 100 KB text with two-character inserts at random places, and a
// screenplay of about 3,500 elements (the Les Veilleurs corpus repeated, as
// tests/bench/collab-schema.ts builds it) with keystrokes spread over it. Up to 2,000
// updates after the fold: the log is folded past that (compactAfterUpdates).
import { readFileSync } from "node:fs";
import path from "node:path";
import * as Y from "yjs";
import { FRAGMENT } from "../../app/features/collab/content.ts";
import { parseFountain } from "../../app/features/script/fountain.ts";
import type { Script } from "../../app/features/script/model.ts";
import { docOfScript } from "../../app/features/script/ydoc.ts";
import { report } from "./studio.ts";

const ROUNDS = 5;
const COUNTS = [0, 10, 100, 200, 500, 1_000, 2_000];

function textDocument() {
  const doc = new Y.Doc();
  const text = doc.getText("t");
  text.insert(0, "x".repeat(100_000));
  const state = Y.encodeStateAsUpdate(doc);
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < 2_000; i++) text.insert(Math.floor(Math.random() * text.length), "ab");
  return { state, updates };
}

function screenplay() {
  const corpus = readFileSync(path.join(import.meta.dirname, "../../app/features/script/corpus/les-veilleurs.fountain"), "utf8");
  const one = parseFountain(corpus).script;
  const script: Script = { titlePage: one.titlePage, elements: [] };
  while (script.elements.length < 3_450) script.elements.push(...one.elements);
  const doc = docOfScript(script);
  const state = Y.encodeStateAsUpdate(doc);
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  const fragment = doc.getXmlFragment(FRAGMENT);
  for (let i = 0; i < 2_000; i++) {
    const block = fragment.get((i * 7) % fragment.length) as Y.XmlElement;
    const text = (block.get(0) as Y.XmlElement).get(0);
    if (text instanceof Y.XmlText) text.insert(Math.min(text.length, i % 5), "x");
  }
  return { state, updates };
}

/** The median of ROUNDS timings of `work`, in ms, after one run to warm it up. */
function median(work: () => void): number {
  work();
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    work();
    ms.push(performance.now() - started);
  }
  return Number(ms.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!.toFixed(1));
}

const documents = Object.entries({ "100 KB text": textDocument(), screenplay: screenplay() }).map(([name, { state, updates }]) => {
  console.log(`${name}: state ${(state.length / 1024).toFixed(0)} KiB`);
  const rows = COUNTS.map((n) => {
    const later = updates.slice(0, n);
    const mergeMs = median(() => (later.length ? Y.mergeUpdates([state, ...later]) : state));
    const loadMs = median(() => {
      const loaded = new Y.Doc();
      Y.applyUpdate(loaded, state);
      loaded.transact(() => {
        for (const u of later) Y.applyUpdate(loaded, u);
      });
      Y.encodeStateAsUpdate(loaded);
    });
    console.log(`  ${String(n).padStart(5)} updates: merge ${String(mergeMs).padStart(6)} ms, load and encode ${String(loadMs).padStart(6)} ms`);
    return { updates: n, mergeMs, loadAndEncodeMs: loadMs };
  });
  return { document: name, stateBytes: state.length, rows };
});

report("stored-answer", { rounds: ROUNDS, documents });
