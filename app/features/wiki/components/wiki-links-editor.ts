// [[Links]] while a wiki page is edited: each link written in the text is shown as a
// link (red, as readers see it, when its page does not exist yet), and typing `[[` opens
// a list of the production's pages to pick one from. Links stay plain text in the
// document, as the server reads them (links.ts); only how they look changes.
import { shift } from "@floating-ui/dom";
import { Extension, type Editor } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";
import type { Node as PmNode } from "@tiptap/pm/model";
import { Suggestion, type SuggestionKeyDownProps, type SuggestionProps } from "@tiptap/suggestion";
import { linkBeingTyped, linkSpans } from "../links";

export type PageChoice = { slug: string; title: string };

/** What the list of pages shows, and what it may do; null when it is closed. */
export type LinkMenuState = { props: SuggestionProps<PageChoice, PageChoice>; element: HTMLElement } | null;

export type WikiLinksOptions = {
  /** `/p/<slug>/wiki/pages.json`: pages for `?q=`, which of `?exists=` are pages */
  lookupUrl: string;
  /** addresses already known to be pages, or not (the page's loader knows its own links) */
  known: Map<string, boolean>;
  /** the tooltip of a red link */
  redTitle: (title: string) => string;
  onMenu: (menu: LinkMenuState) => void;
  /** the open list's keys (arrows, Enter); true when it used the key */
  onMenuKey: (event: KeyboardEvent) => boolean;
};

const linksKey = new PluginKey<DecorationSet>("wikiLinks");
const suggestKey = new PluginKey("wikiLinkSuggestion");

function decorate(doc: PmNode, known: Map<string, boolean>, redTitle: (title: string) => string, unknown: Set<string>) {
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    // One character per inline leaf, so that offsets in the text are offsets in the block.
    const text = node.textBetween(0, node.content.size, undefined, "\uFFFC");
    for (const link of linkSpans(text)) {
      const exists = known.get(link.slug);
      if (exists === undefined) unknown.add(link.slug);
      const red = exists === false;
      decorations.push(
        Decoration.inline(pos + 1 + link.from, pos + 1 + link.to, {
          class: red ? "wiki-link red-link" : "wiki-link",
          ...(red ? { title: redTitle(link.title) } : {}),
        }),
      );
    }
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

export const WikiLinks = Extension.create<WikiLinksOptions>({
  name: "wikiLinks",
  // Before the editor's own keys: Enter picks from the open list rather than splitting the line.
  priority: 1000,

  addOptions() {
    return { lookupUrl: "", known: new Map(), redTitle: (title) => title, onMenu: () => {}, onMenuKey: () => false };
  },

  addProseMirrorPlugins() {
    const { lookupUrl, known, redTitle, onMenu, onMenuKey } = this.options;
    const editor: Editor = this.editor;
    let view: EditorView | null = null;
    const asked = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;

    // Which of the links' pages exist: asked once each, a moment after typing.
    const ask = (slugs: Set<string>) => {
      const fresh = [...slugs].filter((s) => !asked.has(s)).slice(0, 100);
      if (!fresh.length) return;
      for (const s of fresh) asked.add(s);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const url = `${lookupUrl}?${fresh.map((s) => `exists=${encodeURIComponent(s)}`).join("&")}`;
        void fetch(url)
          .then((r) => (r.ok ? (r.json() as Promise<{ existing: string[] }>) : null))
          .then((answer) => {
            if (!answer) return fresh.forEach((s) => asked.delete(s));
            const existing = new Set(answer.existing);
            for (const s of fresh) known.set(s, existing.has(s));
            if (view && !view.isDestroyed) view.dispatch(view.state.tr.setMeta(linksKey, "refresh"));
          })
          .catch(() => fresh.forEach((s) => asked.delete(s)));
      }, 250);
    };

    const links = new Plugin<DecorationSet>({
      key: linksKey,
      state: {
        init: (_, state) => {
          const unknown = new Set<string>();
          const set = decorate(state.doc, known, redTitle, unknown);
          queueMicrotask(() => ask(unknown));
          return set;
        },
        apply: (tr, set, _old, state) => {
          if (!tr.docChanged && !tr.getMeta(linksKey)) return set;
          const unknown = new Set<string>();
          const next = decorate(state.doc, known, redTitle, unknown);
          if (unknown.size) queueMicrotask(() => ask(unknown));
          return next;
        },
      },
      props: { decorations: (state) => linksKey.getState(state) },
      view: (v) => {
        view = v;
        return { destroy: () => ((view = null), clearTimeout(timer)) };
      },
    });

    const suggest = Suggestion<PageChoice, PageChoice>({
      editor,
      pluginKey: suggestKey,
      char: "[[",
      decorationClass: "wiki-link-typing",
      // One question for a burst of keys, not one per key.
      debounce: 120,
      // Kept inside a phone's screen when the caret is near its edge.
      floatingUi: { middleware: [shift({ padding: 8 })] },
      findSuggestionMatch: ({ $position }) => {
        const before = $position.parent.textBetween(Math.max(0, $position.parentOffset - 124), $position.parentOffset, undefined, "\uFFFC");
        const query = linkBeingTyped(before);
        if (query === null) return null;
        const from = $position.pos - query.length - 2;
        return { range: { from, to: $position.pos }, query, text: `[[${query}` };
      },
      items: async ({ query, signal }) => {
        const r = await fetch(`${lookupUrl}?q=${encodeURIComponent(query)}`, { signal });
        if (!r.ok) return [];
        const { pages } = (await r.json()) as { pages: PageChoice[] };
        for (const p of pages) known.set(p.slug, true);
        return pages;
      },
      command: ({ editor: e, range, props: page }) => {
        // Whatever follows the caret up to a closing `]]` already typed is replaced too.
        const after = e.state.doc.textBetween(range.to, Math.min(e.state.doc.content.size, range.to + 2));
        const to = after === "]]" ? range.to + 2 : range.to;
        e.chain().focus().insertContentAt({ from: range.from, to }, `[[${page.title}]]`).run();
      },
      render: () => {
        let unmount: (() => void) | null = null;
        let element: HTMLElement | null = null;
        return {
          onStart: (props) => {
            element = document.createElement("div");
            element.className = "link-menu";
            unmount = props.mount(element);
            onMenu({ props, element });
          },
          onUpdate: (props) => {
            if (element) onMenu({ props, element });
          },
          onKeyDown: ({ event }: SuggestionKeyDownProps) => (event.key === "Escape" ? false : onMenuKey(event)),
          onExit: () => {
            onMenu(null);
            unmount?.();
            unmount = null;
            element = null;
          },
        };
      },
    });

    return [suggest, links];
  },
});
