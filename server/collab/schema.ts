// No update that breaks a document's schema is accepted (decision 0018). An update from
// a connection is read first (app/features/collab/validate.ts, `problemInUpdate`): only
// if what it would add reads under the document kind's schema, and Yjs can integrate all
// of it, is it applied to the room's document, and so stored and relayed.
import * as Y from "yjs";
import { schemaFor } from "../../app/features/collab/schemas.ts";
import { problemInUpdate, rulesFor } from "../../app/features/collab/validate.ts";
import type { DocumentKind } from "../../app/lib/policy.ts";

/**
 * Close code for an update that needs changes the room has not seen (Yjs would keep it
 * pending): the client reconnects and sends it again after a fresh sync, when the room
 * has read what another process stored. Held pending, its content could not be checked,
 * and whoever sent the missing changes later would be refused for it.
 */
export const OUT_OF_STEP = 4101;

export type Refusal = { problem: string; code: typeof OUT_OF_STEP | 4400 };

/** Senders already refused: what they sent after (before their socket closed) is dropped too. */
const refused = new WeakMap<object, Refusal>();

/**
 * Apply a connection's update to the room's document if the document still reads under
 * its schema afterwards. Returns why not otherwise (the document is untouched, but for
 * the defence below).
 */
export function applyChecked(doc: Y.Doc, kind: DocumentKind, update: Uint8Array, origin: object): Refusal | null {
  const earlier = refused.get(origin);
  if (earlier) return earlier;
  const found = problemInUpdate(rulesFor(schemaFor(kind)), doc, update);
  if (found) {
    const refusal: Refusal = { problem: found.problem, code: found.outOfStep ? OUT_OF_STEP : 4400 };
    refused.set(origin, refusal);
    return refusal;
  }
  const pendingBefore = doc.store.pendingStructs;
  Y.applyUpdate(doc, update, origin);
  // Should the reading above ever misjudge what Yjs integrates, nothing of a connection's
  // update may wait in the document to be integrated, unchecked, by a later one.
  if (!pendingBefore && doc.store.pendingStructs) {
    doc.store.pendingStructs = null;
    const refusal: Refusal = { problem: "it needs changes the document does not have", code: OUT_OF_STEP };
    refused.set(origin, refusal);
    return refusal;
  }
  return null;
}
