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

type Guard = { rules: Rules; probe: Y.Doc | null; applying: boolean };

const guards = new WeakMap<Y.Doc, Guard>();
/** Senders already refused: what they sent after (before their socket closed) is dropped too. */
const refused = new WeakSet<object>();

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
 * its schema afterwards. Returns what is wrong otherwise (the document is untouched).
 * The probe is made at the first change (rooms only read never have one); a refused
 * update spoils it, and it is made again at the next.
 */
export function applyChecked(doc: Y.Doc, kind: DocumentKind, update: Uint8Array, origin: object): string | null {
  if (refused.has(origin)) return "the connection was refused";
  const guard = guardOf(doc, kind);
  const probe = (guard.probe ??= copyOf(doc));
  const found: { problem: string | null } = { problem: null };
  try {
    probe.transact((tr) => {
      Y.applyUpdate(probe, update);
      found.problem = problemIn(guard.rules, probe, tr.beforeState);
    });
  } catch (e) {
    guard.probe = null;
    probe.destroy();
    throw e;
  }
  if (found.problem) {
    refused.add(origin);
    guard.probe = null;
    probe.destroy();
    return found.problem;
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
