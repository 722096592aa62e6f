import { Form, Link } from "react-router";
import type { Route } from "./+types/production";
import { productionContributors } from "~/features/collab/store.server";
import { DecisionNumber, DecisionStatusBadge } from "~/features/decisions/components/status";
import { latestDecisions } from "~/features/decisions/decisions.server";
import { upcomingScreenings } from "~/features/releases/screenings.server";
import { pollsClosingSoon } from "~/features/polls/polls.server";
import { Activity, ActivityFilter } from "~/features/productions/components/activity";
import { follow, join, leave, unfollow } from "~/features/productions/membership.server";
import { getProduction, productionHome, roleIn } from "~/features/productions/production.server";
import { requestSharedReads } from "~/features/productions/production-read.server";
import { STORY_FAMILIES } from "~/features/productions/story";
import { readStoryQuery } from "~/features/productions/story-query.server";
import { productionStory } from "~/features/productions/story.server";
import { FilmLead } from "~/features/releases/components/film-lead";
import { productionFilm } from "~/features/releases/showcase.server";
import { CalendarLinks } from "~/features/releases/components/calendar-links";
import { webcalUrl } from "~/features/releases/ics";
import { licence, licenceName } from "~/features/releases/licences";
import { publicUrl } from "~/lib/env.server";
import { authorize, notFound, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { FormAlert, Notice } from "~/ui/form";
import { useLocale, useT } from "~/ui/i18n";
import { dateTimeFormat } from "~/lib/i18n";
import type { PageHandle } from "~/lib/visitor-page";

// A visitor gets the page without the framework (decision 0058).
export const handle: PageHandle = { visitorIslands: true };

export async function loader({ request, context, params }: Route.LoaderArgs) {
  // Read before the releases: a countdown at zero then finds the film out (decision 0046).
  const now = new Date();
  const viewer = viewerOf(context);
  const home = (await productionHome(params.slug, viewer?.id)) ?? notFound();
  const resource = { type: "production", role: home.role } as const;
  authorize(context, request, "read", resource);
  const user = policyUser(viewer);
  const url = new URL(request.url);
  const query = readStoryQuery(url.searchParams);
  const id = home.production.id;
  // Independent reads, at once: the page waits for the slowest, not for their sum. They are
  // the same for every viewer: kept for the next one until the production changes (0062).
  const shared = await requestSharedReads();
  const alike = <T,>(what: string, read: () => Promise<T>) => shared.read(id, `production-home ${id} ${what}`, read);
  const [story, film, contributors, closingSoon, decisions, screenings] = await Promise.all([
    alike(`story ${JSON.stringify(query)}`, () => productionStory(home.production, query)),
    alike("film", () => productionFilm(home.production, now)),
    alike("contributors", () => productionContributors(id)),
    alike("closing-soon", () => pollsClosingSoon(id)),
    alike("decisions", () => latestDecisions(id)),
    alike("screenings", () => upcomingScreenings(id, { take: 5 })),
  ]);
  return {
    ...home,
    story,
    now,
    film,
    contributors,
    closingSoon,
    decisions,
    screenings,
    licenceUri: licence(home.production.licence)?.uri ?? null,
    webcal: webcalUrl(`${publicUrl()}/p/${home.production.slug}/screenings.ics`),
    saved: url.searchParams.has("saved"),
    may: {
      update: can(user, "update", resource),
      join: can(user, "join", resource),
      leave: can(user, "leave", resource),
      follow: can(user, "follow", resource),
      signedIn: viewer !== null,
    },
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const production = (await getProduction(params.slug)) ?? notFound();
  const resource = { type: "production", role: await roleIn(production.id, viewer.id) } as const;
  const intent = (await request.formData()).get("intent");
  switch (intent) {
    case "join":
      authorize(context, request, "join", resource);
      await join(production.id, viewer.id);
      return { ok: true };
    case "leave": {
      authorize(context, request, "leave", resource);
      const left = await leave(production.id, viewer.id);
      return left.ok ? { ok: true } : { ok: false, error: left.error };
    }
    case "follow":
      authorize(context, request, "follow", resource);
      await follow(production.id, viewer.id);
      return { ok: true };
    case "unfollow":
      authorize(context, request, "follow", resource);
      await unfollow(production.id, viewer.id);
      return { ok: true };
  }
  throw new Response("Unknown intent", { status: 400 });
}

export default function ProductionHome({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const { production: p, role, following, may } = loaderData;
  return (
    <article className="page overview">
      <title>{`${p.title} — Claquette`}</title>
      <meta name="description" content={p.logline} />
      {/* The header above names the production with its poster: the page leads with what is happening. */}
      <h1 className="visually-hidden">{p.title}</h1>
      {loaderData.saved ? <Notice>{t("production.saved")}</Notice> : null}
      {loaderData.film ? <FilmLead film={loaderData.film.film} released={loaderData.film.released} now={loaderData.now} /> : null}
      {actionData && "error" in actionData && actionData.error === "lastProducer" ? (
        <FormAlert>{t("production.lastProducer")}</FormAlert>
      ) : null}
      <section className="panel overview-intro" aria-label={t("production.about")}>
        <p>
          <span className="badge">{t(`phase.${p.phase}`)}</span>
          {role ? (
            <>
              {" "}
              <span className="badge badge-info" data-testid="my-role">
                {t("production.youAre", { role: t(`role.${role}`) })}
              </span>
            </>
          ) : null}
        </p>
        {p.logline ? <p className="lead">{p.logline}</p> : null}
        <div className="actions">
          {may.join ? (
            <Form method="post">
              <button type="submit" name="intent" value="join">
                {t("production.join")}
              </button>
            </Form>
          ) : null}
          {may.follow ? (
            <Form method="post">
              <button type="submit" name="intent" value={following ? "unfollow" : "follow"} className="button-secondary">
                {following ? t("production.unfollow") : t("production.follow")}
              </button>
            </Form>
          ) : null}
          {may.leave ? (
            <Form method="post">
              <button type="submit" name="intent" value="leave" className="button-secondary">
                {t("production.leave")}
              </button>
            </Form>
          ) : null}
          {may.update ? (
            <Link to={`/p/${p.slug}/edit`} className="button button-secondary">
              {t("production.edit")}
            </Link>
          ) : null}
          {!may.signedIn ? <Link to={`/login?redirectTo=/p/${p.slug}`}>{t("production.joinToHelp")}</Link> : null}
        </div>
      </section>
      <ul className="cards overview-open" data-testid="overview-open">
        <li className="card">
          <div className="card-body">
            <h2 className="overview-count">
              <Link to={`/p/${p.slug}/polls`}>{t("production.tabs.openPolls", { count: loaderData.openPolls })}</Link>
            </h2>
            {loaderData.closingSoon.length ? (
              <ul className="plain-list">
                {loaderData.closingSoon.map((poll) => (
                  <li key={poll.id}>
                    <Link to={`/p/${p.slug}/polls/${poll.id}`}>{t("poll.closingSoon", { question: poll.question })}</Link>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </li>
        <li className="card">
          <div className="card-body">
            <h2 className="overview-count">
              <Link to={`/p/${p.slug}/tracker`}>{t("production.tabs.openCalls", { count: loaderData.openCalls })}</Link>
            </h2>
          </div>
        </li>
      </ul>
      <div className="columns">
        <div>
          <section aria-labelledby="activity-h" className="panel">
            <h2 id="activity-h">{t("production.activity")}</h2>
            <ActivityFilter families={STORY_FAMILIES} kind={loaderData.story.kind} />
            <Activity events={loaderData.story.items} />
            <StoryPages slug={p.slug} story={loaderData.story} />
          </section>
          <section aria-labelledby="decisions-h" className="panel">
            <h2 id="decisions-h">{t("decisions.latest")}</h2>
            {loaderData.decisions.length ? (
              <ul className="plain-list" data-testid="latest-decisions">
                {loaderData.decisions.map((d) => (
                  <li key={d.number}>
                    <Link to={`/p/${p.slug}/decisions/${d.number}`}>
                      <DecisionNumber number={d.number} /> {d.title}
                    </Link>{" "}
                    <DecisionStatusBadge status={d.status} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="empty-state">{t("decisions.none")}</p>
            )}
            <p>
              <Link to={`/p/${p.slug}/decisions`}>{t("decisions.all")}</Link> · <Link to={`/p/${p.slug}/log`}>{t("weekly.title")}</Link>
            </p>
          </section>
          {p.synopsis ? (
            <section aria-labelledby="synopsis-h" className="panel">
              <h2 id="synopsis-h">{t("production.synopsis")}</h2>
              <div className="prose">
                {p.synopsis.split(/\n{2,}/).map((para, i) => (
                  <p key={i}>{para}</p>
                ))}
              </div>
            </section>
          ) : null}
        </div>
        <aside aria-labelledby="team-h">
          <section className="panel">
            <h2 id="team-h">{t("production.members")}</h2>
            <ul className="plain-list">
              {p.memberships.map((m) => (
                <li key={m.user.handle}>
                  <Link to={`/u/${m.user.handle}`}>{m.user.displayName}</Link> — {t(`role.${m.role}`)}
                </li>
              ))}
            </ul>
            <p>
              <Link to={`/p/${p.slug}/members`}>{t("production.membersCount", { count: p._count.memberships })}</Link> ·{" "}
              {t("production.followersCount", { count: p._count.follows })}
            </p>
            <p className="help">
              {loaderData.licenceUri ? (
                <a href={loaderData.licenceUri} rel="license">
                  {t("production.licensed", { licence: licenceName(p.licence) })}
                </a>
              ) : (
                t("production.licensed", { licence: licenceName(p.licence) })
              )}{" "}
              · {p.membersEditScript ? t("production.script") : t("production.scriptClosed")}
            </p>
          </section>
          {loaderData.screenings.length ? (
            <section className="panel" aria-labelledby="screenings-h">
              <h2 id="screenings-h">{t("release.screenings")}</h2>
              <ul className="plain-list" data-testid="home-screenings">
                {loaderData.screenings.map((s) => (
                  <li key={s.id}>
                    {s.venue}, {s.city} — {dateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: s.timeZone }).format(new Date(s.startsAt))}
                  </li>
                ))}
              </ul>
              <CalendarLinks slug={p.slug} webcal={loaderData.webcal} />
            </section>
          ) : null}
          {loaderData.contributors.length ? (
            <section className="panel" aria-labelledby="contributors-h">
              <h2 id="contributors-h">{t("production.contributors")}</h2>
              <ul className="plain-list" data-testid="production-contributors">
                {loaderData.contributors.map((c) => (
                  <li key={c.user.handle}>
                    <Link to={`/u/${c.user.handle}`}>{c.user.displayName}</Link> — {t("production.contributorLine", { count: c.inserted })}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </aside>
      </div>
    </article>
  );
}

function StoryPages({ slug, story }: { slug: string; story: { kind: string | null; page: number; more: boolean } }) {
  const t = useT();
  const to = (page: number) => {
    const q = new URLSearchParams();
    if (story.kind) q.set("kind", story.kind);
    if (page > 1) q.set("page", String(page));
    return `/p/${slug}?${q.toString()}#activity-h`;
  };
  if (story.page === 1 && !story.more) return null;
  return (
    <p className="actions">
      {story.page > 1 ? <Link to={to(story.page - 1)}>{t("story.newer")}</Link> : null}
      {story.more ? <Link to={to(story.page + 1)} rel="next">{t("story.older")}</Link> : null}
    </p>
  );
}
