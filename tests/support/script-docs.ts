// Scripts in both the forms live documents hold: elements in scene blocks, and elements
// at the top level, as scripts written before blocks (decision 0016) still have them.
import type { JSONContent } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { FRAGMENT } from "~/features/collab/content";
import type { Script } from "~/features/script/model";
import { forEachElement, SCENE_BLOCK, scriptToJSON, screenplaySchema } from "~/features/script/schema";
import { docOfScript } from "~/features/script/ydoc";

/** The editor's document for the script, its elements at the top level (checked against the schema). */
function flatScriptToJSON(script: Script): JSONContent {
  const json = scriptToJSON(script);
  json.content = (json.content ?? []).flatMap((n) => (n.type === SCENE_BLOCK ? (n.content ?? []) : [n]));
  screenplaySchema().nodeFromJSON(json).check();
  return json;
}

/** A fresh document holding the script without scene blocks, as `docOfScript` makes it with them. */
function flatDocOfScript(script: Script): Y.Doc {
  const doc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(screenplaySchema(), flatScriptToJSON(script), doc.getXmlFragment(FRAGMENT));
  return doc;
}

/** Both forms, for `describe.each`. */
export const scriptForms = [
  { form: "in scene blocks", blocks: true, docOf: docOfScript, jsonOf: scriptToJSON },
  { form: "without scene blocks (scripts from before them)", blocks: false, docOf: flatDocOfScript, jsonOf: flatScriptToJSON },
];

/** The script's nodes in order (the title page, then its elements, whether in a block or
 * not), each with its position in the document. In the flat form: the top-level nodes. */
export function elementsOf(doc: PMNode): { node: PMNode; pos: number }[] {
  const out: { node: PMNode; pos: number }[] = [];
  if (doc.firstChild?.type.name === "titlePage") out.push({ node: doc.firstChild, pos: 0 });
  forEachElement(doc, (node, pos) => void out.push({ node, pos }));
  return out;
}

/** The same nodes in the Yjs document, each with the type holding it and its index there. */
export function yElementsOf(fragment: Y.XmlFragment): { element: Y.XmlElement; parent: Y.XmlFragment; index: number }[] {
  return fragment.toArray().flatMap((top, i) =>
    top instanceof Y.XmlElement && top.nodeName === SCENE_BLOCK
      ? top.toArray().map((element, index) => ({ element: element as Y.XmlElement, parent: top as Y.XmlFragment, index }))
      : [{ element: top as Y.XmlElement, parent: fragment, index: i }],
  );
}
