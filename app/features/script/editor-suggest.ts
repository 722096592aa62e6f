// Autocomplete for character cues and scene-heading locations (browser only): the
// names come from the script itself and from the wiki's character and location pages.
// Arrow keys highlight a suggestion, Enter takes it, Escape closes the list; without a
// highlighted suggestion Enter keeps its usual meaning, so "BOB" never becomes "BOBBY".
import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, TextSelection, type EditorState } from "@tiptap/pm/state";

export type Suggestions = { items: string[]; index: number; from: number; to: number; kind: "character" | "location" };
export type NameSource = () => { characters: readonly string[]; locations: readonly string[] };

export const suggestKey = new PluginKey<Suggestions | null>("screenplaySuggest");
const dismissKey = new PluginKey<boolean>("screenplaySuggestDismissed");

/** "INT. ", "EXT. ", "INT./EXT. " … then the location being typed (until " - "). */
const HEADING = /^((?:INT\.?\/EXT|I\.?\/E|INT|EXT|EST)\.?\s+)([^-]*)$/i;

export function suggestionsFor(state: EditorState, names: ReturnType<NameSource>, max = 6): Suggestions | null {
  const { $from, empty } = state.selection;
  const node = $from.parent;
  if (!empty || !node.isTextblock) return null;
  const text = node.textContent;
  if ($from.parentOffset !== text.length || node.childCount > 1) return null;
  const start = $from.start();
  const pick = (pool: readonly string[], prefix: string) => {
    const p = prefix.trim().toUpperCase();
    if (!p) return [];
    return [...new Set(pool.filter((n) => n.toUpperCase().startsWith(p) && n.toUpperCase() !== p))].slice(0, max);
  };
  if (node.type.name === "character" && !text.includes("(")) {
    const items = pick(names.characters, text);
    return items.length ? { items, index: -1, from: start, to: start + text.length, kind: "character" } : null;
  }
  if (node.type.name === "sceneHeading") {
    const m = HEADING.exec(text);
    if (!m) return null;
    const items = pick(names.locations, m[2]!);
    return items.length ? { items, index: -1, from: start + m[1]!.length, to: start + text.length, kind: "location" } : null;
  }
  return null;
}

export const ScreenplaySuggest = Extension.create<{ names: NameSource }>({
  name: "screenplaySuggest",
  // Before the writing flow's Enter.
  priority: 200,
  addOptions: () => ({ names: () => ({ characters: [], locations: [] }) }),

  addKeyboardShortcuts() {
    const current = () => suggestKey.getState(this.editor.state) ?? null;
    const move = (step: number) => () => {
      const s = current();
      if (!s) return false;
      const index = (s.index + step + s.items.length + 1) % (s.items.length + 1);
      this.editor.view.dispatch(this.editor.state.tr.setMeta(suggestKey, { ...s, index: index === s.items.length ? -1 : index }));
      return true;
    };
    return {
      ArrowDown: move(1),
      ArrowUp: move(-1),
      Enter: () => {
        const s = current();
        if (!s || s.index < 0) return false;
        return acceptSuggestion(this.editor.view, s, s.items[s.index]!);
      },
      Escape: () => {
        if (!current()) return false;
        this.editor.view.dispatch(this.editor.state.tr.setMeta(dismissKey, true));
        return true;
      },
    };
  },

  addProseMirrorPlugins() {
    const names = this.options.names;
    return [
      new Plugin<boolean>({
        key: dismissKey,
        state: { init: () => false, apply: (tr, dismissed) => (tr.getMeta(dismissKey) ? true : tr.docChanged ? false : dismissed) },
      }),
      new Plugin<Suggestions | null>({
        key: suggestKey,
        state: {
          init: () => null,
          apply(tr, value, _old, state) {
            const meta = tr.getMeta(suggestKey) as Suggestions | undefined;
            if (meta) return meta;
            if (dismissKey.getState(state)) return null;
            if (!tr.docChanged && !tr.selectionSet) return value;
            return suggestionsFor(state, names());
          },
        },
      }),
    ];
  },
});

/** Put the chosen name in place of what was typed. */
export function acceptSuggestion(view: import("@tiptap/pm/view").EditorView, s: Suggestions, name: string): boolean {
  const tr = view.state.tr.insertText(name, s.from, s.to);
  tr.setSelection(TextSelection.create(tr.doc, s.from + name.length));
  view.dispatch(tr.setMeta(dismissKey, true));
  return true;
}
