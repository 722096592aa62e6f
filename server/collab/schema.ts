// No update that breaks a document's schema is accepted (decision 0018). An update from
// a connection is applied first to a probe, a copy of the room's document; only if
// what it added reads under the document kind's schema (app/features/collab/validate.ts)
// is it applied to the room's document, and so stored and relayed. The probe follows
// every other change of the room's document (updates read from the store).
import * as Y from "yjs";
import { FRAGMENT } from "../../app/features/collab/content.ts";
import { schemaFor } from "../../app/features/collab/schemas.ts";
import { problemIn, rulesFor, type Rules } from "../../app/features/collab/validate.ts";
import type { DocumentKind } from "../../app/lib/policy.ts";

/**
 * Close code for an update that needs changes the room has not seen (Yjs would keep it
 * pending): the client reconnects and sends it again after a fresh sync, when the room
 * has read what another process stored. Held pending, its content could not be checked,
 * and whoever sent the missing changes later would be refused for it.
 */
export const OUT_OF_STEP = 4101;

export type Refusal = { problem: string; code: typeof OUT_OF_STEP | 4400 };

type Guard = { rules: Rules; probe: Y.Doc | null; applying: boolean };

const guards = new WeakMap<Y.Doc, Guard>();
/** Senders already refused: what they sent after (before their socket closed) is dropped too. */
const refused = new WeakMap<object, Refusal>();

function copyOf(doc: Y.Doc): Y.Doc {
  const probe = new Y.Doc({ gc: doc.gc });
  probe.getXmlFragment(FRAGMENT);
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(doc));
  return probe;
}

function guardOf(doc: Y.Doc, kind: DocumentKind): Guard {
  const known = guards.get(doc);
  if (known) return known;
  const g: Guard = { rules: rulesFor(schemaFor(kind)), probe: null, applying: false };
  guards.set(doc, g);
  doc.on("update", (update: Uint8Array) => {
    if (!g.applying && g.probe) Y.applyUpdate(g.probe, update);
  });
  doc.on("destroy", () => {
    g.probe?.destroy();
    g.probe = null;
  });
  return g;
}

/**
 * Apply a connection's update to the room's document if the document still reads under
 * its schema afterwards. Returns why not otherwise (the document is untouched).
 * The probe is made at the first change (rooms only read never have one); a refused
 * update spoils it, and it is made again at the next.
 */
export function applyChecked(doc: Y.Doc, kind: DocumentKind, update: Uint8Array, origin: object): Refusal | null {
  const earlier = refused.get(origin);
  if (earlier) return earlier;
  const guard = guardOf(doc, kind);
  const probe = (guard.probe ??= copyOf(doc));
  const found: { refusal: Refusal | null } = { refusal: null };
  try {
    probe.transact((tr) => {
      Y.applyUpdate(probe, update);
      for (const [client, clock] of Y.parseUpdateMeta(update).to) {
        if (Y.getState(probe.store, client) < clock) {
          found.refusal = { problem: "it needs changes the document does not have", code: OUT_OF_STEP };
          return;
        }
      }
      const problem = problemIn(guard.rules, probe, tr.beforeState);
      if (problem) found.refusal = { problem, code: 4400 };
    });
  } catch (e) {
    guard.probe = null;
    probe.destroy();
    throw e;
  }
  if (found.refusal) {
    refused.set(origin, found.refusal);
    guard.probe = null;
    probe.destroy();
    return found.refusal;
  }
  guard.applying = true;
  try {
    Y.applyUpdate(doc, update, origin);
  } catch (e) {
    guard.probe?.destroy();
    guard.probe = null;
    throw e;
  } finally {
    guard.applying = false;
  }
  return null;
}
