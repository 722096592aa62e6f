// Remote changes rebuild only what they changed.
//
// y-tiptap's binding throws away its whole Yjs → ProseMirror node mapping on every remote
// change and rebuilds every node of the document; ProseMirror then compares each new node
// with the one on screen, in depth. In a feature-length script (3,500 elements) that is
// 15–30 ms for each letter another writer types. y-prosemirror keeps the nodes of the
// elements a change did not touch (the binding has already forgotten those it touched
// and their parents), so ProseMirror sees them unchanged at a glance. This restores that.
//
// It also asks the browser, on each remote change, whether our caret is on screen (to
// scroll back to it after): a layout of the whole document in the middle of the change,
// and a second one to scroll. Browsers keep what is on screen in place when text above it
// grows or shrinks (scroll anchoring), so the caret stays where the writer sees it.
import { ProsemirrorBinding } from "@tiptap/y-tiptap";

type Binding = { mapping: Map<unknown, unknown>; _typeChanged: (...args: unknown[]) => void; _isLocalCursorInView: () => boolean };

const patched = Symbol.for("claquette.remoteChanges");
const proto = ProsemirrorBinding.prototype as unknown as Binding & { [patched]?: true };

if (!proto[patched]) {
  const typeChanged = proto._typeChanged;
  proto._typeChanged = function (this: Binding, ...args: unknown[]) {
    const mapping = this.mapping;
    const clear = Object.getOwnPropertyDescriptor(mapping, "clear");
    mapping.clear = () => {};
    try {
      typeChanged.apply(this, args);
    } finally {
      if (clear) Object.defineProperty(mapping, "clear", clear);
      else delete (mapping as { clear?: unknown }).clear;
    }
  };
  proto._isLocalCursorInView = () => false;
  proto[patched] = true;
}

export type Flushable = { isDestroyed?: boolean; hasFocus(): boolean; domObserver?: { flush(): void } };

/**
 * A caret moved by the keyboard or the mouse reaches ProseMirror a moment later, with the
 * browser's "selectionchange". A remote change applied in that moment puts the caret back
 * where it was (yjs/y-prosemirror#146: End, then Enter, split the line at its start).
 * Registered on the Yjs document before the editor's binding, this reads the caret into
 * the editor first, so that the binding keeps it where the writer put it. Returns the
 * function that tells it which editor view shows the document.
 */
export function readCaretBeforeChanges(doc: { on(event: "beforeAllTransactions", f: () => void): void }) {
  let view: Flushable | null = null;
  doc.on("beforeAllTransactions", () => {
    if (view && !view.isDestroyed && view.hasFocus()) view.domObserver?.flush();
  });
  return (shownIn: Flushable | null) => {
    view = shownIn;
  };
}
