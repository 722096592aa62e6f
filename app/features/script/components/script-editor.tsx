// The live screenplay editor (loaded lazily, browser only): Tiptap on the script's
// Yjs document with the screenplay's elements and writing flow, page breaks and
// page numbers as they will print, the scene navigator, autocomplete of names, and
// comments anchored to passages. Readers get the same view, read-only and live.
import { Extension, type Editor } from "@tiptap/core";
import { NodeSelection, Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { EditorContent, useEditor, useEditorState } from "@tiptap/react";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { LiveCarets } from "~/features/collab/carets";
import { onCommentsSignal } from "~/features/collab/comments-signal";
import { FRAGMENT } from "~/features/collab/content";
import { LiveCollaboration } from "~/features/collab/local-changes";
import { ConnectionLine, HereLine, useHere, useLiveDocument, usePausedOnFailure, useShownIn } from "~/features/collab/components/live-editor";
import { useT } from "~/ui/i18n";
import { currentType, setElementType, ScreenplayKeys } from "../editor-keys";
import { acceptSuggestion, ScreenplaySuggest, suggestKey } from "../editor-suggest";
import { layoutScript } from "../layout";
import { scriptReport } from "../reports";
import { SceneBlocks } from "../scene-blocks";
import { screenColumns, screenPlacements } from "../screen-layout";
import { elementTypes, forEachElement, nodeTypeFor, screenplayExtensions, scriptFromDoc, type EditorElementType } from "../schema";
import { KeyboardShortcuts } from "./keyboard-shortcuts";
import { CommentAnchors, showAnchors, type AnchoredThread } from "./script-comments";

/** Scene blocks above which blocks off screen are skipped (see `long` below). */
const LONG_SCRIPT_BLOCKS = 20;

export type SceneEntry = { number: string; heading: string; pos: number };

export type ScriptEditorProps = {
  docName: string;
  user: { name: string; color: string } | null;
  canEdit: boolean;
  label: string;
  /** names from the wiki's character and location pages */
  wikiNames: { characters: string[]; locations: string[] };
  threads: AnchoredThread[];
  onScenes(scenes: SceneEntry[]): void;
  onEditor(editor: Editor | null): void;
  /** the comments changed (told by the server), or may have while the connection was lost */
  onCommentsChanged?(): void;
  /** drawn over the script, in the frame of its pages (the comment markers on a phone) */
  overlay?: ReactNode;
};

/** The names autocomplete offers: the wiki's, and the script's as last laid out. */
class NameBook {
  private names: { characters: string[]; locations: string[] };
  constructor(private readonly wiki: { characters: string[]; locations: string[] }) {
    this.names = { characters: [], locations: [] };
    this.add([], []);
  }
  add(characters: string[], locations: string[]) {
    const upper = (list: string[]) => list.map((n) => n.toUpperCase());
    this.names = {
      characters: [...new Set([...characters, ...upper(this.wiki.characters)])],
      locations: [...new Set([...locations, ...upper(this.wiki.locations)])],
    };
  }
  read() {
    return this.names;
  }
}

const pagesKey = new PluginKey<DecorationSet>("screenplayPages");

/** The page's columns as the editor root's style (screen-layout.ts). */
const pageStyle = Object.entries(screenColumns())
  .map(([name, value]) => `${name}: ${value}`)
  .join("; ");

/** Page-break markers, and the classes that place dual dialogue and lyrics in a speech,
 *  replaced as a whole each time the layout is computed. */
const PageMarkers = Extension.create({
  name: "screenplayPages",
  addProseMirrorPlugins: () => [
    new Plugin<DecorationSet>({
      key: pagesKey,
      state: {
        init: () => DecorationSet.empty,
        apply: (tr, set) => (tr.getMeta(pagesKey) as DecorationSet | undefined) ?? set.map(tr.mapping, tr.doc),
      },
      props: { decorations: (state) => pagesKey.getState(state) },
    }),
  ],
});

/** Element positions (in scene blocks or not) in the order of the model's elements. */
function elementPositions(editor: Editor): number[] {
  const positions: number[] = [];
  forEachElement(editor.state.doc, (_, pos) => void positions.push(pos));
  return positions;
}

export default function ScriptEditor({ docName, user, canEdit, label, wikiNames, threads, onScenes, onEditor, onCommentsChanged, overlay }: ScriptEditorProps) {
  const t = useT();
  const { doc, provider, state, unsent, showIn } = useLiveDocument(docName);
  const here = useHere(provider);
  // Read by the autocomplete on each keystroke, refreshed after each layout: no re-render.
  const [names] = useState(() => new NameBook(wikiNames));
  const [pages, setPages] = useState<number | null>(null);
  // Scene blocks off screen are skipped by the browser only in a long script (decision
  // 0016): an unrendered block stands at its placeholder height, and a tap in that space
  // leaves the caret in the block but outside its elements, where the first letter typed
  // makes a new element. A short script has nothing to gain from skipping.
  const [long, setLong] = useState(false);
  const threadsRef = useRef(threads);

  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: canEdit,
      extensions: [
        ...screenplayExtensions,
        ScreenplayKeys,
        SceneBlocks,
        ScreenplaySuggest.configure({ names: () => names.read() }),
        PageMarkers,
        CommentAnchors,
        LiveCollaboration.configure({ document: doc, field: FRAGMENT }),
        LiveCarets.configure({ awareness: provider.awareness, user: user ?? { name: "", color: "#767676" } }),
      ],
      editorProps: {
        attributes: {
          "aria-label": label,
          "aria-multiline": "true",
          "aria-readonly": canEdit ? "false" : "true",
          role: "textbox",
          class: "editor-content screenplay",
          style: pageStyle,
          "data-testid": "script-editor",
        },
      },
    },
    [doc, provider],
  );

  useShownIn(showIn, editor);
  usePausedOnFailure(editor, state);

  useEffect(() => {
    onEditor(editor);
    return () => onEditor(null);
  }, [editor, onEditor]);

  // The server tells those who may read the comments when they change (decision 0027); a
  // connection lost and found again may have missed that, so the comments are read again.
  const commentsChanged = useRef(onCommentsChanged);
  useEffect(() => {
    commentsChanged.current = onCommentsChanged;
  }, [onCommentsChanged]);
  useEffect(() => {
    onCommentsSignal(provider, () => commentsChanged.current?.());
    let first = true;
    const onSync = (synced: boolean) => {
      if (!synced) return;
      if (!first) commentsChanged.current?.();
      first = false;
    };
    provider.on("sync", onSync);
    return () => provider.off("sync", onSync);
  }, [provider]);

  useEffect(() => {
    threadsRef.current = threads;
    if (editor) showAnchors(editor, threads);
  }, [editor, threads]);

  // Layout, scenes and names after a pause in typing, never on the keystroke itself; and
  // at least every few seconds while others keep typing, so that pages stay true.
  useEffect(() => {
    if (!editor) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let waitingSince: number | null = null;
    const compute = () => {
      waitingSince = null;
      const script = scriptFromDoc(editor.state.doc);
      const layout = layoutScript(script);
      const report = scriptReport(script, layout);
      const positions = elementPositions(editor);
      const markers: Decoration[] = [];
      for (const page of layout.pages.slice(1)) {
        const first = page.lines.find((l) => l.element >= 0);
        const pos = first ? positions[first.element] : undefined;
        if (pos === undefined) continue;
        markers.push(
          Decoration.widget(pos, () => {
            const el = document.createElement("div");
            el.className = "sp-page-marker";
            el.setAttribute("contenteditable", "false");
            el.setAttribute("data-page", String(page.number));
            el.textContent = `${page.number}.`;
            return el;
          }, { side: -1, key: `page-${page.number}` }),
        );
      }
      // Dual dialogue and lyrics in a speech sit where they print only with their
      // neighbours known: the layout says which elements they are.
      for (const [element, { className, pad }] of screenPlacements(layout)) {
        const pos = positions[element];
        const node = pos === undefined ? null : editor.state.doc.nodeAt(pos);
        if (pos !== undefined && node) markers.push(Decoration.node(pos, pos + node.nodeSize, pad ? { class: className, style: `--sp-dual-pad: ${pad}` } : { class: className }));
      }
      editor.view.dispatch(editor.state.tr.setMeta(pagesKey, DecorationSet.create(editor.state.doc, markers)).setMeta("addToHistory", false));
      setPages(layout.pages.length);
      setLong(editor.state.doc.childCount > LONG_SCRIPT_BLOCKS);
      showAnchors(editor, threadsRef.current);
      onScenes(report.scenes.map((s) => ({ number: s.number, heading: s.heading, pos: positions[s.element] ?? 0 })));
      names.add(
        report.characters.map((c) => c.name),
        report.locations.map((l) => l.name),
      );
    };
    const schedule = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (!transaction.docChanged) return;
      const now = performance.now();
      waitingSince ??= now;
      clearTimeout(timer);
      timer = setTimeout(compute, Math.max(0, Math.min(400, waitingSince + 3000 - now)));
    };
    compute();
    editor.on("update", schedule);
    // Remote edits arrive as transactions too.
    editor.on("transaction", schedule);
    return () => {
      clearTimeout(timer);
      editor.off("update", schedule);
      editor.off("transaction", schedule);
    };
  }, [editor, onScenes, wikiNames, names]);

  return (
    <div className="live-editor script-editor" data-state={state} data-unsent={unsent ? "yes" : "no"}>
      <ConnectionLine state={state} unsent={unsent} reading={!canEdit} />
      <HereLine here={here} />
      {editor && canEdit ? <ElementBar editor={editor} /> : null}
      {canEdit ? (
        <div className="keys-help">
          <p className="muted small">{t("script.keysHelp")}</p>
          <KeyboardShortcuts />
        </div>
      ) : null}
      {pages !== null ? (
        <p className="muted small" data-testid="page-count">
          {t("script.pageCount", { count: pages })}
        </p>
      ) : null}
      <div className={long ? "screenplay-frame screenplay-long" : "screenplay-frame"}>
        {/* Readers cannot put a caret in the page: the frame itself takes the keys that scroll it sideways. */}
        <EditorContent editor={editor} className="screenplay-scroll" {...(canEdit ? {} : { tabIndex: 0, role: "region", "aria-label": label })} />
        {editor ? <SuggestionList editor={editor} /> : null}
        {overlay}
      </div>
    </div>
  );
}

/** The current element's type, shown and changeable without a mouse or a Tab key. */
function ElementBar({ editor }: { editor: Editor }) {
  const t = useT();
  const current = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const { selection } = e.state;
      if (selection instanceof NodeSelection) return selection.node.type.name;
      return currentType(e.state) ?? (selection.$from.parent.type.name === "titleField" ? "titleField" : "");
    },
  });
  const marks = useEditorState({
    editor,
    selector: ({ editor: e }) => ({ bold: e.isActive("bold"), italic: e.isActive("italic"), underline: e.isActive("underline") }),
  });
  return (
    <div role="toolbar" aria-label={t("editor.toolbar")} className="editor-toolbar">
      <label className="inline-field">
        <span>{t("script.elementType")}</span>{" "}
        <select
          value={elementTypes.includes(current as EditorElementType) ? current : ""}
          data-testid="element-type"
          onChange={(e) => {
            const { type, attrs } = nodeTypeFor(e.currentTarget.value as EditorElementType);
            setElementType(editor, type, attrs);
            editor.commands.focus();
          }}
        >
          {current && !elementTypes.includes(current as EditorElementType) ? <option value="">{t(`script.element.${current}` as "script.element.action")}</option> : null}
          {elementTypes.map((type) => (
            <option key={type} value={type}>
              {t(`script.element.${type}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button-small button-secondary" aria-pressed={marks.bold} onClick={() => editor.chain().focus().toggleBold().run()}>
        {t("editor.bold")}
      </button>
      <button type="button" className="button-small button-secondary" aria-pressed={marks.italic} onClick={() => editor.chain().focus().toggleItalic().run()}>
        {t("editor.italic")}
      </button>
      <button type="button" className="button-small button-secondary" aria-pressed={marks.underline} onClick={() => editor.chain().focus().toggleUnderline().run()}>
        {t("editor.underline")}
      </button>
      <button
        type="button"
        className="button-small button-secondary"
        onClick={() => {
          // After the current element (or the selected page break), in its scene block.
          const { $from, to } = editor.state.selection;
          const end = $from.parent.isTextblock ? $from.after() : to;
          editor.chain().insertContentAt(end, { type: "pageBreak" }).focus().run();
        }}
      >
        {t("script.insertPageBreak")}
      </button>
    </div>
  );
}

function SuggestionList({ editor }: { editor: Editor }) {
  const t = useT();
  const suggestions = useEditorState({ editor, selector: ({ editor: e }) => suggestKey.getState(e.state) ?? null });
  const box = useMemo(() => {
    if (!suggestions) return null;
    try {
      const at = editor.view.coordsAtPos(suggestions.to);
      const frame = editor.view.dom.closest(".screenplay-frame")?.getBoundingClientRect();
      return frame ? { left: Math.max(0, at.left - frame.left), top: at.bottom - frame.top + 4 } : null;
    } catch {
      return null;
    }
  }, [editor, suggestions]);
  if (!suggestions) return null;
  return (
    <div className="sp-suggest" style={box ? { left: box.left, top: box.top } : undefined}>
      <p className="visually-hidden" aria-live="polite">
        {t("script.suggestions", { count: suggestions.items.length })}
      </p>
      <ul role="listbox" aria-label={t(suggestions.kind === "character" ? "script.suggestCharacters" : "script.suggestLocations")} data-testid="suggestions">
        {suggestions.items.map((name, i) => (
          <li
            key={name}
            role="option"
            aria-selected={i === suggestions.index}
            onMouseDown={(e) => {
              e.preventDefault();
              acceptSuggestion(editor.view, suggestions, name);
            }}
          >
            {name}
          </li>
        ))}
      </ul>
    </div>
  );
}
