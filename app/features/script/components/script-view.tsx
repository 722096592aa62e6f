// The screenplay as text on the page, in screenplay layout (the same classes as the
// editor): what the server sends, what readers see before the live view loads, and a
// version's text. Text only, never HTML from the script. Elements sit where they print
// (decision 0025), as in the editor.
import { useMemo, type CSSProperties } from "react";
import { useT } from "~/ui/i18n";
import { layoutScript, type Layout } from "../layout";
import type { Element, Run, Script } from "../model";
import { screenColumns, screenPlacements, type Placement } from "../screen-layout";

const pageStyle = screenColumns() as CSSProperties;

export function RunsView({ runs, notes = true }: { runs: readonly Run[]; notes?: boolean }) {
  return (
    <>
      {runs.map((run, i) => {
        if (run.boneyard) return null;
        if (run.note) return notes ? <span key={i} className="sp-inlineNote">{run.text}</span> : null;
        const parts = run.text.split("\n").flatMap((part, j) => (j ? [<br key={`b${j}`} />, part] : [part]));
        let node: React.ReactNode = <>{parts}</>;
        if (run.underline) node = <u>{node}</u>;
        if (run.italic) node = <em>{node}</em>;
        if (run.bold) node = <strong>{node}</strong>;
        return <span key={i}>{node}</span>;
      })}
    </>
  );
}

export function ElementView({ element, sceneId, place }: { element: Element; sceneId?: string; place?: Placement }) {
  const cls = (type: string) => (place ? `sp sp-${type} ${place.className}` : `sp sp-${type}`);
  const style = place?.pad ? ({ "--sp-dual-pad": place.pad } as CSSProperties) : undefined;
  switch (element.type) {
    case "sceneHeading":
      return (
        <p className={cls("sceneHeading")} id={sceneId} data-scene-number={element.sceneNumber}>
          <RunsView runs={element.text} />
        </p>
      );
    case "action":
      return (
        <p className={cls("action")} data-centered={element.centered ? "" : undefined}>
          <RunsView runs={element.text} />
        </p>
      );
    case "character":
      return (
        <p className={cls("character")} style={style} data-dual={element.dual ? "" : undefined}>
          <RunsView runs={element.text} />
          {element.extension !== undefined ? ` (${element.extension})` : null}
        </p>
      );
    case "parenthetical":
      return (
        <p className={cls("parenthetical")} style={style}>
          (<RunsView runs={element.text} />)
        </p>
      );
    case "dialogue":
    case "transition":
    case "lyrics":
      return (
        <p className={cls(element.type)} style={style}>
          <RunsView runs={element.text} />
        </p>
      );
    case "pageBreak":
      return <hr className="sp sp-pageBreak" />;
    case "section":
      return <p className="sp sp-section" data-depth={element.depth}>{element.text}</p>;
    case "synopsis":
    case "note":
      return <p className={`sp sp-${element.type}`}>{element.text}</p>;
    case "boneyard":
      return null;
  }
}

export function ScriptView({ script, sceneIds, emptyText, layout }: { script: Script; sceneIds: Map<number, string>; emptyText: string; layout?: Layout }) {
  const t = useT();
  // Which elements are dual dialogue or lyrics in a speech: the layout knows (given when
  // the caller has it already: the live reading view).
  const places = useMemo(() => screenPlacements(layout ?? layoutScript(script)), [script, layout]);
  if (!script.elements.length && !script.titlePage.length) return <p className="muted">{emptyText}</p>;
  return (
    <div className="screenplay-frame">
      {/* Nothing in it takes the focus: the frame does, to scroll the page sideways by keyboard. */}
      <div className="screenplay-scroll" tabIndex={0} role="region" aria-label={t("script.editorLabel")}>
        <div className="editor-content screenplay script-view" style={pageStyle} data-testid="script-view">
          {script.titlePage.length ? (
            <section className="sp-title-page">
              {script.titlePage.map((f, i) => (
                <p key={i} className="sp-title-field" data-key={f.key}>
                  {f.value}
                </p>
              ))}
            </section>
          ) : null}
          {script.elements.map((e, i) => (
            <ElementView key={i} element={e} sceneId={sceneIds.get(i)} place={places.get(i)} />
          ))}
        </div>
      </div>
    </div>
  );
}
