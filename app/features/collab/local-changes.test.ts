import { readFileSync } from "node:fs";
import path from "node:path";
import type { Node as PMNode } from "@tiptap/pm/model";
import { EditorState, TextSelection, type Transaction } from "@tiptap/pm/state";
import { initProseMirrorDoc, ProsemirrorBinding, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { parseFountain } from "~/features/script/fountain";
import { screenplaySchema } from "~/features/script/schema";
import { docOfScript } from "~/features/script/ydoc";
import { FRAGMENT } from "./content";
import { changedElements } from "./local-changes";

const source = readFileSync(path.join(import.meta.dirname, "../script/corpus/les-veilleurs.fountain"), "utf8");

/** A writer's editor bound to a Yjs document, and a second writer's copy of that document. */
function writers() {
  const ydoc = docOfScript(parseFountain(source).script);
  const fragment = ydoc.getXmlFragment(FRAGMENT);
  const { doc, mapping } = initProseMirrorDoc(fragment, screenplaySchema());
  const binding = new ProsemirrorBinding(fragment, mapping) as unknown as {
    prosemirrorView: { state: EditorState } | null;
    _prosemirrorChanged(doc: PMNode): void;
    mapping: Map<unknown, unknown>;
    type: Y.XmlFragment;
  };
  let state = EditorState.create({ doc: doc as PMNode, schema: screenplaySchema() });
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc));
  ydoc.on("update", (u: Uint8Array) => Y.applyUpdate(other, u));
  return {
    fragment,
    binding,
    other: other.getXmlFragment(FRAGMENT),
    get state() {
      return state;
    },
    /** One editor transaction, synced as the editor's view update syncs it. */
    edit(change: (tr: Transaction) => void, { view = false } = {}) {
      const tr = state.tr;
      change(tr);
      state = state.apply(tr);
      // With no view, y-tiptap's own sync cannot run (it reads the view's selection):
      // what needs no view went through the in-place path.
      binding.prosemirrorView = view ? { state } : null;
      binding._prosemirrorChanged(state.doc);
    },
  };
}

/** What a Yjs fragment holds, as the editor's document. */
const shown = (fragment: Y.XmlFragment) => screenplaySchema().nodeFromJSON(yXmlFragmentToProsemirrorJSON(fragment)).toJSON();

/** The position at the end of the text of the index-th top-level element. */
const endOf = (doc: PMNode, index: number) => {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
  return pos + doc.child(index).nodeSize - 1;
};

describe("local changes reach the Yjs document", () => {
  test("typing, deleting, marks and attributes update the elements they touch, in place", () => {
    const w = writers();
    const dialogue = w.state.doc.content.content.findIndex((n) => n.type.name === "dialogue");
    const action = w.state.doc.content.content.findIndex((n) => n.type.name === "action");
    const elementsBefore = w.fragment.toArray();
    const updates: Uint8Array[] = [];
    w.fragment.doc!.on("update", (u: Uint8Array) => updates.push(u));

    for (const letter of "Still here.") w.edit((tr) => tr.insertText(letter, endOf(tr.doc, dialogue)));
    w.edit((tr) => tr.delete(endOf(tr.doc, dialogue) - 1, endOf(tr.doc, dialogue)));
    const end = endOf(w.state.doc, dialogue);
    w.edit((tr) => tr.addMark(end - 10, end, screenplaySchema().marks.bold!.create()));
    w.edit((tr) => tr.setNodeAttribute(endOf(tr.doc, action) - tr.doc.child(action).content.size - 1, "centered", true));

    expect(shown(w.fragment)).toEqual(w.state.doc.toJSON());
    expect(shown(w.other)).toEqual(w.state.doc.toJSON());
    expect(w.state.doc.child(dialogue).textContent).toMatch(/Still here$/);
    expect(w.state.doc.child(action).attrs.centered).toBe(true);
    // Still the same Yjs elements: what others write into them meanwhile is kept.
    expect(w.fragment.toArray().every((e, i) => e === elementsBefore[i])).toBe(true);
    expect(updates.length).toBe(14);
  });

  test("a selection change or a caret move writes nothing", () => {
    const w = writers();
    const updates: Uint8Array[] = [];
    w.fragment.doc!.on("update", (u: Uint8Array) => updates.push(u));
    w.edit((tr) => tr.setSelection(TextSelection.create(tr.doc, endOf(tr.doc, 10))));
    w.edit((tr) => tr.setMeta("someone", "moved"));
    expect(updates).toHaveLength(0);
    expect(changedElements(w.binding as never, w.state.doc)).toEqual([]);
  });

  test("new, removed, split and retyped elements go through y-tiptap's whole comparison", () => {
    const w = writers();
    const schema = screenplaySchema();
    expect(() => w.edit((tr) => tr.split(endOf(tr.doc, 12) - 2))).toThrow();
    w.edit((tr) => tr.split(endOf(tr.doc, 12) - 2), { view: true });
    w.edit((tr) => tr.insert(endOf(tr.doc, 30) + 1, schema.nodes.action!.create(null, schema.text("A door slams."))), { view: true });
    w.edit((tr) => tr.delete(endOf(tr.doc, 3) + 1, endOf(tr.doc, 5) + 1), { view: true });
    const dialogue = w.state.doc.content.content.findIndex((n) => n.type.name === "dialogue");
    w.edit((tr) => tr.setNodeMarkup(endOf(tr.doc, dialogue) - tr.doc.child(dialogue).content.size - 1, schema.nodes.action), { view: true });
    expect(w.state.doc.child(dialogue).type.name).toBe("action");
    expect(shown(w.fragment)).toEqual(w.state.doc.toJSON());
    expect(shown(w.other)).toEqual(w.state.doc.toJSON());
  });
});
