// The live rich-text editor: Tiptap on a Yjs document, synced with the studio's
// collaboration server, kept in the browser (IndexedDB) so that edits survive a
// reload while offline. Loaded lazily: pages that do not edit never ship it.
import type { AnyExtension } from "@tiptap/core";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import Image from "@tiptap/extension-image";
import { useEffect, useMemo, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { LiveCarets } from "../carets";
import "../decoration-lookup";
import { FRAGMENT } from "../content";
import { LiveCollaboration } from "../local-changes";
import { sendOnlyOwnPresence } from "../own-presence";
import { onSyncFailure, readCaretBeforeChanges, type Flushable } from "../remote-changes";
import { richTextExtensions } from "../schemas";
import { DEFAULT_BODY_LIMIT, sizeLabel } from "~/lib/body-limit";
import { useLocale, useT } from "~/ui/i18n";
import { ConnectionLine, HereLine, useHere, type ConnectionState } from "./connection";

export { ConnectionLine, HereLine, useHere, type ConnectionState };

export type LiveEditorProps = {
  docName: string;
  user: { name: string; color: string };
  label: string;
  /** tables and images (wiki pages): where images are uploaded, and the only addresses they may have */
  media?: { uploadUrl: string; srcPrefix: string };
  /** what a kind of document adds to the editor (the wiki's [[links]]) */
  extensions?: AnyExtension[];
  /** shown after the editor (the wiki's list of pages to link to) */
  children?: React.ReactNode;
};

/** Connects a Y.Doc to the server and to IndexedDB; reports whether local edits are still unsent. */
export function useLiveDocument(docName: string) {
  const [state, setState] = useState<ConnectionState>("connecting");
  const [unsent, setUnsent] = useState(false);
  const live = useMemo(() => {
    const doc = new Y.Doc();
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    // No BroadcastChannel between tabs: the server relays to them, and publishing every
    // keystroke to other tabs costs the typist's tab as much again.
    const provider = new WebsocketProvider(`${scheme}://${window.location.host}/collab`, docName, doc, { connect: false, disableBc: true });
    sendOnlyOwnPresence(provider);
    const local = new IndexeddbPersistence(docName, doc);
    const showIn = readCaretBeforeChanges(doc);
    return { doc, provider, local, showIn };
  }, [docName]);

  useEffect(() => {
    const { doc, provider, local } = live;
    let waiting = false;
    // An editor that could not follow the others' changes says so, whatever the socket does.
    let failed = false;
    const stopFailures = onSyncFailure(doc, () => {
      failed = true;
      setState("failed");
    });
    const show = (next: ConnectionState) => {
      if (!failed) setState(next);
    };
    // "Connected" once the server's copy has arrived, not when the socket opens: a click
    // before that would put the caret in a document about to change under it.
    const onStatus = ({ status }: { status: string }) => {
      if (status === "connected") {
        if (provider.synced) show("connected");
      } else show(navigator.onLine ? "connecting" : "offline");
    };
    const onSync = (synced: boolean) => {
      if (!synced) return;
      waiting = false;
      setUnsent(false);
      if (provider.wsconnected) show("connected");
    };
    const onUpdate = (_u: Uint8Array, origin: unknown) => {
      // An edit made here while the server cannot hear us waits in IndexedDB.
      if (origin !== provider && origin !== local && !provider.wsconnected) {
        waiting = true;
        setUnsent(true);
      }
    };
    const onClosed = () => show("refused");
    const onOffline = () => show("offline");
    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("closed", onClosed);
    doc.on("update", onUpdate);
    window.addEventListener("offline", onOffline);
    // Connect once the local copy is loaded, so that offline edits are sent on sync.
    void local.whenSynced.then(() => provider.connect());
    return () => {
      stopFailures();
      window.removeEventListener("offline", onOffline);
      provider.off("status", onStatus);
      provider.off("sync", onSync);
      provider.off("closed", onClosed);
      doc.off("update", onUpdate);
      const close = () => {
        provider.destroy();
        void local.destroy();
        doc.destroy();
      };
      // Leaving for another page of the studio with edits the server has not had yet: the
      // connection stays (without the editor) until they are sent, as long as this tab is open.
      if (!waiting) return close();
      const sent = (synced: boolean) => {
        if (!synced) return;
        provider.off("sync", sent);
        provider.off("closed", close);
        close();
      };
      provider.on("sync", sent);
      // Refused (access changed, the document removed): nothing more can be sent.
      provider.on("closed", close);
    };
  }, [live]);

  // Leaving with edits the server has not received: ask first.
  useEffect(() => {
    if (!unsent) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsent]);

  return { ...live, state, unsent };
}

/** Images only from the production's own uploads: anything else a client sends is not shown. */
const safeImage = (prefix: string) =>
  Image.extend({
    renderHTML({ HTMLAttributes }) {
      const src = String(HTMLAttributes.src ?? "");
      const ok = src.startsWith(prefix) && /^[\w/-]+$/.test(src);
      return ["img", { ...HTMLAttributes, src: ok ? src : "", alt: String(HTMLAttributes.alt ?? "") }];
    },
  });

function Toolbar({ editor, media }: { editor: Editor; media?: LiveEditorProps["media"] }) {
  const t = useT();
  const locale = useLocale();
  const [uploading, setUploading] = useState<string | null>(null);
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      heading: e.isActive("heading", { level: 2 }),
      list: e.isActive("bulletList"),
    }),
  });
  const buttons = [
    { key: "bold", label: t("editor.bold"), on: active.bold, run: () => editor.chain().focus().toggleBold().run() },
    { key: "italic", label: t("editor.italic"), on: active.italic, run: () => editor.chain().focus().toggleItalic().run() },
    { key: "heading", label: t("editor.heading"), on: active.heading, run: () => editor.chain().focus().toggleHeading({ level: 2 }).run() },
    { key: "list", label: t("editor.list"), on: active.list, run: () => editor.chain().focus().toggleBulletList().run() },
  ];
  async function upload(file: File) {
    if (!media) return;
    setUploading(t("editor.imageUploading"));
    const body = new FormData();
    body.set("image", file);
    const res = await fetch(media.uploadUrl, { method: "POST", body });
    const answer = (await res.json().catch(() => ({}))) as { src?: string; error?: string; limit?: number };
    if (res.ok && answer.src) {
      editor.chain().focus().setImage({ src: answer.src, alt: file.name.replace(/\.[^.]+$/, "") }).run();
      setUploading(null);
    } else if (res.status === 413) setUploading(t("error.tooLarge", { max: sizeLabel(answer.limit ?? DEFAULT_BODY_LIMIT, locale) }));
    else setUploading(answer.error ?? t("error.unknown"));
  }
  return (
    <div role="toolbar" aria-label={t("editor.toolbar")} className="editor-toolbar">
      {buttons.map((b) => (
        <button key={b.key} type="button" className="button-small button-secondary" aria-pressed={b.on} onClick={b.run}>
          {b.label}
        </button>
      ))}
      {media ? (
        <>
          <button type="button" className="button-small button-secondary" onClick={() => editor.chain().focus().insertTable({ rows: 2, cols: 2, withHeaderRow: true }).run()}>
            {t("editor.table")}
          </button>
          <label className="button button-small button-secondary">
            {t("editor.image")}
            <input
              type="file"
              accept="image/png,image/jpeg,image/webp,image/gif"
              className="visually-hidden"
              data-testid="image-input"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = "";
                if (file) void upload(file);
              }}
            />
          </label>
          <span aria-live="polite" className="muted" data-testid="image-note">
            {uploading ?? ""}
          </span>
        </>
      ) : null}
    </div>
  );
}

/** Whether edits reach the server: shown to everyone editing, announced politely. Readers
 *  (who cannot edit) are told whether they read live, never about changes of their own. */
/** Tells the document which editor shows it (see readCaretBeforeChanges). */
export function useShownIn(showIn: (view: Flushable | null) => void, editor: Editor | null) {
  useEffect(() => {
    showIn(editor ? (editor.view as unknown as Flushable) : null);
    return () => showIn(null);
  }, [showIn, editor]);
}

/** An editor that could not follow the others' changes takes no more typing (it would not be sent). */
export function usePausedOnFailure(editor: Editor | null, state: ConnectionState) {
  useEffect(() => {
    if (editor && state === "failed" && !editor.isDestroyed) editor.setEditable(false);
  }, [editor, state]);
}

export default function LiveEditor({ docName, user, label, media, extensions = [], children }: LiveEditorProps) {
  const { doc, provider, state, unsent, showIn } = useLiveDocument(docName);
  const here = useHere(provider);
  const editor = useEditor(
    {
      immediatelyRender: false,
      extensions: [
        // The document kind's schema, as the server checks it (schemas.ts).
        ...richTextExtensions(media ? { image: safeImage(media.srcPrefix) } : null),
        LiveCollaboration.configure({ document: doc, field: FRAGMENT }),
        LiveCarets.configure({ awareness: provider.awareness, user }),
        ...extensions,
      ],
      editorProps: {
        attributes: { "aria-label": label, "aria-multiline": "true", role: "textbox", class: "editor-content prose" },
      },
    },
    [doc, provider],
  );
  useShownIn(showIn, editor);
  usePausedOnFailure(editor, state);

  return (
    <div className="live-editor" data-state={state} data-unsent={unsent ? "yes" : "no"}>
      <ConnectionLine state={state} unsent={unsent} />
      <HereLine here={here} />
      {editor ? <Toolbar editor={editor} media={media} /> : null}
      <EditorContent editor={editor} />
      {children}
    </div>
  );
}
