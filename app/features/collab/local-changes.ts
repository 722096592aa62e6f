// Local changes reach the Yjs document without a walk over the whole document.
//
// After every editor transaction (a keystroke, but also a caret move or a new remote caret)
// y-tiptap's binding compares the whole editor document with the Yjs document
// (`updateYFragment` on the root: a map of every element, then a longest-increasing-run
// search meant for moved blocks), and records the selection twice, walking every element
// before the caret each time. The undo plugin records it once more for each transaction.
// In a 3,500-element script that is most of a keystroke's script time.
//
// Here: a change that leaves the top-level nodes in place (typing, deleting inside an
// element, a new element type, a mark; in a script with scene blocks, also anything inside
// a block) updates only the top-level nodes that differ, found by identity, each with
// y-tiptap's own comparison; the selection is recorded through ./positions. Anything else
// (top-level nodes added, removed or moved) goes through y-tiptap as before. Decision 0014 lists what an upgrade of
// y-tiptap must recheck.
import Collaboration from "@tiptap/extension-collaboration";
import type { MarkType, Node as PMNode } from "@tiptap/pm/model";
import type { EditorState, Plugin, Transaction } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";
import { defaultDeleteFilter, ProsemirrorBinding, updateYFragment, yUndoPluginKey, ySyncPluginKey } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { relativeSelection, type Mapping } from "./positions";
import { syncFailed } from "./remote-changes";
import { undoStepsKey, undoStepsPlugin } from "./undo-steps";

type Binding = {
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: Mapping;
  isOMark: Map<MarkType, boolean>;
  prosemirrorView: { state: EditorState } | null;
  beforeTransactionSelection: unknown;
  beforeAllTransactions: () => void;
  _prosemirrorChanged(doc: PMNode): void;
  initView(view: unknown): void;
};

/** The top-level nodes that differ, in place; null when some were added, removed or retyped. */
export function changedElements(binding: Pick<Binding, "type" | "mapping">, doc: PMNode): [Y.XmlElement, PMNode][] | null {
  if (binding.type._length !== doc.childCount) return null;
  const changed: [Y.XmlElement, PMNode][] = [];
  let item = binding.type._start;
  let i = 0;
  for (; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    const element = (item.content as Y.ContentType).type;
    const node = doc.child(i++);
    if (binding.mapping.get(element) === node) continue;
    if (!(element instanceof Y.XmlElement) || element.nodeName !== node.type.name) return null;
    changed.push([element, node]);
  }
  return changed;
}

const patched = Symbol.for("claquette.localChanges");
const proto = ProsemirrorBinding.prototype as unknown as Binding & { [patched]?: true };

if (!proto[patched]) {
  const prosemirrorChanged = proto._prosemirrorChanged;
  proto._prosemirrorChanged = function (this: Binding, doc: PMNode) {
    // An editor that fell behind the document would write its old text over others' (remote-changes.ts).
    if (syncFailed(this.doc)) return;
    const changed = changedElements(this, doc);
    if (changed === null) return prosemirrorChanged.call(this, doc);
    this.mapping.set(this.type, doc);
    if (changed.length === 0) return;
    // y-tiptap also records the selection here; the end of the transaction forgets it.
    this.doc.transact(() => {
      for (const [element, node] of changed) updateYFragment(this.doc, element, node, this);
    }, ySyncPluginKey);
  };

  const initView = proto.initView;
  const fast = Symbol("fast");
  proto.initView = function (this: Binding & { [fast]?: true }, view: unknown) {
    // Before a remote change is applied, the binding records where the caret is, to put it
    // back after: the same record, without the walk. Registered by initView, so set first.
    if (!this[fast]) {
      this.beforeAllTransactions = () => {
        if (this.beforeTransactionSelection === null && this.prosemirrorView != null) {
          this.beforeTransactionSelection = relativeSelection(this, this.prosemirrorView.state);
        }
      };
      this[fast] = true;
    }
    initView.call(this, view);
  };
  proto[patched] = true;
}

type UndoState = { undoManager: Y.UndoManager; prevSel: unknown; hasUndoOps: boolean; hasRedoOps: boolean };

/**
 * Tiptap's Collaboration, with the undo plugin recording the selection through ./positions,
 * undo steps of a word or an element (./undo-steps.ts), and an undo that never deletes an
 * element someone else has typed into.
 */
export const LiveCollaboration = Collaboration.extend({
  addProseMirrorPlugins() {
    const plugins = (this.parent?.() ?? []) as Plugin[];
    // Undoing the creation of an element deletes it only once it is empty: what others
    // typed into it stays (y-tiptap does this for "paragraph" only).
    const protectedNodes = new Set(Object.keys(this.editor.schema.nodes));
    for (const plugin of plugins) {
      if (plugin?.spec.key !== ySyncPluginKey || !plugin.spec.view) continue;
      // The binding writes a transaction's change to Yjs in its view update, where the undo
      // manager decides whether it joins the step before: a new step is decided just before.
      const view = plugin.spec.view;
      plugin.spec.view = (editorView: EditorView) => {
        const inner = view(editorView);
        const undoManager = (yUndoPluginKey.getState(editorView.state) as UndoState | undefined)?.undoManager;
        if (undoManager) undoManager.deleteFilter = (item) => defaultDeleteFilter(item, protectedNodes);
        let steps = undoStepsKey.getState(editorView.state)?.steps ?? 0;
        return {
          update: (v: EditorView, prev: EditorState) => {
            const now = undoStepsKey.getState(v.state)?.steps ?? steps;
            if (now !== steps) {
              steps = now;
              (yUndoPluginKey.getState(v.state) as UndoState | undefined)?.undoManager.stopCapturing();
            }
            inner.update?.(v, prev);
          },
          destroy: () => inner.destroy?.(),
        };
      };
    }
    for (const plugin of plugins) {
      const field = plugin?.spec.key === yUndoPluginKey ? plugin.spec.state : undefined;
      if (!field) continue;
      const apply = field.apply;
      field.apply = (tr: Transaction, value: UndoState, oldState: EditorState, state: EditorState) => {
        const binding = ySyncPluginKey.getState(state)?.binding as Binding | undefined;
        if (!binding) return apply.call(plugin, tr, value, oldState, state) as UndoState;
        const { undoManager } = value;
        return {
          undoManager,
          prevSel: relativeSelection(binding, oldState),
          hasUndoOps: undoManager.undoStack.length > 0,
          hasRedoOps: undoManager.redoStack.length > 0,
        };
      };
    }
    return [...plugins, undoStepsPlugin()];
  },
});
