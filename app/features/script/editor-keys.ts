// The writing flow screenwriters know, as editor behaviour (browser only):
// Enter moves to the element that usually follows; Tab and Shift-Tab change the
// current element's type, both as Final Draft's defaults (./element-keys.ts); "(" on an
// empty dialogue line makes a parenthetical; "INT. " or "EXT. " at the start of a line
// makes a scene heading; cues, headings and transitions are typed in capitals. Escape
// hands Tab back to the page, so a keyboard user can always leave the editor.
import { Extension, type Editor } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, TextSelection, type EditorState } from "@tiptap/pm/state";
import { enterAfter, opensParenthetical, tabFrom, typesSceneHeading } from "./element-keys";
import { insertBlockAfter, startsNewBlock } from "./scene-blocks";
import { nodeTypeFor } from "./schema";

const capitals = new Set(["sceneHeading", "character", "transition"]);

/** Set the current element's type, keeping its text (parentheses added or dropped as needed). */
export function setElementType(editor: Editor, type: string, attrs: Record<string, unknown> = {}): boolean {
  const { state } = editor;
  const node = elementAtCaret(state);
  if (!node || !state.schema.nodes[type]) return false;
  const pos = state.selection.$from.before();
  const tr = state.tr;
  tr.setNodeMarkup(pos, state.schema.nodes[type], { ...(type === node.type.name ? node.attrs : {}), ...attrs });
  const text = node.textContent;
  if (type === "parenthetical" && !text) {
    tr.insertText("()", pos + 1);
    tr.setSelection(TextSelection.create(tr.doc, pos + 2));
  } else if (node.type.name === "parenthetical" && text === "()") {
    tr.delete(pos + 1, pos + 3);
  } else if (capitals.has(type) && text !== text.toUpperCase() && node.childCount === 1 && node.firstChild?.isText) {
    tr.insertText(text.toUpperCase(), pos + 1, pos + 1 + text.length);
  }
  editor.view.dispatch(tr.scrollIntoView());
  return true;
}

/** The element the caret is in, at whatever depth (in a scene block or not); not a title field. */
function elementAtCaret(state: EditorState): PMNode | null {
  const node = state.selection.$from.parent;
  return node.isTextblock && node.type.name !== "titleField" ? node : null;
}

/** The element type the caret is in, centred text as its own type. */
export function currentType(state: EditorState): string | null {
  const node = elementAtCaret(state);
  if (!node) return null;
  if (node.type.name === "action" && node.attrs.centered) return "centered";
  return node.type.name;
}

const escapeKey = new PluginKey<boolean>("screenplayEscape");

export const ScreenplayKeys = Extension.create({
  name: "screenplayKeys",
  // Before the editor's own Enter and Tab.
  priority: 150,

  addKeyboardShortcuts() {
    const tab = (back: boolean) => () => {
      const editor = this.editor;
      // After Escape, Tab moves focus out of the editor as everywhere else.
      if (escapeKey.getState(editor.state)) return false;
      const type = currentType(editor.state);
      if (!type) return false;
      const { type: next, attrs } = nodeTypeFor(tabFrom(type, back));
      return setElementType(editor, next, attrs);
    };
    return {
      Tab: tab(false),
      "Shift-Tab": tab(true),
      Escape: () => {
        this.editor.view.dispatch(this.editor.state.tr.setMeta(escapeKey, true));
        return false;
      },
      Enter: () => {
        const editor = this.editor;
        const caret = editor.state.selection;
        if (!caret.empty || !caret.$from.parent.isTextblock) return false;
        // In a parenthetical the caret sits before its ")": Enter there ends the line whole.
        if (caret.$from.parent.type.name === "parenthetical" && caret.$from.parent.textBetween(caret.$from.parentOffset, caret.$from.parent.content.size) === ")") {
          editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, caret.$from.end())));
        }
        const { state } = editor;
        const { $from } = state.selection;
        const node = $from.parent;
        const type = node.type.name;
        if (type === "titleField") return editor.commands.splitBlock();
        // Enter on an empty parenthetical ("()") takes it back to dialogue, as if it was never opened.
        if (type === "parenthetical" && node.textContent === "()") return setElementType(editor, "dialogue");
        // Enter on an empty element other than action turns it into action.
        if (!node.textContent && type !== "action") return setElementType(editor, "action", { centered: false });
        const atEnd = $from.parentOffset === node.content.size;
        if (!atEnd) return editor.commands.splitBlock();
        const next = nodeTypeFor(enterAfter(currentType(state) ?? type)).type;
        const attrs = next === "action" ? { centered: false, forced: false } : {};
        if (startsNewBlock(state, next)) {
          editor.view.dispatch(insertBlockAfter(state.tr, state.schema.nodes[next]!, attrs).scrollIntoView());
          return true;
        }
        return editor
          .chain()
          .splitBlock({ keepMarks: false })
          .command(({ tr }) => {
            tr.setNodeMarkup(tr.selection.$from.before(), state.schema.nodes[next], attrs);
            return true;
          })
          .run();
      },
    };
  },

  addProseMirrorPlugins() {
    return [
      new Plugin<boolean>({
        key: escapeKey,
        state: {
          init: () => false,
          // Escape arms it; any other change disarms it.
          apply: (tr, armed) => (tr.getMeta(escapeKey) ? true : tr.docChanged || tr.selectionSet ? false : armed),
        },
        props: {
          handleDOMEvents: {
            blur: (view) => {
              if (escapeKey.getState(view.state)) view.dispatch(view.state.tr.setMeta(escapeKey, false));
              return false;
            },
          },
          handleTextInput: (view, from, to, text) => {
            const { $from } = view.state.selection;
            const node = elementAtCaret(view.state);
            if (!node) return false;
            const type = node.type.name;
            if (from === to && opensParenthetical(type, node.textContent, text)) {
              // Final Draft's way: the line becomes a parenthetical, the caret inside "()".
              const pos = $from.before();
              const tr = view.state.tr.setNodeMarkup(pos, view.state.schema.nodes.parenthetical).insertText("()", pos + 1);
              view.dispatch(tr.setSelection(TextSelection.create(tr.doc, pos + 2)));
              return true;
            }
            const upper = capitals.has(type) && text !== text.toUpperCase();
            const before = node.textBetween(0, $from.parentOffset, "\n");
            const heading = type === "action" && !node.attrs.centered && typesSceneHeading(before + text);
            if (!upper && !heading) return false;
            const tr = view.state.tr.insertText(upper || heading ? text.toUpperCase() : text, from, to);
            if (heading) {
              const start = $from.start();
              tr.insertText((before + text).toUpperCase(), start, start + before.length + text.length);
              tr.setNodeMarkup($from.before(), view.state.schema.nodes.sceneHeading, { sceneNumber: null, forced: false });
            }
            view.dispatch(tr);
            return true;
          },
        },
      }),
    ];
  },
});

