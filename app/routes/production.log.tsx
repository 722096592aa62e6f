import { Link } from "react-router";
import type { Route } from "./+types/production.log";
import { weeksOfProduction } from "~/features/decisions/weekly.server";
import { weekRange } from "~/features/decisions/week";
import { getProduction } from "~/features/productions/production.server";
import { authorize, notFound } from "~/lib/http.server";
import { useFormatDate, useT } from "~/ui/i18n";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const production = (await getProduction(params.slug)) ?? notFound();
  authorize(context, request, "read", { type: "production", role: null });
  const weeks = await weeksOfProduction(production.id);
  return { production: { slug: production.slug, title: production.title }, weeks: weeks.map((week) => ({ week, start: weekRange(week)!.start })) };
}

export default function ProductionLog({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, weeks } = loaderData;
  return (
    <div className="page">
      <title>{`${t("weekly.title")} — ${production.title}`}</title>
      <h1>{t("weekly.title")}</h1>
      <p className="lead">{t("weekly.lead")}</p>
      <ul className="plain-list" data-testid="weeks">
        {weeks.map((w) => (
          <li key={w.week}>
            <Link to={`/p/${production.slug}/log/${w.week}`}>{t("weekly.week", { date: date(w.start) })}</Link>
          </li>
        ))}
      </ul>
      <p>
        <Link to={`/p/${production.slug}/decisions`}>{t("decisions.title")}</Link>
      </p>
    </div>
  );
}
