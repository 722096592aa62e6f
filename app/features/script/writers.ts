// Who wrote each line of the screenplay. Every character of a live document keeps the Yjs
// client id of the editor that typed it, through compaction; the server records whose
// editor each client id is (DocumentClient, decision 0031). A line's writers are the
// people whose characters it holds now, most first: someone who added a word to another's
// line is one of its writers; what was deleted leaves no trace (Yjs does not say who
// deleted), and neither does a change of element type.
import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import { FRAGMENT } from "~/features/collab/content";
import { readableJSON } from "~/features/collab/validate";
import type { Script } from "./model";
import { SCENE_BLOCK, scriptFromJSON, screenplaySchema } from "./schema";

/** Characters per Yjs client id in one element. */
export type ClientCounts = Map<number, number>;

function countInto(type: Y.XmlElement | Y.XmlText, into: ClientCounts) {
  if (type instanceof Y.XmlText) {
    for (let item = type._start; item; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
      into.set(item.id.client, (into.get(item.id.client) ?? 0) + item.length);
    }
    return;
  }
  for (const child of type.toArray()) {
    if (child instanceof Y.XmlText) countInto(child, into);
    // A line break inside an element counts as one character of whoever made it.
    else if (child instanceof Y.XmlElement && child._item) into.set(child._item.id.client, (into.get(child._item.id.client) ?? 0) + 1);
  }
}

const isTitlePage = (name: string | undefined) => name === "titlePage";

/** The element nodes in order, blocks flattened, without the title page. */
function elementNodes(json: JSONContent): JSONContent[] {
  return (json.content ?? []).flatMap((n) => (n.type === SCENE_BLOCK ? (n.content ?? []) : [n])).filter((n) => !isTitlePage(n.type));
}

function yElements(fragment: Y.XmlFragment, known: (name: string) => boolean): Y.XmlElement[] {
  const top = fragment.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && known(n.nodeName));
  return top
    .flatMap((n) => (n.nodeName === SCENE_BLOCK ? n.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement && known(c.nodeName)) : [n]))
    .filter((n) => !isTitlePage(n.nodeName));
}

/**
 * The script as `scriptOfDoc` reads it, and for each of its elements (same index) the
 * characters each client id wrote in it. Should the readable document and the stored one
 * not line up (content the schema leaves out), no element is attributed rather than
 * the wrong one.
 */
export function scriptWithClients(doc: Y.Doc): { script: Script; clients: ClientCounts[] } {
  const schema = screenplaySchema();
  const fragment = doc.getXmlFragment(FRAGMENT);
  const json = readableJSON(fragment, schema);
  const script = scriptFromJSON(json);
  const nodes = elementNodes(json);
  const ys = yElements(fragment, (name) => name in schema.nodes);
  // Every element node the schema reads is an element of the model (an empty script,
  // one empty action, has none: nothing to attribute).
  const lineUp = nodes.length === ys.length && ys.length === script.elements.length;
  const clients = lineUp
    ? ys.map((y) => {
        const counts: ClientCounts = new Map();
        countInto(y, counts);
        return counts;
      })
    : script.elements.map((): ClientCounts => new Map());
  return { script, clients };
}

export type Writer = { userId: string; chars: number };

/**
 * The people who wrote an element, most characters first (ties: who appears first in
 * the element's counts), and whether some of its text has no known writer (written
 * before writers were recorded, or by an account since deleted).
 */
export function writersOf(counts: ClientCounts, owners: ReadonlyMap<number, string>): { writers: Writer[]; unknown: boolean } {
  const byUser = new Map<string, number>();
  let unknown = false;
  for (const [client, chars] of counts) {
    const user = owners.get(client);
    if (user === undefined) unknown = true;
    else byUser.set(user, (byUser.get(user) ?? 0) + chars);
  }
  const writers = [...byUser].map(([userId, chars]) => ({ userId, chars }));
  writers.sort((a, b) => b.chars - a.chars);
  return { writers, unknown };
}
