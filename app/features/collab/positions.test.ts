import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Fragment, Slice, type Node as PMNode } from "@tiptap/pm/model";
import { absolutePositionToRelativePosition, initProseMirrorDoc, relativePositionToAbsolutePosition } from "@tiptap/y-tiptap";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import type { Script } from "~/features/script/model";
import { parseFountain } from "~/features/script/fountain";
import { SCENE_BLOCK, screenplaySchema } from "~/features/script/schema";
import { elementsOf, scriptForms, yElementsOf } from "../../../tests/support/script-docs";
import { FRAGMENT } from "./content";
import { absoluteToRelative, relativeToAbsolute, type Mapping } from "./positions";

const corpus = path.join(import.meta.dirname, "../script/corpus");

/** Every element of the corpus, a title page, hard breaks, marks, page breaks, and an
 * empty element (a caret in an element with no text is an edge case of its own). */
function scriptDoc(docOf: (script: Script) => Y.Doc) {
  const scripts = readdirSync(corpus)
    .filter((f) => f.endsWith(".fountain"))
    .map((f) => parseFountain(readFileSync(path.join(corpus, f), "utf8")).script);
  const script = { ...scripts.find((s) => s.titlePage?.length)!, elements: scripts.flatMap((s) => s.elements) };
  script.elements.splice(3, 0, { type: "action", text: [] });
  return docOf(script);
}

function shown(ydoc: Y.Doc) {
  const type = ydoc.getXmlFragment(FRAGMENT);
  const { doc, mapping } = initProseMirrorDoc(type, screenplaySchema());
  return { type, doc: doc as PMNode, mapping: mapping as Mapping };
}

describe.each(scriptForms)("caret positions between the editor and the Yjs document, $form", ({ docOf, blocks }) => {
  const ydoc = scriptDoc(docOf);
  const { type, doc, mapping } = shown(ydoc);

  test("the corpus has what the edge cases need", () => {
    const kinds = new Set<string>();
    doc.descendants((n) => void kinds.add(n.type.name));
    for (const kind of ["titlePage", "titleField", "hardBreak", "pageBreak", "sceneHeading", "dialogue", "text"]) expect(kinds).toContain(kind);
    expect(kinds.has(SCENE_BLOCK)).toBe(blocks);
    const elements = elementsOf(doc);
    expect(elements.length).toBeGreaterThan(150);
    expect(elements.filter(({ node }) => node.isTextblock && node.content.size === 0).length).toBeGreaterThan(0);
  });

  test("every position converts to the relative position y-tiptap gives, and back", () => {
    let checked = 0;
    for (let pos = 0; pos <= doc.content.size; pos++) {
      const ours = absoluteToRelative(pos, type, mapping, doc);
      const theirs = absolutePositionToRelativePosition(pos, type, mapping);
      expect(Y.relativePositionToJSON(ours), `position ${pos}`).toEqual(Y.relativePositionToJSON(theirs));
      expect(relativeToAbsolute(ydoc, type, theirs, mapping, doc), `position ${pos}`).toBe(relativePositionToAbsolutePosition(ydoc, type, theirs, mapping));
      checked++;
    }
    expect(checked).toBe(doc.content.size + 1);
  });

  test("only the element a position is in is looked up, not those before it", () => {
    // Without the mapping of the elements before it, y-tiptap's walk counts them as empty:
    // ours finds the element by its offset in the document and gives the right answer.
    // Ours finds a top-level node (in scene blocks, the block) and walks inside it: so it
    // is the top-level nodes before the last whose mapping goes, whatever the form.
    const last = doc.content.childCount - 1;
    const partial: Mapping = new Map(mapping);
    let item = type._start;
    for (let i = 0; item && i < last; item = item.right) {
      if (item.deleted) continue;
      partial.delete((item.content as Y.ContentType).type);
      i++;
    }
    const pos = doc.content.size - 2;
    expect(Y.relativePositionToJSON(absoluteToRelative(pos, type, partial, doc))).toEqual(Y.relativePositionToJSON(absolutePositionToRelativePosition(pos, type, mapping)));
    expect(Y.relativePositionToJSON(absolutePositionToRelativePosition(pos, type, partial))).not.toEqual(Y.relativePositionToJSON(absolutePositionToRelativePosition(pos, type, mapping)));
    const rel = absolutePositionToRelativePosition(pos, type, mapping);
    expect(relativeToAbsolute(ydoc, type, rel, partial, doc)).toBe(pos);
  });

  test("after another writer's edits, positions still resolve as y-tiptap resolves them", () => {
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc));
    const before = Array.from({ length: 400 }, (_, i) => absolutePositionToRelativePosition(Math.floor((i * doc.content.size) / 400), type, mapping));
    const fragment = other.getXmlFragment(FRAGMENT);
    // Someone deletes two elements near the start, adds one, and types into a third.
    const [fifth, sixth] = yElementsOf(fragment).slice(5, 7);
    for (const { parent, index } of [sixth!, fifth!]) parent.delete(index, 1);
    const added = new Y.XmlElement("action");
    added.insert(0, [new Y.XmlText("A new line of action.")]);
    const twentieth = yElementsOf(fragment)[20]!;
    twentieth.parent.insert(twentieth.index, [added]);
    (yElementsOf(fragment)[40]!.element.get(0) as Y.XmlText).insert(0, "Quickly, ");
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(ydoc)));
    const now = shown(ydoc);
    for (const rel of before) {
      expect(relativeToAbsolute(ydoc, now.type, rel, now.mapping, now.doc)).toBe(relativePositionToAbsolutePosition(ydoc, now.type, rel, now.mapping));
    }
  });

  test("when the editor has an element the Yjs document has not yet, positions name the editor's characters", () => {
    // The editor has one element more than the Yjs document (a split not yet sent), after
    // the first element: in scene blocks, inside the first block, so the top level still
    // lines up and the positions after it are in blocks that did not change.
    const first = elementsOf(doc)[1]!;
    const after = first.pos + first.node.nodeSize;
    const added = screenplaySchema().nodes.action!.create();
    const split = doc.replace(after, after, new Slice(Fragment.from(added), 0, 0));
    expect(elementsOf(split)).toHaveLength(elementsOf(doc).length + 1);
    for (const pos of [1, 50, Math.floor(doc.content.size / 2), doc.content.size - 2]) {
      const theirs = Y.relativePositionToJSON(absolutePositionToRelativePosition(pos, type, mapping));
      // Without blocks the top level no longer lines up and y-tiptap's walk answers, as for
      // the synced document. In blocks, the block is found by the editor's own offsets: the
      // position past the new element names the character it names in the editor.
      const inEditor = blocks && pos >= after ? pos + added.nodeSize : pos;
      expect(Y.relativePositionToJSON(absoluteToRelative(inEditor, type, mapping, split)), `position ${pos}`).toEqual(theirs);
    }
  });

});
