// How a live document's connection stands and who is here: shown by the editors and by
// the screenplay's reading view, which has no editor (decision 0047), so kept apart from
// Tiptap.
import { useEffect, useState } from "react";
import type { WebsocketProvider } from "y-websocket";
import { useT } from "~/ui/i18n";

export type ConnectionState = "connecting" | "connected" | "offline" | "refused" | "failed";

/** Who is here now: the names and colours presence carries (stamped by the server). */
export function useHere(provider: WebsocketProvider) {
  const [here, setHere] = useState<{ id: number; name: string; color: string }[]>([]);
  useEffect(() => {
    const read = () => {
      const people: { id: number; name: string; color: string }[] = [];
      for (const [id, state] of provider.awareness.getStates()) {
        const user = (state as { user?: { name?: unknown; color?: unknown } }).user;
        if (typeof user?.name === "string" && user.name) {
          people.push({ id, name: user.name, color: typeof user.color === "string" ? user.color : "#767676" });
        }
      }
      // Carets move on every keystroke; the list changes only when people come and go.
      setHere((before) => (JSON.stringify(before) === JSON.stringify(people) ? before : people));
    };
    provider.awareness.on("change", read);
    return () => provider.awareness.off("change", read);
  }, [provider]);
  return here;
}

export function ConnectionLine({ state, unsent, reading = false }: { state: ConnectionState; unsent: boolean; reading?: boolean }) {
  const t = useT();
  const status = reading
    ? t(({ connected: "editor.readingLive", connecting: "editor.connecting", offline: "editor.readingOffline", refused: "editor.refused", failed: "editor.readingFailed" } as const)[state])
    : state === "connected"
      ? t("editor.connected")
      : state === "failed"
        ? t("editor.failed")
        : state === "refused"
        ? t("editor.refused")
        : state === "offline" || unsent
          ? unsent
            ? t("editor.offlineUnsent")
            : t("editor.offline")
          : t("editor.connecting");
  return (
    <p role="status" className={`connection connection-${state}`} data-testid="connection-state">
      {status}
    </p>
  );
}

export function HereLine({ here }: { here: { id: number; name: string; color: string }[] }) {
  const t = useT();
  if (!here.length) return null;
  return (
    <p className="here" data-testid="here">
      {t("editor.here")}{" "}
      {here.map((p, i) => (
        <span key={p.id} className="here-person" style={{ borderColor: p.color }}>
          {p.name}
          {i < here.length - 1 ? ", " : ""}
        </span>
      ))}
    </p>
  );
}
