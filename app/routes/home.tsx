import { Link } from "react-router";
import type { Route } from "./+types/home";
import { ProductionList } from "~/features/productions/components/production-card";
import { personalHome } from "~/features/productions/personal-home.server";
import { listProductions } from "~/features/productions/production.server";
import { NotificationText } from "~/features/tracker/components/notification";
import { authorize, policyUser } from "~/lib/http.server";
import { useFormatDate, useT } from "~/ui/i18n";

export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = authorize(context, request, "browse", { type: "site" });
  // Signed in, one lands on one's own home (after sign-up and login too); visitors get the studio's front page.
  if (viewer) return { mine: await personalHome(viewer, policyUser(viewer)), productions: [], signedIn: true };
  return { mine: null, productions: await listProductions({ take: 6 }), signedIn: false };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const t = useT();
  if (loaderData.mine) return <PersonalHome mine={loaderData.mine} />;
  return (
    <div className="page">
      <title>{`${t("app.name")} — ${t("app.tagline")}`}</title>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
        <p className="actions">
          <Link to="/explore" className="button">
            {t("home.explore")}
          </Link>
          <Link to={loaderData.signedIn ? "/productions/new" : "/signup"} className="button button-secondary">
            {t("home.start")}
          </Link>
        </p>
      </section>
      <section aria-labelledby="recent">
        <h2 id="recent">{t("home.recent")}</h2>
        <ProductionList productions={loaderData.productions} />
      </section>
    </div>
  );
}

type Mine = NonNullable<Route.ComponentProps["loaderData"]["mine"]>;

function PersonalHome({ mine }: { mine: Mine }) {
  const t = useT();
  const date = useFormatDate();
  return (
    <div className="page home-mine">
      <title>{`${t("home.mine.title")} — ${t("app.name")}`}</title>
      <h1>{t("home.mine.title")}</h1>
      <div className="columns">
        <div>
          <section aria-labelledby="mine-notifications" className="panel">
            <h2 id="mine-notifications">{t("home.mine.notifications")}</h2>
            {mine.notifications.length ? (
              <ul className="plain-list" data-testid="home-notifications">
                {mine.notifications.map((n) => (
                  <li key={n.id}>
                    <NotificationText n={n} /> <span className="muted">— {n.production?.title} · {date(n.createdAt)}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="empty-state">{t("home.mine.noNotifications")}</p>
            )}
            <p>
              <Link to="/notifications">{t("home.mine.allNotifications")}</Link>
            </p>
          </section>
          <section aria-labelledby="mine-polls" className="panel">
            <h2 id="mine-polls">{t("home.mine.polls")}</h2>
            {mine.polls.length ? (
              <ul className="plain-list" data-testid="home-polls">
                {mine.polls.map((p) => (
                  <li key={p.id}>
                    <Link to={`/p/${p.production.slug}/polls/${p.id}`}>{p.question}</Link>{" "}
                    <span className="muted">
                      — {p.production.title} · {t("poll.open", { date: date(p.closesAt, true) })}
                      {p.hasVoted ? ` · ${t("home.mine.voted")}` : ""}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="empty-state">{t("home.mine.noPolls")}</p>
            )}
          </section>
          <section aria-labelledby="mine-tasks" className="panel">
            <h2 id="mine-tasks">{t("home.mine.tasks")}</h2>
            {mine.tasks.length ? (
              <ul className="plain-list" data-testid="home-tasks">
                {mine.tasks.map((task) => (
                  <li key={`${task.production.slug}-${task.number}`}>
                    <Link to={`/p/${task.production.slug}/tracker/tasks/${task.number}`}>
                      T-{task.number} {task.title}
                    </Link>{" "}
                    <span className="muted">
                      — {task.production.title} · {task.status.name}
                      {task.dueDate ? ` · ${date(task.dueDate)}` : ""}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="empty-state">{t("home.mine.noTasks")}</p>
            )}
          </section>
        </div>
        <section aria-labelledby="mine-productions" className="panel">
          <h2 id="mine-productions">{t("home.mine.productions")}</h2>
          {mine.productions.length ? (
            <ul className="plain-list" data-testid="home-productions">
              {mine.productions.map((m) => (
                <li key={m.production.slug}>
                  <Link to={`/p/${m.production.slug}`}>{m.production.title}</Link> — {t(`role.${m.role}`)}
                </li>
              ))}
            </ul>
          ) : (
            <p className="empty-state">{t("home.mine.noProductions")}</p>
          )}
          <p className="actions">
            <Link to="/explore" className="button button-secondary">
              {t("home.explore")}
            </Link>
            <Link to="/productions/new" className="button button-secondary">
              {t("home.start")}
            </Link>
          </p>
        </section>
      </div>
    </div>
  );
}
