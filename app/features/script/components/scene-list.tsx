// The script's scenes beside it: links to their headings, or, in the editor, buttons that
// put the caret there.
import type { Editor } from "@tiptap/core";
import type { SceneEntry } from "~/features/script/components/script-editor";
import { useT } from "~/ui/i18n";

export function SceneList({ scenes, live, editor }: { scenes: { number: string; heading: string }[]; live: SceneEntry[] | null; editor: Editor | null }) {
  const t = useT();
  const list = live ?? scenes.map((s) => ({ ...s, pos: -1 }));
  if (!list.length) return <p className="muted">{t("script.noScenes")}</p>;
  return (
    <ol className="plain-list scene-list" data-testid="scene-list">
      {list.map((s, i) => (
        <li key={`${s.number}-${i}`}>
          {editor && s.pos >= 0 ? (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                editor.chain().setTextSelection(s.pos + 1).scrollIntoView().focus().run();
                editor.view.domAtPos(s.pos + 1).node.parentElement?.scrollIntoView({ block: "center" });
              }}
            >
              <span className="scene-number">{s.number}</span> {s.heading}
            </button>
          ) : (
            <a href={`#scene-${s.number}`}>
              <span className="scene-number">{s.number}</span> {s.heading}
            </a>
          )}
        </li>
      ))}
    </ol>
  );
}
