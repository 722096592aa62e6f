import { Form } from "react-router";
import type { Route } from "./+types/explore";
import { ProductionList } from "~/features/productions/components/production-card";
import { listProductions } from "~/features/productions/production.server";
import { phases, type Phase } from "~/features/productions/phases";
import { FilmCards } from "~/features/releases/components/film-lead";
import { showcase } from "~/features/releases/showcase.server";
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
  const [productions, films] = await Promise.all([listProductions({ q: q || undefined, phase }), searching ? null : showcase()]);
  return { q, phase: phase ?? "", productions, films };
}

export default function Explore({ loaderData }: Route.ComponentProps) {
  const t = useT();
  return (
    <div className="page">
      <title>{`${t("explore.title")} — Claquette`}</title>
      <h1>{t("explore.title")}</h1>
      {loaderData.films?.watchNow.length ? (
        <section aria-labelledby="watch-now-h">
          <h2 id="watch-now-h">{t("explore.watchNow")}</h2>
          <FilmCards films={loaderData.films.watchNow} testId="watch-now" />
        </section>
      ) : null}
      {loaderData.films?.coming.length ? (
        <section aria-labelledby="coming-h">
          <h2 id="coming-h">{t("explore.coming")}</h2>
          <FilmCards films={loaderData.films.coming} upcoming testId="coming" />
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
