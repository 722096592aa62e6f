import { readFileSync } from "node:fs";
import path from "node:path";
import type { Node as PMNode } from "@tiptap/pm/model";
import { EditorState, TextSelection, type Transaction } from "@tiptap/pm/state";
import { initProseMirrorDoc, ProsemirrorBinding, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { parseFountain } from "~/features/script/fountain";
import type { Script } from "~/features/script/model";
import { screenplaySchema } from "~/features/script/schema";
import { elementsOf, scriptForms, yElementsOf } from "../../../tests/support/script-docs";
import { FRAGMENT } from "./content";
import { changedElements } from "./local-changes";

const source = readFileSync(path.join(import.meta.dirname, "../script/corpus/les-veilleurs.fountain"), "utf8");

/** A writer's editor bound to a Yjs document, and a second writer's copy of that document. */
function writers(docOf: (script: Script) => Y.Doc) {
  const ydoc = docOf(parseFountain(source).script);
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

/** The index-th element (./script-docs' `elementsOf`), and its position. */
const elementAt = (doc: PMNode, index: number) => elementsOf(doc)[index]!;
/** The position at the end of the text of the index-th element. */
const endOf = (doc: PMNode, index: number) => elementAt(doc, index).pos + elementAt(doc, index).node.nodeSize - 1;
const indexOf = (doc: PMNode, type: string) => elementsOf(doc).findIndex(({ node }) => node.type.name === type);
/** The Yjs types that hold the script: the top-level ones (blocks, in blocks) and the elements. */
const yTypes = (fragment: Y.XmlFragment) => [...fragment.toArray(), ...yElementsOf(fragment).map(({ element }) => element)];

describe.each(scriptForms)("local changes reach the Yjs document, $form", ({ docOf, blocks }) => {
  test("typing, deleting, marks and attributes update the elements they touch, in place", () => {
    const w = writers(docOf);
    const dialogue = indexOf(w.state.doc, "dialogue");
    const action = indexOf(w.state.doc, "action");
    const elementsBefore = yTypes(w.fragment);
    const updates: Uint8Array[] = [];
    w.fragment.doc!.on("update", (u: Uint8Array) => updates.push(u));

    for (const letter of "Still here.") w.edit((tr) => tr.insertText(letter, endOf(tr.doc, dialogue)));
    w.edit((tr) => tr.delete(endOf(tr.doc, dialogue) - 1, endOf(tr.doc, dialogue)));
    const end = endOf(w.state.doc, dialogue);
    w.edit((tr) => tr.addMark(end - 10, end, screenplaySchema().marks.bold!.create()));
    w.edit((tr) => tr.setNodeAttribute(elementAt(tr.doc, action).pos, "centered", true));

    expect(shown(w.fragment)).toEqual(w.state.doc.toJSON());
    expect(shown(w.other)).toEqual(w.state.doc.toJSON());
    expect(elementAt(w.state.doc, dialogue).node.textContent).toMatch(/Still here$/);
    expect(elementAt(w.state.doc, action).node.attrs.centered).toBe(true);
    // Still the same Yjs elements (and blocks): what others write into them meanwhile is kept.
    const elementsAfter = yTypes(w.fragment);
    expect(elementsAfter).toHaveLength(elementsBefore.length);
    expect(elementsAfter.every((e, i) => e === elementsBefore[i])).toBe(true);
    expect(updates.length).toBe(14);
  });

  test("a selection change or a caret move writes nothing", () => {
    const w = writers(docOf);
    const updates: Uint8Array[] = [];
    w.fragment.doc!.on("update", (u: Uint8Array) => updates.push(u));
    w.edit((tr) => tr.setSelection(TextSelection.create(tr.doc, endOf(tr.doc, 10))));
    w.edit((tr) => tr.setMeta("someone", "moved"));
    expect(updates).toHaveLength(0);
    expect(changedElements(w.binding as never, w.state.doc)).toEqual([]);
  });

  test("new, removed, split and retyped elements go through y-tiptap's whole comparison", () => {
    const w = writers(docOf);
    const schema = screenplaySchema();
    // Without a view, y-tiptap's own sync throws: the split went its way. That takes a change
    // of the top-level nodes: in scene blocks, the split is of the element and of its block
    // (changes inside a block, as the insert and the retyping below, update that block in
    // place, through y-tiptap's comparison of the block).
    const depth = blocks ? 2 : 1;
    expect(() => w.edit((tr) => tr.split(endOf(tr.doc, 12) - 2, depth))).toThrow();
    w.edit((tr) => tr.split(endOf(tr.doc, 12) - 2, depth), { view: true });
    w.edit((tr) => tr.insert(endOf(tr.doc, 30) + 1, schema.nodes.action!.create(null, schema.text("A door slams."))), { view: true });
    w.edit((tr) => tr.delete(endOf(tr.doc, 3) + 1, endOf(tr.doc, 5) + 1), { view: true });
    const dialogue = indexOf(w.state.doc, "dialogue");
    w.edit((tr) => tr.setNodeMarkup(elementAt(tr.doc, dialogue).pos, schema.nodes.action), { view: true });
    expect(elementAt(w.state.doc, dialogue).node.type.name).toBe("action");
    expect(shown(w.fragment)).toEqual(w.state.doc.toJSON());
    expect(shown(w.other)).toEqual(w.state.doc.toJSON());
  });
});
