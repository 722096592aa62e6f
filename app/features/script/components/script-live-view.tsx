// The screenplay as a visitor reads it live (decision 0047): the script view, drawn again
// from the live document while the writers type. Yjs and its websocket only, no editor
// (Tiptap, ProseMirror): the reading page stays light for the premiere-night crowd. No
// IndexedDB either: a reader has nothing to keep. Loaded lazily, after the server's text
// is on screen.
import { useEffect, useMemo, useState } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { ConnectionLine, HereLine, useHere, type ConnectionState } from "~/features/collab/components/connection";
import { FRAGMENT, fragmentJSON } from "~/features/collab/content";
import { layoutScript } from "../layout";
import type { Script } from "../model";
import { scriptReport } from "../reports";
import { scriptFromJSON } from "../script-json";
import { useT } from "~/ui/i18n";
import { ScriptView } from "./script-view";

/** While writers keep typing, the page is drawn again at most this often (ms). */
const REDRAW_EVERY = 300;

export type LiveScene = { number: string; heading: string; pos: number };

export default function ScriptLiveView({ docName, script: initial, emptyText, onScenes }: { docName: string; script: Script; emptyText: string; onScenes(scenes: LiveScene[]): void }) {
  const t = useT();
  const [state, setState] = useState<ConnectionState>("connecting");
  const [script, setScript] = useState(initial);
  const live = useMemo(() => {
    const doc = new Y.Doc();
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const provider = new WebsocketProvider(`${scheme}://${window.location.host}/collab`, docName, doc, { connect: false, disableBc: true });
    // A reader has no caret and no name to show: it sends no presence.
    provider.awareness.setLocalState(null);
    return { doc, provider };
  }, [docName]);
  const here = useHere(live.provider);

  useEffect(() => {
    const { doc, provider } = live;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const redraw = () => {
      timer = undefined;
      // Until the server's copy has arrived, the server-rendered text stays.
      if (!provider.synced) return;
      try {
        setScript(scriptFromJSON(fragmentJSON(doc.getXmlFragment(FRAGMENT)) as never));
      } catch {
        // A state no editor wrote is not drawn; the next change is.
      }
    };
    const onUpdate = () => {
      timer ??= setTimeout(redraw, REDRAW_EVERY);
    };
    const onStatus = ({ status }: { status: string }) => {
      if (status === "connected") {
        if (provider.synced) setState("connected");
      } else setState(navigator.onLine ? "connecting" : "offline");
    };
    const onSync = (synced: boolean) => {
      if (!synced) return;
      redraw();
      if (provider.wsconnected) setState("connected");
    };
    const onClosed = () => setState("refused");
    doc.on("update", onUpdate);
    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("closed", onClosed);
    provider.connect();
    return () => {
      clearTimeout(timer);
      doc.off("update", onUpdate);
      provider.off("status", onStatus);
      provider.off("sync", onSync);
      provider.off("closed", onClosed);
      provider.destroy();
      doc.destroy();
    };
  }, [live]);

  const layout = useMemo(() => layoutScript(script), [script]);
  const scenes = useMemo(() => scriptReport(script, layout).scenes, [script, layout]);
  useEffect(() => {
    if (script !== initial) onScenes(scenes.map((s) => ({ number: s.number, heading: s.heading, pos: -1 })));
  }, [script, initial, scenes, onScenes]);
  const sceneIds = useMemo(() => new Map(scenes.map((s) => [s.element, `scene-${s.number}`])), [scenes]);

  return (
    <div className="live-editor script-editor script-live-view" data-state={state} data-testid="script-live-view">
      <ConnectionLine state={state} unsent={false} reading />
      <HereLine here={here} />
      <p className="muted small" data-testid="page-count">
        {t("script.pageCount", { count: layout.pages.length })}
      </p>
      <ScriptView script={script} sceneIds={sceneIds} emptyText={emptyText} layout={layout} />
    </div>
  );
}
