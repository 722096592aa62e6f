import { Link } from "react-router";
import type { Route } from "./+types/polls";
import { listPolls, pollState } from "~/features/polls/polls.server";
import { getProduction, roleIn } from "~/features/productions/production.server";
import { authorize, notFound, policyUser, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { useFormatDate, useT } from "~/ui/i18n";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const production = (await getProduction(params.slug)) ?? notFound();
  const resource = { type: "production", role: await roleIn(production.id, viewer?.id) } as const;
  authorize(context, request, "read", resource);
  const polls = (await listPolls(production.id)).map((p) => ({ ...p, ...pollState(p) }));
  return { production: { slug: production.slug, title: production.title }, polls, canCreate: can(policyUser(viewer), "createPoll", resource) };
}

export default function Polls({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, polls } = loaderData;
  return (
    <div className="page">
      <title>{`${t("poll.list")} — ${production.title}`}</title>
      <h1>{t("poll.list")}</h1>
      {loaderData.canCreate ? (
        <p>
          <Link to={`/p/${production.slug}/polls/new`} className="button">
            {t("poll.new")}
          </Link>
        </p>
      ) : null}
      {polls.length ? (
        <ul className="plain-list">
          {polls.map((p) => (
            <li key={p.id}>
              <Link to={`/p/${production.slug}/polls/${p.id}`}>{p.question}</Link>{" "}
              <span className="muted">
                {p.closed ? t("poll.closedAt", { date: date(p.closedAt ?? p.closesAt, true) }) : p.open ? t("poll.open", { date: date(p.closesAt, true) }) : t("poll.notOpen", { date: date(p.opensAt, true) })}{" "}
                · {t("poll.ballots", { count: p._count.ballots })}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("poll.none")}</p>
      )}
    </div>
  );
}
