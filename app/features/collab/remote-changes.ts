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

type Binding = {
  doc: object;
  mapping: Map<unknown, unknown>;
  _typeChanged: (...args: unknown[]) => void;
  _forceRerender: () => void;
  _isLocalCursorInView: () => boolean;
};

// A remote change the editor could not show (a plugin threw while it was applied) leaves
// the editor behind the Yjs document: the writer's next keystroke would then write the old
// text back over what others wrote. The editor is rebuilt from the document; if even that
// fails, the document is marked as failed: nothing more from the editor reaches it
// (local-changes.ts) and the page says so instead of "connected".
const failed = new WeakMap<object, Error>();
const failureListeners = new WeakMap<object, Set<(error: Error) => void>>();

/** Whether an editor on this Yjs document could not follow its remote changes. */
export function syncFailed(doc: object): boolean {
  return failed.has(doc);
}

/** Called once if an editor on this Yjs document cannot follow its remote changes. */
export function onSyncFailure(doc: object, listener: (error: Error) => void): () => void {
  const listeners = failureListeners.get(doc) ?? new Set();
  failureListeners.set(doc, listeners);
  listeners.add(listener);
  const known = failed.get(doc);
  if (known) listener(known);
  return () => listeners.delete(listener);
}

function markFailed(doc: object, error: Error) {
  if (failed.has(doc)) return;
  failed.set(doc, error);
  for (const listener of failureListeners.get(doc) ?? []) listener(error);
}

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
    } catch (e) {
      console.error("a remote change could not be shown; rebuilding the editor from the document", e);
      restore();
      try {
        this._forceRerender();
      } catch (again) {
        console.error("the editor could not be rebuilt", again);
        markFailed(this.doc, again as Error);
      }
    } finally {
      restore();
    }
    function restore() {
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
