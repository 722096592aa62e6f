// What answering a newcomer from the stored bytes costs while a live document loads
// (server/collab/index.ts, answerFromStore): merging the folded state with the updates
// after it into one sync (Y.mergeUpdates), against what the room's load does with them
// (apply them to a document, then encode it). Merging is superlinear in the number of
// updates, hence STORED_ANSWER_MAX_UPDATES.
//
//   npm run bench:stored-answer
//
// A 100 KB state and up to 2,000 two-character inserts at random places (the log is
// folded past 2,000, server/collab/index.ts compactAfterUpdates).
import * as Y from "yjs";
import { STORED_ANSWER_MAX_UPDATES } from "../../server/collab/limits.ts";
import { report } from "./studio.ts";

const ROUNDS = 5;
const doc = new Y.Doc();
const text = doc.getText("t");
text.insert(0, "x".repeat(100_000));
const state = Y.encodeStateAsUpdate(doc);
const updates: Uint8Array[] = [];
doc.on("update", (u: Uint8Array) => updates.push(u));
for (let i = 0; i < 2_000; i++) text.insert(Math.floor(Math.random() * text.length), "ab");

/** The median of ROUNDS timings of `work`, in ms. */
function median(work: () => void): number {
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    work();
    ms.push(performance.now() - started);
  }
  return Number(ms.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!.toFixed(1));
}

const rows = [10, 100, STORED_ANSWER_MAX_UPDATES, 500, 1_000, 2_000].map((n) => {
  const later = updates.slice(0, n);
  const mergeMs = median(() => Y.mergeUpdates([state, ...later]));
  const loadMs = median(() => {
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, state);
    loaded.transact(() => {
      for (const u of later) Y.applyUpdate(loaded, u);
    });
    Y.encodeStateAsUpdate(loaded);
  });
  console.log(`${String(n).padStart(5)} updates: merge ${String(mergeMs).padStart(6)} ms, load and encode ${String(loadMs).padStart(6)} ms`);
  return { updates: n, mergeMs, loadAndEncodeMs: loadMs };
});

report("stored-answer", { stateBytes: state.length, rounds: ROUNDS, storedAnswerMaxUpdates: STORED_ANSWER_MAX_UPDATES, rows });
