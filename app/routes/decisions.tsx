import { Form, Link } from "react-router";
import type { Route } from "./+types/decisions";
import { DecisionNumber, DecisionStatusBadge } from "~/features/decisions/components/status";
import { listDecisions, logFacets } from "~/features/decisions/decisions.server";
import { getProduction, roleIn } from "~/features/productions/production.server";
import { authorize, notFound, policyUser, viewerOf } from "~/lib/http.server";
import { can, type DecisionStatus } from "~/lib/policy";
import { useFormatDate, useT } from "~/ui/i18n";

const statuses: DecisionStatus[] = ["draft", "proposed", "accepted", "rejected", "superseded"];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const production = (await getProduction(params.slug)) ?? notFound();
  const role = await roleIn(production.id, viewer?.id);
  const resource = { type: "production", role } as const;
  authorize(context, request, "read", resource);
  const user = policyUser(viewer);
  const withDrafts = can(user, "read", { type: "decision", role, status: "draft" });
  const url = new URL(request.url);
  const status = statuses.find((s) => s === url.searchParams.get("status"));
  const tag = url.searchParams.get("tag")?.slice(0, 30) || undefined;
  const person = url.searchParams.get("person")?.slice(0, 30) || undefined;
  const [decisions, facets] = await Promise.all([listDecisions(production.id, { status, tag, person }, withDrafts), logFacets(production.id, withDrafts)]);
  return {
    production: { slug: production.slug, title: production.title },
    decisions,
    facets,
    filters: { status: status ?? "", tag: tag ?? "", person: person ?? "" },
    statuses: withDrafts ? statuses : statuses.filter((s) => s !== "draft"),
    filtered: Boolean(status || tag || person),
    canCreate: can(user, "createDecision", resource),
  };
}

export default function Decisions({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, decisions, facets, filters } = loaderData;
  const base = `/p/${production.slug}`;
  return (
    <div className="page">
      <title>{`${t("decisions.title")} — ${production.title}`}</title>
      <link rel="alternate" type="application/atom+xml" href={`${base}/decisions.atom`} title={t("feed.title", { title: production.title })} />
      <h1>{t("decisions.title")}</h1>
      <p className="lead">{t("decisions.lead")}</p>
      <p className="actions">
        {loaderData.canCreate ? (
          <Link to={`${base}/decisions/new`} className="button">
            {t("decisions.new")}
          </Link>
        ) : null}
        <Link to={`${base}/log`}>{t("decisions.weekly")}</Link>
        <Link to={`${base}/follow#decisions-feed`}>{t("decisions.feed")}</Link>
      </p>
      <Form method="get" className="filters" aria-label={t("decisions.filter.apply")}>
        <div className="field">
          <label htmlFor="status">{t("decisions.filter.status")}</label>
          <select id="status" name="status" defaultValue={filters.status}>
            <option value="">{t("decisions.filter.all")}</option>
            {loaderData.statuses.map((s) => (
              <option key={s} value={s}>
                {t(`decision.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tag">{t("decisions.filter.tag")}</label>
          <select id="tag" name="tag" defaultValue={filters.tag}>
            <option value="">{t("decisions.filter.all")}</option>
            {facets.tags.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="person">{t("decisions.filter.person")}</label>
          <select id="person" name="person" defaultValue={filters.person}>
            <option value="">{t("decisions.filter.all")}</option>
            {facets.people.map((p) => (
              <option key={p.handle} value={p.handle}>
                {p.displayName}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("decisions.filter.apply")}</button>
      </Form>
      {decisions.length ? (
        <ol className="timeline" data-testid="decision-log">
          {decisions.map((d) => (
            <li key={d.number} className="timeline-item">
              <h2 className="timeline-title">
                <Link to={`${base}/decisions/${d.number}`}>
                  <DecisionNumber number={d.number} /> {d.title}
                </Link>
              </h2>
              <p className="muted">
                <DecisionStatusBadge status={d.status} />
                {d.decidedAt
                  ? `${t("decision.decidedOn")} ${date(d.decidedAt)}${d.decidedBy ? ` — ${d.decidedBy.displayName}` : ""}`
                  : d.proposedAt
                    ? `${t("decision.proposedOn")} ${date(d.proposedAt)}`
                    : `${t("decision.createdBy")} ${d.createdBy?.displayName ?? t("decision.someone")}`}
                {" · "}
                {t("decisions.comments", { count: d._count.comments })}
              </p>
              {d.tags.length ? (
                <p className="tags">
                  {d.tags.map((tag) => (
                    <Link key={tag} to={`?tag=${encodeURIComponent(tag)}`} className="tag">
                      {tag}
                    </Link>
                  ))}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty-state">{loaderData.filtered ? t("decisions.empty") : t("decisions.none")}</p>
      )}
    </div>
  );
}
