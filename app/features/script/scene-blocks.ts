// Scene blocks stay put while people write (decision 0016).
//
// The editor's elements are grouped in blocks, a block for each scene of an imported
// script. Each block is a Yjs element too, and Yjs cannot move an element from one block
// to another: it deletes it and makes a new one, and whatever someone else was typing
// into the old one at that moment, or a comment anchored in it, would be lost. So no edit
// here ever merges two blocks:
// - Backspace at the start of a block, or Delete at its end, joins the two *elements*
//   across the edge, as it would in a script without blocks; the blocks stay.
// - A selection deleted (or typed over, or pasted over) across blocks leaves each block's
//   remaining elements in their own block: the merged block ProseMirror makes is split
//   again where the later block's elements start.
// - Pasted or dropped blocks arrive as their elements.
// - Enter at the end of a block's last element starts a new block when the block is long,
//   or when the next element is a scene heading; a script written in the editor gets its
//   blocks that way, and no existing element ever changes block.
import { Extension } from "@tiptap/core";
import { Fragment, Slice, type Node as PMNode, type NodeType } from "@tiptap/pm/model";
import { Plugin, PluginKey, TextSelection, type Command, type EditorState, type Transaction } from "@tiptap/pm/state";
import { Mapping } from "@tiptap/pm/transform";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { SCENE_BLOCK } from "./schema";

/** A block this long gets no more elements from Enter at its end: a new block starts. */
export const BLOCK_SIZE = 40;

const isBlock = (node: PMNode | null | undefined) => node?.type.name === SCENE_BLOCK;

/** Delete the element at `pos`, with its block when it is the block's only element. */
function deleteElement(tr: Transaction, pos: number) {
  const $pos = tr.doc.resolve(pos);
  const node = $pos.nodeAfter!;
  if ($pos.depth === 1 && isBlock($pos.parent) && $pos.parent.childCount === 1) tr.delete($pos.before(1), $pos.after(1));
  else tr.delete(pos, pos + node.nodeSize);
}

/** Move the textblock at `from` to the end of the textblock ending at `end`, as a join does. */
function joinInto(tr: Transaction, targetPos: number, target: PMNode, from: number) {
  const source = tr.doc.nodeAt(from)!;
  const end = targetPos + target.nodeSize - 1;
  // The later element goes first: the earlier one's positions do not move.
  deleteElement(tr, from);
  tr.insert(end, source.content);
  tr.clearIncompatible(targetPos, target.type);
  tr.setSelection(TextSelection.create(tr.doc, end));
}

/** Backspace at the start of a block's first element: join it to the element before. */
export const joinBackwardAcrossBlocks: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  if (!empty || !(state.selection instanceof TextSelection) || $from.parentOffset > 0) return false;
  if ($from.depth !== 2 || !isBlock($from.node(1)) || $from.index(1) > 0 || $from.index(0) === 0) return false;
  const blockPos = $from.before(1);
  const before = state.doc.child($from.index(0) - 1);
  const target = isBlock(before) ? before.lastChild! : before;
  if (target.type.name === "titlePage") return false;
  const targetPos = (isBlock(before) ? blockPos - 1 : blockPos) - target.nodeSize;
  if (dispatch) {
    const tr = state.tr;
    // A page break before the line: Backspace removes it, as anywhere else.
    if (!target.isTextblock) deleteElement(tr, targetPos);
    else joinInto(tr, targetPos, target, $from.before(2));
    dispatch(tr.scrollIntoView());
  }
  return true;
};

/** Delete at the end of a block's last element: join the next element to it. */
export const joinForwardAcrossBlocks: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  if (!empty || !(state.selection instanceof TextSelection) || $from.parentOffset < $from.parent.content.size) return false;
  if ($from.depth !== 2 || !isBlock($from.node(1)) || $from.index(1) < $from.node(1).childCount - 1) return false;
  if ($from.index(0) + 1 >= state.doc.childCount) return false;
  const blockEnd = $from.after(1);
  const after = state.doc.child($from.index(0) + 1);
  const next = isBlock(after) ? after.firstChild! : after;
  const nextPos = isBlock(after) ? blockEnd + 1 : blockEnd;
  if (dispatch) {
    const tr = state.tr;
    if (!next.isTextblock) deleteElement(tr, nextPos);
    else joinInto(tr, $from.before(2), $from.parent, nextPos);
    dispatch(tr.scrollIntoView());
  }
  return true;
};

/** Enter at the end of a block's last element: does the next element start a new block? */
export function startsNewBlock(state: EditorState, next: string): boolean {
  const { $from } = state.selection;
  if ($from.depth !== 2 || !isBlock($from.node(1))) return false;
  const block = $from.node(1);
  if ($from.index(1) !== block.childCount - 1 || $from.parentOffset !== $from.parent.content.size) return false;
  return next === "sceneHeading" || block.childCount >= BLOCK_SIZE;
}

/** A new block after the current one, holding one empty element, with the caret in it. */
export function insertBlockAfter(tr: Transaction, type: NodeType, attrs: Record<string, unknown> | null) {
  const at = tr.selection.$from.after(1);
  tr.insert(at, tr.doc.type.schema.nodes[SCENE_BLOCK]!.create(null, type.create(attrs)));
  tr.setSelection(TextSelection.create(tr.doc, at + 2));
  return tr;
}

const isRemote = (tr: Transaction) => Boolean((tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin);

/**
 * After local transactions that deleted the edge between two blocks, split the merged
 * block again before the first element that was in the later block: each old block's
 * remaining elements stay in a block of their own, which y-tiptap then updates in place.
 */
export function keepBlocksApart(transactions: readonly Transaction[], oldState: EditorState, newState: EditorState): Transaction | null {
  if (!transactions.some((tr) => tr.docChanged) || transactions.some(isRemote)) return null;
  const mapping = new Mapping();
  for (const tr of transactions) mapping.appendMapping(tr.mapping);
  // Old blocks whose edge with the block before is gone.
  const joined: PMNode[] = [];
  const old = oldState.doc;
  old.forEach((node, offset, i) => {
    if (i === 0 || !isBlock(node) || !isBlock(old.child(i - 1))) return;
    if (mapping.mapResult(offset).deletedAcross) joined.push(node);
  });
  if (!joined.length) return null;
  // Where each element is now (elements ProseMirror did not touch are the same objects).
  const now = new Map<PMNode, { index: number; pos: number }>();
  newState.doc.forEach((node, offset) => {
    if (isBlock(node)) node.forEach((child, inner, index) => void now.set(child, { index, pos: offset + 1 + inner }));
  });
  const splits = new Set<number>();
  for (const block of joined) {
    for (let i = 0; i < block.childCount; i++) {
      const at = now.get(block.child(i));
      if (!at) continue;
      if (at.index > 0) splits.add(at.pos);
      break;
    }
  }
  if (!splits.size) return null;
  const tr = newState.tr;
  for (const pos of [...splits].sort((a, b) => b - a)) tr.split(pos);
  return tr;
}

/** Pasted or dropped content as elements: blocks are never pasted whole into a block. */
export function elementsOfSlice(slice: Slice): Slice {
  let blocks = false;
  slice.content.forEach((node) => void (blocks ||= isBlock(node)));
  if (!blocks) return slice;
  const nodes: PMNode[] = [];
  slice.content.forEach((node) => (isBlock(node) ? node.forEach((child) => void nodes.push(child)) : nodes.push(node)));
  return new Slice(Fragment.from(nodes), Math.max(0, slice.openStart - 1), Math.max(0, slice.openEnd - 1));
}

export const SceneBlocks = Extension.create({
  name: "sceneBlocks",
  // Before the editor's own Backspace and Delete.
  priority: 150,

  addKeyboardShortcuts() {
    const back = () => joinBackwardAcrossBlocks(this.editor.state, this.editor.view.dispatch);
    const forward = () => joinForwardAcrossBlocks(this.editor.state, this.editor.view.dispatch);
    return { Backspace: back, "Mod-Backspace": back, "Shift-Backspace": back, Delete: forward, "Mod-Delete": forward };
  },

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey("sceneBlocks"),
        appendTransaction: keepBlocksApart,
        props: { transformPasted: (slice) => elementsOfSlice(slice) },
      }),
    ];
  },
});
