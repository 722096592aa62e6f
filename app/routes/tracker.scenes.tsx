import { Link } from "react-router";
import type { Route } from "./+types/tracker.scenes";
import { scenesOf } from "~/features/tracker/breakdown.server";
import { ProgressBar } from "~/features/tracker/components/labels";
import { progressByScene, trackerOf } from "~/features/tracker/tracker.server";
import { viewerOf } from "~/lib/http.server";
import { useT } from "~/ui/i18n";

// The breakdown: every scene of the script with its length, cast and progress; scenes cut
// from the script stay listed (their tasks are kept), flagged.
export async function loader({ context, params }: Route.LoaderArgs) {
  const { production } = await trackerOf(params.slug, viewerOf(context));
  const [scenes, progress] = await Promise.all([scenesOf(production.id), progressByScene(production.id)]);
  return {
    production: { slug: production.slug, title: production.title },
    scenes: scenes.map((s) => ({ ...s, progress: progress.get(s.id) ?? { done: 0, total: 0 } })),
  };
}

function eighthsText(n: number) {
  const whole = Math.floor(n / 8);
  const rest = n % 8;
  return [whole ? String(whole) : "", rest ? `${rest}/8` : ""].filter(Boolean).join(" ") || "0";
}

export default function Scenes({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { production, scenes } = loaderData;
  const base = `/p/${production.slug}/tracker`;
  return (
    <article className="page">
      <title>{`${t("tracker.breakdown")} — ${production.title}`}</title>
      <h1>{t("tracker.breakdown")}</h1>
      <p className="lead">{t("tracker.breakdownLead")}</p>
      {scenes.length ? (
        <div className="table-wrap" role="region" tabIndex={0} aria-label={t("tracker.breakdown")}>
          <table className="table" data-testid="scenes">
            <thead>
              <tr>
                <th scope="col">{t("script.col.number")}</th>
                <th scope="col">{t("tracker.heading")}</th>
                <th scope="col">{t("script.col.length")}</th>
                <th scope="col">{t("script.col.characters")}</th>
                <th scope="col">{t("tracker.shots")}</th>
                <th scope="col">{t("tracker.progress")}</th>
              </tr>
            </thead>
            <tbody>
              {scenes.map((s) => (
                <tr key={s.id} className={s.missingSince ? "scene-cut" : undefined}>
                  <th scope="row">{s.number}</th>
                  <td>
                    <Link to={`${base}/scenes/${s.id}`}>{s.heading}</Link>
                    {s.missingSince ? <span className="badge badge-warning">{t("tracker.sceneCut")}</span> : null}
                    {s.previousHeading ? <p className="help">{t("tracker.renamedFrom", { heading: s.previousHeading })}</p> : null}
                  </td>
                  <td>{eighthsText(s.eighths)}</td>
                  <td>{s.characters.join(", ")}</td>
                  <td>{s._count.shots}</td>
                  <td>{s.progress.total ? <ProgressBar done={s.progress.done} total={s.progress.total} label={t("tracker.sceneN", { n: s.number })} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("tracker.noScenes")}</p>
      )}
    </article>
  );
}
