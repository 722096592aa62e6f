import { Link } from "react-router";
import type { Route } from "./+types/script.reports";
import { scriptReport } from "~/features/script/reports";
import { currentScript, scriptOf } from "~/features/script/script.server";
import { pagesInCategory } from "~/features/wiki/wiki.server";
import { wikiSlug } from "~/features/wiki/links";
import { authorize, viewerOf } from "~/lib/http.server";
import { useT } from "~/ui/i18n";

// Scenes, characters and locations of the live script, with page counts in eighths.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, info, resource } = await scriptOf(params.slug, viewerOf(context));
  authorize(context, request, "read", resource);
  const report = scriptReport(await currentScript(info.name));
  const [characters, locations] = await Promise.all([pagesInCategory(production.id, "character"), pagesInCategory(production.id, "location")]);
  // A name links to the wiki page of the same name, when there is one.
  const pageOf = (pages: { slug: string; title: string }[]) => new Map(pages.map((p) => [p.title.toUpperCase(), p.slug]));
  const characterPages = pageOf(characters);
  const locationPages = pageOf(locations);
  return {
    production: { slug: production.slug, title: production.title },
    report: {
      ...report,
      characters: report.characters.map((c) => ({ ...c, page: characterPages.get(c.name) ?? characterPages.get(wikiSlug(c.name).toUpperCase()) ?? null })),
      locations: report.locations.map((l) => ({ ...l, page: locationPages.get(l.name) ?? null })),
    },
  };
}

function eighths(n: number): string {
  const whole = Math.floor(n / 8);
  const rest = n % 8;
  return [whole ? String(whole) : "", rest ? `${rest}/8` : ""].filter(Boolean).join(" ") || "0";
}

export default function ScriptReports({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { production, report } = loaderData;
  const wiki = `/p/${production.slug}/wiki`;
  return (
    <article className="page page-wide">
      <title>{`${t("script.reports")} — ${production.title}`}</title>
      <h1>{t("script.reports")}</h1>
      <p className="lead" data-testid="report-summary">
        {t("script.reportSummary", {
          scenes: t("script.count.scenes", { count: report.scenes.length }),
          eighths: t("script.count.eighths", { count: eighths(report.eighths) }),
          pages: t("script.count.printedPages", { count: report.pages }),
          runtime: t("script.count.minutes", { count: report.runtimeMinutes }),
        })}
      </p>
      <section aria-labelledby="scenes-h">
        <h2 id="scenes-h">{t("script.scenes")}</h2>
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="scenes-h">
          <table className="table" data-testid="scene-report">
            <thead>
              <tr>
                <th scope="col">{t("script.col.number")}</th>
                <th scope="col">{t("script.col.intExt")}</th>
                <th scope="col">{t("script.col.location")}</th>
                <th scope="col">{t("script.col.time")}</th>
                <th scope="col">{t("script.col.length")}</th>
                <th scope="col">{t("script.col.characters")}</th>
              </tr>
            </thead>
            <tbody>
              {report.scenes.map((s) => (
                <tr key={`${s.number}-${s.element}`}>
                  <th scope="row">{s.number}</th>
                  <td>{s.intExt ?? "—"}</td>
                  <td>{s.location}</td>
                  <td>{s.timeOfDay}</td>
                  <td>{eighths(s.eighths)}</td>
                  <td>{s.characters.join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="characters-h">
        <h2 id="characters-h">{t("script.characters")}</h2>
        <table className="table" data-testid="character-report">
          <thead>
            <tr>
              <th scope="col">{t("script.col.name")}</th>
              <th scope="col">{t("script.col.scenes")}</th>
              <th scope="col">{t("script.col.speeches")}</th>
            </tr>
          </thead>
          <tbody>
            {report.characters.map((c) => (
              <tr key={c.name}>
                <th scope="row">{c.page ? <Link to={`${wiki}/${c.page}`}>{c.name}</Link> : c.name}</th>
                <td>{c.scenes.length}</td>
                <td>{c.speeches}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="locations-h">
        <h2 id="locations-h">{t("script.locations")}</h2>
        <table className="table" data-testid="location-report">
          <thead>
            <tr>
              <th scope="col">{t("script.col.location")}</th>
              <th scope="col">{t("script.col.intExt")}</th>
              <th scope="col">{t("script.col.scenes")}</th>
            </tr>
          </thead>
          <tbody>
            {report.locations.map((l) => (
              <tr key={l.name}>
                <th scope="row">{l.page ? <Link to={`${wiki}/${l.page}`}>{l.name}</Link> : l.name}</th>
                <td>{l.intExt.join(", ")}</td>
                <td>{l.scenes.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}
