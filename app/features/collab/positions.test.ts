import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Node as PMNode } from "@tiptap/pm/model";
import { absolutePositionToRelativePosition, initProseMirrorDoc, relativePositionToAbsolutePosition } from "@tiptap/y-tiptap";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { parseFountain } from "~/features/script/fountain";
import { screenplaySchema } from "~/features/script/schema";
import { docOfScript } from "~/features/script/ydoc";
import { FRAGMENT } from "./content";
import { absoluteToRelative, relativeToAbsolute, type Mapping } from "./positions";

const corpus = path.join(import.meta.dirname, "../script/corpus");

/** Every element of the corpus, a title page, hard breaks, marks, page breaks, and an
 * empty element (a caret in an element with no text is an edge case of its own). */
function scriptDoc() {
  const scripts = readdirSync(corpus)
    .filter((f) => f.endsWith(".fountain"))
    .map((f) => parseFountain(readFileSync(path.join(corpus, f), "utf8")).script);
  const script = { ...scripts.find((s) => s.titlePage?.length)!, elements: scripts.flatMap((s) => s.elements) };
  script.elements.splice(3, 0, { type: "action", text: [] });
  return docOfScript(script);
}

function shown(ydoc: Y.Doc) {
  const type = ydoc.getXmlFragment(FRAGMENT);
  const { doc, mapping } = initProseMirrorDoc(type, screenplaySchema());
  return { type, doc: doc as PMNode, mapping: mapping as Mapping };
}

describe("caret positions between the editor and the Yjs document", () => {
  const ydoc = scriptDoc();
  const { type, doc, mapping } = shown(ydoc);

  test("the corpus has what the edge cases need", () => {
    const kinds = new Set<string>();
    doc.descendants((n) => void kinds.add(n.type.name));
    for (const kind of ["titlePage", "titleField", "hardBreak", "pageBreak", "sceneHeading", "dialogue", "text"]) expect(kinds).toContain(kind);
    expect(doc.content.childCount).toBeGreaterThan(150);
    let empty = 0;
    doc.forEach((n) => void (n.isTextblock && n.content.size === 0 && empty++));
    expect(empty).toBeGreaterThan(0);
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
    fragment.delete(5, 2);
    const added = new Y.XmlElement("action");
    added.insert(0, [new Y.XmlText("A new line of action.")]);
    fragment.insert(20, [added]);
    ((fragment.get(40) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "Quickly, ");
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(ydoc)));
    const now = shown(ydoc);
    for (const rel of before) {
      expect(relativeToAbsolute(ydoc, now.type, rel, now.mapping, now.doc)).toBe(relativePositionToAbsolutePosition(ydoc, now.type, rel, now.mapping));
    }
  });

  test("when the editor's document and the Yjs document differ in elements, y-tiptap's walk answers", () => {
    // The editor has one element more than the Yjs document (a split not yet sent).
    const split = doc.copy(doc.content.addToEnd(screenplaySchema().nodes.action!.create()));
    for (const pos of [1, 50, Math.floor(doc.content.size / 2), doc.content.size - 2]) {
      expect(Y.relativePositionToJSON(absoluteToRelative(pos, type, mapping, split))).toEqual(
        Y.relativePositionToJSON(absolutePositionToRelativePosition(pos, type, mapping)),
      );
    }
  });
});
