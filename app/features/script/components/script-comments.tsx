// Comments anchored to passages of the live script (browser side). An anchor is a pair
// of Yjs relative positions: it follows the passage through everyone's edits, and a
// passage deleted since simply has no highlight (the thread keeps its quote).
import { Extension, type Editor } from "@tiptap/core";
import { Plugin, PluginKey, TextSelection } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import * as Y from "yjs";

export type AnchoredThread = { id: string; anchorStart: string | null; anchorEnd: string | null; resolved: boolean };

const anchorsKey = new PluginKey<DecorationSet>("screenplayComments");

/** What the script page asks of the editor about comments, through the editor's storage:
 *  the page itself imports no editor code, for readers who never load one (decision 0047). */
export type CommentTools = { anchorOfSelection: typeof anchorOfSelection; rangeOf: typeof rangeOf; revealThread: typeof revealThread };

declare module "@tiptap/core" {
  interface Storage {
    screenplayComments: CommentTools;
  }
}

export const CommentAnchors = Extension.create<unknown, CommentTools>({
  name: "screenplayComments",
  addStorage: () => ({ anchorOfSelection, rangeOf, revealThread }),
  addProseMirrorPlugins: () => [
    new Plugin<DecorationSet>({
      key: anchorsKey,
      state: {
        init: () => DecorationSet.empty,
        apply: (tr, set) => (tr.getMeta(anchorsKey) as DecorationSet | undefined) ?? set.map(tr.mapping, tr.doc),
      },
      props: { decorations: (state) => anchorsKey.getState(state) },
    }),
  ],
});

type Binding = { doc: Y.Doc; type: Y.XmlFragment; mapping: Map<unknown, unknown> };

function bindingOf(editor: Editor): Binding | null {
  const state = ySyncPluginKey.getState(editor.state) as { binding?: Binding } | undefined;
  return state?.binding ?? null;
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The current selection as an anchor and its text, or null when nothing is selected. */
export function anchorOfSelection(editor: Editor): { anchorStart: string; anchorEnd: string; quote: string } | null {
  const binding = bindingOf(editor);
  const { from, to, empty } = editor.state.selection;
  if (!binding || empty) return null;
  const encode = (pos: number) =>
    toBase64(Y.encodeRelativePosition(absolutePositionToRelativePosition(pos, binding.type, binding.mapping as never) as Y.RelativePosition));
  return { anchorStart: encode(from), anchorEnd: encode(to), quote: editor.state.doc.textBetween(from, to, "\n").slice(0, 500) };
}

/** Where an anchor is now, or null when its passage is gone. */
export function rangeOf(editor: Editor, thread: Pick<AnchoredThread, "anchorStart" | "anchorEnd">): { from: number; to: number } | null {
  const binding = bindingOf(editor);
  if (!binding || !thread.anchorStart || !thread.anchorEnd) return null;
  try {
    const resolve = (text: string) =>
      relativePositionToAbsolutePosition(binding.doc, binding.type, Y.decodeRelativePosition(fromBase64(text)), binding.mapping as never);
    const from = resolve(thread.anchorStart);
    const to = resolve(thread.anchorEnd);
    if (from === null || to === null || to <= from || to > editor.state.doc.content.size) return null;
    return { from, to };
  } catch {
    return null;
  }
}

/** Highlight the open threads' passages. */
export function showAnchors(editor: Editor, threads: readonly AnchoredThread[]) {
  const decorations: Decoration[] = [];
  for (const thread of threads) {
    if (thread.resolved) continue;
    const range = rangeOf(editor, thread);
    if (range) decorations.push(Decoration.inline(range.from, range.to, { class: "sp-commented", "data-thread": thread.id }));
  }
  editor.view.dispatch(editor.state.tr.setMeta(anchorsKey, DecorationSet.create(editor.state.doc, decorations)).setMeta("addToHistory", false));
}

/** Select a thread's passage and bring it into view. */
export function revealThread(editor: Editor, thread: AnchoredThread): boolean {
  const range = rangeOf(editor, thread);
  if (!range) return false;
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, range.from, range.to)).scrollIntoView());
  editor.view.focus();
  return true;
}
