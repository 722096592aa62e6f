import { Link } from "react-router";
import type { Route } from "./+types/script.writers";
import { ElementView } from "~/features/script/components/script-view";
import { scriptOf } from "~/features/script/script.server";
import { scriptWriters, type WrittenLine } from "~/features/script/writers.server";
import { authorize, policyUser, viewerOf } from "~/lib/http.server";
import { useT } from "~/ui/i18n";

// "Who wrote this": the script as readers see it, each line with its writers and each
// scene with the decisions that link it (decision 0031). Open to whoever may read the script.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, role, info, resource } = await scriptOf(params.slug, viewer);
  authorize(context, request, "read", resource);
  const { titlePage, lines } = await scriptWriters(info.name, production, policyUser(viewer), role);
  return { production: { slug: production.slug, title: production.title }, titlePage, lines };
}

export default function ScriptWriters({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { production, titlePage, lines } = loaderData;
  const base = `/p/${production.slug}`;
  return (
    <article className="page page-wide script-page">
      <title>{`${t("script.writers")} — ${t("script.title")} — ${production.title}`}</title>
      <h1>{t("script.writers")}</h1>
      <p className="lead">{t("script.writers.lead")}</p>
      {!lines.length && !titlePage.length ? (
        <p className="empty-state">{t("script.empty")}</p>
      ) : (
        <div className="editor-content screenplay script-view writers-view" data-testid="writers-view">
          {titlePage.length ? (
            <section className="sp-title-page">
              {titlePage.map((f, i) => (
                <p key={i} className="sp-title-field" data-key={f.key}>
                  {f.value}
                </p>
              ))}
            </section>
          ) : null}
          {lines.map((line, i) =>
            line.element.type === "boneyard" ? null : (
              <div key={i} className="writers-line" data-testid="written-line">
                <ElementView element={line.element} sceneId={line.scene ? `scene-${line.scene.number}` : undefined} />
                <LineFacts line={line} base={base} />
              </div>
            ),
          )}
        </div>
      )}
    </article>
  );
}

/** Beside a line (under it on a phone): who wrote it, and for a heading its scene's decisions. */
function LineFacts({ line, base }: { line: WrittenLine; base: string }) {
  const t = useT();
  const { writers, unknown, scene } = line;
  if (line.element.type === "pageBreak") return <div className="line-facts" />;
  return (
    <div className="line-facts" data-testid="line-facts">
      {writers.length || unknown ? (
        <p className="line-writers">
          {t("script.writers.by")}{" "}
          {writers.map((w, i) => (
            <span key={w.handle}>
              {i ? ", " : null}
              <Link to={`/u/${w.handle}`}>{w.displayName}</Link>
            </span>
          ))}
          {unknown ? (writers.length ? `, ${t("script.writers.unknown")}` : t("script.writers.unknown")) : null}
        </p>
      ) : null}
      {scene?.path ? (
        <p className="line-scene">
          <Link to={scene.path}>{t("script.writers.scene", { number: scene.number })}</Link>
        </p>
      ) : null}
      {scene?.decisions.length ? (
        <p className="line-decisions" data-testid="scene-decisions">
          {t("script.writers.decisions")}{" "}
          {scene.decisions.map((d, i) => (
            <span key={d.number}>
              {i ? ", " : null}
              <Link to={`${base}/decisions/${d.number}`}>
                D-{d.number} {d.title}
              </Link>{" "}
              <span className="muted">({t(`decision.status.${d.status}` as "decision.status.draft")})</span>
            </span>
          ))}
        </p>
      ) : null}
    </div>
  );
}
