import { readFileSync } from "node:fs";
import path from "node:path";
import type { Node as PMNode } from "@tiptap/pm/model";
import { EditorState, Plugin, TextSelection, type Command, type Transaction } from "@tiptap/pm/state";
import { initProseMirrorDoc, ProsemirrorBinding, ySyncPluginKey, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { FRAGMENT } from "~/features/collab/content";
// The editor syncs through it: tested as it runs.
import "~/features/collab/local-changes";
import { parseFountain } from "./fountain";
import {
  BLOCK_SIZE,
  elementsOfSlice,
  insertBlockAfter,
  joinBackwardAcrossBlocks,
  joinForwardAcrossBlocks,
  keepBlocksApart,
  startsNewBlock,
} from "./scene-blocks";
import { SCENE_BLOCK, scriptFromJSON, screenplaySchema } from "./schema";
import { docOfScript } from "./ydoc";

const source = readFileSync(path.join(import.meta.dirname, "corpus/les-veilleurs.fountain"), "utf8");
const script = parseFountain(source).script;

/**
 * A writer's editor on the script's Yjs document (y-tiptap's real binding, synced after
 * each transaction as the editor's view does), and a second writer's copy of the document.
 */
function writers({ keepApart = true } = {}) {
  const ydoc = docOfScript(script);
  const fragment = ydoc.getXmlFragment(FRAGMENT);
  const { doc, mapping } = initProseMirrorDoc(fragment, screenplaySchema());
  const binding = new ProsemirrorBinding(fragment, mapping) as unknown as {
    prosemirrorView: { state: EditorState } | null;
    _prosemirrorChanged(doc: PMNode): void;
  };
  const plugins = keepApart ? [new Plugin({ appendTransaction: keepBlocksApart })] : [];
  let state = EditorState.create({ doc: doc as PMNode, schema: screenplaySchema(), plugins });
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc));
  // Until `exchange`, the other writer does not hear ours: what they do meanwhile is concurrent.
  const sync = () => Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc, Y.encodeStateVector(other)));
  const dispatch = (tr: Transaction) => {
    state = state.apply(tr);
    binding.prosemirrorView = { state };
    binding._prosemirrorChanged(state.doc);
  };
  return {
    fragment,
    other: other.getXmlFragment(FRAGMENT),
    get state() {
      return state;
    },
    dispatch,
    edit(change: (tr: Transaction) => void) {
      const tr = state.tr;
      change(tr);
      dispatch(tr);
    },
    run(command: Command) {
      return command(state, dispatch);
    },
    exchange: sync,
  };
}

const blocks = (f: Y.XmlFragment) => f.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === SCENE_BLOCK);
const elementsOf = (block: Y.XmlElement) => block.toArray() as Y.XmlElement[];
const textOf = (element: Y.XmlElement) => (element.toArray() as Y.XmlText[]).map((t) => t.toString().replace(/<[^>]*>/g, "")).join("");
/** The script as the editor holds it, and as each Yjs copy holds it. */
const shown = (f: Y.XmlFragment) => screenplaySchema().nodeFromJSON(yXmlFragmentToProsemirrorJSON(f)).toJSON();

/** The block-th scene block of `doc`. */
const blockAt = (doc: PMNode, block: number) => doc.content.content.filter((n) => n.type.name === SCENE_BLOCK)[block]!;

/** Where the index-th element of the block-th block starts (its content), in `doc`. */
function startOf(doc: PMNode, block: number, element: number): number {
  let pos = 0;
  let seen = -1;
  for (let i = 0; i < doc.childCount; i++) {
    const node = doc.child(i);
    if (node.type.name === SCENE_BLOCK && ++seen === block) {
      pos += 1;
      for (let j = 0; j < element; j++) pos += node.child(j).nodeSize;
      return pos + 1;
    }
    pos += node.nodeSize;
  }
  throw new Error(`no block ${block}`);
}

describe("scene blocks", () => {
  test("an imported script has a block for each scene; its elements read back in order", () => {
    const w = writers();
    const headings = script.elements.filter((e) => e.type === "sceneHeading").length;
    const ys = blocks(w.fragment);
    expect(ys.length).toBe(headings + 1); // and the opening before the first heading
    expect(ys.slice(1).every((b) => elementsOf(b)[0]!.nodeName === "sceneHeading")).toBe(true);
    expect(scriptFromJSON(w.state.doc.toJSON())).toEqual(script);
  });

  test("Backspace at the start of a scene joins its heading to the line before; no block moves in Yjs", () => {
    const w = writers();
    const before = blocks(w.fragment);
    const previous = elementsOf(before[1]!);
    const lastLine = previous.at(-1)!;
    const lastText = textOf(lastLine);
    const heading = textOf(elementsOf(before[2]!)[0]!);
    w.edit((tr) => tr.setSelection(TextSelection.create(tr.doc, startOf(tr.doc, 2, 0))));
    expect(w.run(joinBackwardAcrossBlocks)).toBe(true);

    const after = blocks(w.fragment);
    expect(after).toEqual(before); // the same Yjs blocks, in the same order
    expect(elementsOf(after[1]!).at(-1)).toBe(lastLine); // the line before, the same Yjs element…
    expect(textOf(lastLine)).toBe(lastText + heading); // …now holding the heading's text
    expect(elementsOf(after[2]!).length).toBe(elementsOf(before[2]!).length);
    expect(w.state.selection.from).toBe(startOf(w.state.doc, 1, previous.length - 1) + lastText.length);
    w.exchange();
    expect(shown(w.other)).toEqual(w.state.doc.toJSON());
  });

  test("Delete at the end of a scene joins the next scene's heading to it; no block moves in Yjs", () => {
    const w = writers();
    const before = blocks(w.fragment);
    const lastLine = elementsOf(before[1]!).at(-1)!;
    const lastText = textOf(lastLine);
    const heading = textOf(elementsOf(before[2]!)[0]!);
    w.edit((tr) => tr.setSelection(TextSelection.create(tr.doc, startOf(tr.doc, 2, 0) - 4)));
    expect(w.state.selection.$from.parent.textContent).toBe(lastText);
    expect(w.run(joinForwardAcrossBlocks)).toBe(true);
    expect(blocks(w.fragment)).toEqual(before);
    expect(textOf(lastLine)).toBe(lastText + heading);
    // Inside a block, the editor's own Backspace and Delete apply.
    w.edit((tr) => tr.setSelection(TextSelection.create(tr.doc, startOf(tr.doc, 2, 1))));
    expect(w.run(joinBackwardAcrossBlocks)).toBe(false);
  });

  test("a scene of one line joined to the scene before leaves no empty block", () => {
    const w = writers();
    // Make scene 2 a single heading, then join it backwards.
    w.edit((tr) => tr.delete(startOf(tr.doc, 2, 1) - 1, startOf(tr.doc, 3, 0) - 3));
    expect(blockAt(w.state.doc, 2).childCount).toBe(1);
    const count = blocks(w.fragment).length;
    w.edit((tr) => tr.setSelection(TextSelection.create(tr.doc, startOf(tr.doc, 2, 0))));
    expect(w.run(joinBackwardAcrossBlocks)).toBe(true);
    expect(blocks(w.fragment).length).toBe(count - 1);
    w.exchange();
    expect(shown(w.other)).toEqual(w.state.doc.toJSON());
  });

  for (const keepApart of [true, false]) {
    test(`a selection deleted across scenes ${keepApart ? "keeps" : "(without keepBlocksApart) loses"} what another writer types meanwhile on either side`, () => {
      const w = writers({ keepApart });
      const ys = blocks(w.fragment);
      // The other writer adds to a line of scene 1 and a line of scene 3 while we delete
      // from the middle of scene 1's third line to the middle of scene 3's third line.
      const typeAtEnd = (block: number, element: number, text: string) => {
        const line = blocks(w.other)[block]!.toArray()[element] as Y.XmlElement;
        const last = line.toArray().at(-1) as Y.XmlText;
        last.insert(last.length, text);
      };
      typeAtEnd(1, 1, " (early, meanwhile)");
      typeAtEnd(3, 4, " (late, meanwhile)");
      const kept = elementsOf(ys[3]!)[4]!;
      w.edit((tr) => tr.delete(startOf(tr.doc, 1, 2) + 3, startOf(tr.doc, 3, 2) + 3));
      w.exchange();
      const all = w.other.toString();
      if (keepApart) {
        expect(all).toContain("(early, meanwhile)");
        expect(all).toContain("(late, meanwhile)");
        expect(blocks(w.fragment)).toEqual([...ys.slice(0, 2), ...ys.slice(3)]); // the scene in between is gone, no other block
        expect(elementsOf(ys[3]!)).toContain(kept);
        expect(shown(w.fragment)).toEqual(w.state.doc.toJSON());
      } else {
        // What the repair prevents: ProseMirror merged the blocks, y-tiptap kept one of
        // them and made the other's lines anew, without what was typed into them.
        expect(all.includes("(early, meanwhile)") && all.includes("(late, meanwhile)")).toBe(false);
      }
    });
  }

  test("typing over a selection across scenes splits the merged block where the later scene's lines resume", () => {
    const w = writers();
    const count = w.state.doc.childCount;
    const rest = blockAt(w.state.doc, 2).child(2);
    w.edit((tr) => tr.insertText("X", startOf(tr.doc, 1, 1) + 2, startOf(tr.doc, 2, 1) + 2));
    // Scenes 1 and 2 merged, then split again before the first untouched line of scene 2.
    expect(w.state.doc.childCount).toBe(count);
    expect(blockAt(w.state.doc, 1).lastChild!.textContent).toContain("X");
    expect(blockAt(w.state.doc, 2).firstChild).toBe(rest);
    expect(shown(w.fragment)).toEqual(w.state.doc.toJSON());
  });

  test("a transaction from another writer is never split", () => {
    const w = writers();
    const tr = w.state.tr.delete(startOf(w.state.doc, 1, 2) + 3, startOf(w.state.doc, 3, 2) + 3);
    const plain = EditorState.create({ doc: w.state.doc, schema: screenplaySchema() });
    const merged = plain.apply(tr);
    expect(keepBlocksApart([tr], plain, merged)).not.toBeNull();
    tr.setMeta(ySyncPluginKey, { isChangeOrigin: true });
    expect(keepBlocksApart([tr], plain, merged)).toBeNull();
  });

  test("Enter at the end of a long scene, or before a scene heading, starts a new block", () => {
    const schema = screenplaySchema();
    const line = (i: number) => schema.nodes.action!.create(null, schema.text(`Line ${i}`));
    const docOf = (n: number) => schema.nodes.doc!.create(null, schema.nodes[SCENE_BLOCK]!.create(null, Array.from({ length: n }, (_, i) => line(i))));
    const atEnd = (doc: PMNode) => EditorState.create({ doc, selection: TextSelection.create(doc, doc.content.size - 2) });
    expect(startsNewBlock(atEnd(docOf(3)), "action")).toBe(false);
    expect(startsNewBlock(atEnd(docOf(3)), "sceneHeading")).toBe(true);
    expect(startsNewBlock(atEnd(docOf(BLOCK_SIZE)), "action")).toBe(true);
    // Not at the end of the line, or not on the block's last line: the line splits as usual.
    const long = docOf(BLOCK_SIZE);
    expect(startsNewBlock(EditorState.create({ doc: long, selection: TextSelection.create(long, long.content.size - 3) }), "action")).toBe(false);
    expect(startsNewBlock(EditorState.create({ doc: long, selection: TextSelection.create(long, 4) }), "sceneHeading")).toBe(false);
    const state = atEnd(docOf(3));
    const next = state.apply(insertBlockAfter(state.tr, schema.nodes.sceneHeading!, null));
    expect(next.doc.childCount).toBe(2);
    expect(next.doc.child(0)).toBe(state.doc.child(0));
    expect(next.selection.$from.parent.type.name).toBe("sceneHeading");
    expect(next.selection.$from.node(1)).toBe(next.doc.child(1));
  });

  test("what is copied across scenes is pasted as lines, into the scene the caret is in", () => {
    const w = writers();
    const slice = w.state.doc.slice(startOf(w.state.doc, 1, 1) + 2, startOf(w.state.doc, 3, 1) + 2);
    expect(slice.content.firstChild!.type.name).toBe(SCENE_BLOCK);
    const lines = elementsOfSlice(slice);
    expect(lines.openStart).toBe(slice.openStart - 1);
    const names = new Set<string>();
    lines.content.forEach((n) => void names.add(n.type.name));
    expect(names.has(SCENE_BLOCK)).toBe(false);
    expect(lines.content.textBetween(0, lines.content.size, "\n")).toBe(slice.content.textBetween(0, slice.content.size, "\n"));
    const count = w.state.doc.childCount;
    w.edit((tr) => tr.setSelection(TextSelection.create(tr.doc, startOf(tr.doc, 3, 1))).replaceSelection(lines));
    expect(w.state.doc.childCount).toBe(count);
  });
});
