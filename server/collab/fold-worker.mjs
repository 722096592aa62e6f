// Worker thread: folds a document's state and updates into one state (see
// foldUpdates in app/features/collab/content.ts, which this mirrors), so that
// compaction and checkpoints of a busy document never stall the event loop.
import { parentPort } from "node:worker_threads";
import * as Y from "yjs";

parentPort.on("message", ({ id, state, updates }) => {
  try {
    const doc = new Y.Doc();
    if (state && state.length) Y.applyUpdate(doc, state);
    doc.transact(() => {
      for (const u of updates) Y.applyUpdate(doc, u);
    });
    const folded = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    parentPort.postMessage({ id, folded }, [folded.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
