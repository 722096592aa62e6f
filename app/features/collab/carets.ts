// The other writers' carets and selections in the editor, and ours in presence.
//
// y-tiptap's caret plugin (what Tiptap's CollaborationCaret uses) redraws every caret when
// anything in presence changes, ours included: each keystroke moved our caret, which
// redrew all carets in a second editor update, and each conversion walked the document
// from its start. This one redraws when someone else's caret moves or their text arrives,
// and converts through ./positions. Same presence field (`cursor`: Yjs relative positions
// as JSON) and the same caret elements, so clients and styles are unchanged.
import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, type EditorState } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { absoluteToRelative, relativeToAbsolute, type Mapping } from "./positions";
import { readPresence } from "./presence-state";

type User = { name: string; color: string };
type SyncState = { doc: Y.Doc; type: Y.XmlFragment; binding: { mapping: Mapping } | null; isChangeOrigin?: boolean; snapshot?: unknown; prevSnapshot?: unknown };
type Presence = { cursor?: { anchor: unknown; head: unknown } | null };

const caretsKey = new PluginKey<DecorationSet>("liveCarets");
const validColor = (color: unknown): color is string => typeof color === "string" && /^#[0-9a-fA-F]{6}$/.test(color);

function caretElement(user: User) {
  const caret = document.createElement("span");
  caret.classList.add("collaboration-carets__caret");
  caret.style.borderColor = user.color;
  const label = document.createElement("div");
  label.classList.add("collaboration-carets__label");
  label.style.backgroundColor = user.color;
  label.textContent = user.name;
  caret.append(label);
  return caret;
}

function carets(state: EditorState, awareness: Awareness): DecorationSet {
  const sync = ySyncPluginKey.getState(state) as SyncState | undefined;
  const mapping = sync?.binding?.mapping;
  if (!sync || !mapping || mapping.size === 0 || sync.snapshot != null || sync.prevSnapshot != null) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  const max = Math.max(state.doc.content.size - 1, 0);
  awareness.getStates().forEach((remote: unknown, clientId) => {
    if (clientId === sync.doc.clientID) return;
    // Someone else's state is data from the network: one the editors cannot use (another
    // studio version, a hostile client) or a caret that points nowhere is not drawn.
    const presence = readPresence(remote);
    if (!presence?.cursor) return;
    try {
      const at = (json: unknown) => relativeToAbsolute(sync.doc, sync.type, Y.createRelativePositionFromJSON(json), mapping, state.doc);
      let anchor = at(presence.cursor.anchor);
      let head = at(presence.cursor.head);
      if (anchor === null || head === null) return;
      anchor = Math.max(0, Math.min(anchor, max));
      head = Math.max(0, Math.min(head, max));
      const name = presence.user?.name ?? `User: ${clientId}`;
      const color = validColor(presence.user?.color) ? presence.user.color : "#ffa500";
      const caret = [Decoration.widget(head, () => caretElement({ name, color }), { key: `${clientId}`, side: 10 })];
      const from = Math.min(anchor, head);
      const to = Math.max(anchor, head);
      if (from < to) {
        caret.push(Decoration.inline(from, to, { style: `background-color: ${color}70`, class: "ProseMirror-yjs-selection" }, { inclusiveEnd: true, inclusiveStart: false }));
      }
      decorations.push(...caret);
    } catch (e) {
      console.warn(`ignored the caret of client ${clientId}`, e);
    }
  });
  try {
    return DecorationSet.create(state.doc, decorations);
  } catch (e) {
    console.warn("ignored the others' carets", e);
    return DecorationSet.empty;
  }
}

/** Puts our caret in presence while the editor has the focus; takes it out when it leaves. */
function shareCaret(view: EditorView, awareness: Awareness) {
  const sync = ySyncPluginKey.getState(view.state) as SyncState | undefined;
  if (!sync?.binding) return;
  const current = (awareness.getLocalState() ?? {}) as Presence;
  if (!view.hasFocus()) {
    if (current.cursor != null) awareness.setLocalStateField("cursor", null);
    return;
  }
  const { anchor, head } = view.state.selection;
  const mapping = sync.binding.mapping;
  const relAnchor = absoluteToRelative(anchor, sync.type, mapping, view.state.doc);
  const relHead = absoluteToRelative(head, sync.type, mapping, view.state.doc);
  if (
    current.cursor == null ||
    !Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.cursor.anchor), relAnchor) ||
    !Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.cursor.head), relHead)
  ) {
    awareness.setLocalStateField("cursor", { anchor: relAnchor, head: relHead });
  }
}

export const LiveCarets = Extension.create<{ awareness: Awareness | null; user: User }>({
  name: "liveCarets",
  addOptions: () => ({ awareness: null, user: { name: "", color: "#767676" } }),
  addProseMirrorPlugins() {
    const { awareness, user } = this.options;
    if (!awareness) throw new Error("LiveCarets needs the document's awareness");
    return [
      new Plugin<DecorationSet>({
        key: caretsKey,
        state: {
          init: (_, state) => carets(state, awareness),
          apply(tr, set, _old, state) {
            const remoteText = (ySyncPluginKey.getState(state) as SyncState | undefined)?.isChangeOrigin;
            if (remoteText || tr.getMeta(caretsKey)) return carets(state, awareness);
            return tr.docChanged ? set.map(tr.mapping, tr.doc) : set;
          },
        },
        props: { decorations: (state) => caretsKey.getState(state) },
        view(view) {
          awareness.setLocalStateField("user", user);
          const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
            // Our own caret moving needs no redraw: it is not drawn.
            const own = awareness.clientID;
            if ([...added, ...updated, ...removed].some((id) => id !== own) && !view.isDestroyed) {
              view.dispatch(view.state.tr.setMeta(caretsKey, true));
            }
          };
          const onFocus = () => shareCaret(view, awareness);
          awareness.on("change", onChange);
          view.dom.addEventListener("focusin", onFocus);
          view.dom.addEventListener("focusout", onFocus);
          return {
            update: (v, before) => {
              if (v.state.selection !== before.selection || v.state.doc !== before.doc) shareCaret(v, awareness);
            },
            destroy: () => {
              awareness.off("change", onChange);
              view.dom.removeEventListener("focusin", onFocus);
              view.dom.removeEventListener("focusout", onFocus);
              awareness.setLocalStateField("cursor", null);
            },
          };
        },
      }),
    ];
  },
});
