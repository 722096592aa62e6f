import { Form, Link } from "react-router";
import type { Route } from "./+types/explore";
import { ProductionList } from "~/features/productions/components/production-card";
import { listProductions } from "~/features/productions/production.server";
import { phases, type Phase } from "~/features/productions/phases";
import { FilmCards } from "~/features/releases/components/film-lead";
import { showcase, showcasePages } from "~/features/releases/showcase.server";
import { authorize } from "~/lib/http.server";
import { useT } from "~/ui/i18n";

export async function loader({ request, context }: Route.LoaderArgs) {
  authorize(context, request, "browse", { type: "site" });
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const phaseParam = url.searchParams.get("phase");
  const phase = phases.includes(phaseParam as Phase) ? (phaseParam as Phase) : undefined;
  // Films lead the page; a search is about productions, so it shows them alone.
  const searching = Boolean(q || phase);
  const [productions, films] = await Promise.all([listProductions({ q: q || undefined, phase }), searching ? null : showcase(showcasePages(url.searchParams))]);
  return { q, phase: phase ?? "", productions, films };
}

/** The address of a row's next twelve films, the other row's page kept (a plain link: it works without scripts). */
function nextPage(pages: { watchPage: number; comingPage: number }, row: "watch" | "coming") {
  const params = new URLSearchParams();
  const watch = pages.watchPage + (row === "watch" ? 1 : 0);
  const coming = pages.comingPage + (row === "coming" ? 1 : 0);
  if (watch > 1) params.set("watch", String(watch));
  if (coming > 1) params.set("coming", String(coming));
  return `?${params}#${row === "watch" ? "watch-now-h" : "coming-h"}`;
}

export default function Explore({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const films = loaderData.films;
  return (
    <div className="page">
      <title>{`${t("explore.title")} — Claquette`}</title>
      <h1>{t("explore.title")}</h1>
      {films?.watchNow.length ? (
        <section aria-labelledby="watch-now-h">
          <h2 id="watch-now-h">{t("explore.watchNow")}</h2>
          <FilmCards films={films.watchNow} testId="watch-now" />
          {films?.moreWatchNow ? (
            <p>
              <Link to={nextPage(films, "watch")} data-testid="more-watch-now">
                {t("explore.moreWatchNow")}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}
      {films?.coming.length ? (
        <section aria-labelledby="coming-h">
          <h2 id="coming-h">{t("explore.coming")}</h2>
          <FilmCards films={films.coming} upcoming testId="coming" />
          {films?.moreComing ? (
            <p>
              <Link to={nextPage(films, "coming")} data-testid="more-coming">
                {t("explore.moreComing")}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}
      <h2 id="productions-h">{t("explore.productions")}</h2>
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="q">{t("explore.search")}</label>
          <input id="q" name="q" type="search" defaultValue={loaderData.q} />
        </div>
        <div className="field">
          <label htmlFor="phase">{t("explore.phase")}</label>
          <select id="phase" name="phase" defaultValue={loaderData.phase}>
            <option value="">{t("explore.anyPhase")}</option>
            {phases.map((p) => (
              <option key={p} value={p}>
                {t(`phase.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("explore.filter")}</button>
      </Form>
      {loaderData.productions.length ? (
        <ProductionList productions={loaderData.productions} />
      ) : (
        <p className="empty-state">{t("explore.empty")}</p>
      )}
    </div>
  );
}
