import { Link } from "react-router";
import type { Route } from "./+types/production.follow";
import { webcalUrl } from "~/features/releases/ics";
import { getProduction } from "~/features/productions/production.server";
import { publicUrl } from "~/lib/env.server";
import { authorize, notFound } from "~/lib/http.server";
import { useT } from "~/ui/i18n";

// A page a person can read beside the production's feeds and calendar: a browser shows
// an Atom feed as raw XML, so the links people click lead here, with each address to
// copy into a feed reader or calendar app (decision 0037).
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const production = (await getProduction(params.slug)) ?? notFound();
  authorize(context, request, "read", { type: "production", role: null });
  const base = `${publicUrl()}/p/${production.slug}`;
  return {
    production: { slug: production.slug, title: production.title },
    decisions: `${base}/decisions.atom`,
    wiki: `${base}/wiki/changes.atom`,
    calendar: `${base}/screenings.ics`,
    webcal: webcalUrl(`${base}/screenings.ics`),
  };
}

function Address({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" readOnly value={value} className="address-field" spellCheck={false} />
    </div>
  );
}

export default function Follow({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { production } = loaderData;
  const base = `/p/${production.slug}`;
  return (
    <div className="page narrow">
      <title>{`${t("follow.title")} — ${production.title}`}</title>
      <link rel="alternate" type="application/atom+xml" href={`${base}/decisions.atom`} title={t("feed.title", { title: production.title })} />
      <p>
        <Link to={base}>← {production.title}</Link>
      </p>
      <h1>{t("follow.title")}</h1>
      <p className="lead">{t("follow.lead")}</p>

      <section id="decisions-feed" aria-labelledby="decisions-feed-h">
        <h2 id="decisions-feed-h">{t("follow.decisions")}</h2>
        <p>{t("follow.decisionsHelp")}</p>
        <Address id="decisions-address" label={t("follow.feedAddress")} value={loaderData.decisions} />
        <p className="actions">
          <Link to={`${base}/decisions`}>{t("follow.readDecisions")}</Link>
          <a href={`${base}/decisions.atom`} type="application/atom+xml">
            {t("follow.rawFeed")}
          </a>
        </p>
      </section>

      <section id="wiki-feed" aria-labelledby="wiki-feed-h">
        <h2 id="wiki-feed-h">{t("follow.wiki")}</h2>
        <p>{t("follow.wikiHelp")}</p>
        <Address id="wiki-address" label={t("follow.feedAddress")} value={loaderData.wiki} />
        <p className="actions">
          <Link to={`${base}/wiki/changes`}>{t("follow.readWiki")}</Link>
          <a href={`${base}/wiki/changes.atom`} type="application/atom+xml">
            {t("follow.rawFeed")}
          </a>
        </p>
      </section>

      <section id="calendar" aria-labelledby="calendar-h">
        <h2 id="calendar-h">{t("follow.calendar")}</h2>
        <p>{t("follow.calendarHelp")}</p>
        <Address id="calendar-address" label={t("follow.calendarAddress")} value={loaderData.calendar} />
        <p className="actions">
          <a href={loaderData.webcal}>{t("release.calendarSubscribe")}</a>
          <a href={`${base}/screenings.ics`} download>
            {t("release.calendar")}
          </a>
        </p>
      </section>
    </div>
  );
}
