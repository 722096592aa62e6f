// The screenplay in its live document (`script:<productionId>`): read as the model,
// or replaced by another script as one change on top of the history.
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { FRAGMENT, replaceContent } from "~/features/collab/content";
import { readableJSON } from "~/features/collab/validate";
import type { Script } from "./model";
import { scriptFromJSON, scriptToJSON, screenplaySchema } from "./schema";

/** The script, from what reads under the schema (a document stored before the server
 * checked updates may hold values no editor wrote: they are left out). */
export function scriptOfDoc(doc: Y.Doc): Script {
  return scriptFromJSON(readableJSON(doc.getXmlFragment(FRAGMENT), screenplaySchema()));
}

/** A fresh document holding the script (checked against the editor's schema). */
export function docOfScript(script: Script): Y.Doc {
  const doc = new Y.Doc();
  const json = scriptToJSON(script);
  screenplaySchema().nodeFromJSON(json).check();
  prosemirrorJSONToYXmlFragment(screenplaySchema(), json, doc.getXmlFragment(FRAGMENT));
  return doc;
}

/** Replace the document's content with the script; returns the update it made. */
export function replaceScript(doc: Y.Doc, script: Script, origin: unknown): Uint8Array | null {
  const source = docOfScript(script);
  const updates: Uint8Array[] = [];
  const collect = (u: Uint8Array) => updates.push(u);
  doc.on("update", collect);
  replaceContent(doc, source, origin);
  doc.off("update", collect);
  source.destroy();
  return updates.length ? Y.mergeUpdates(updates) : null;
}
