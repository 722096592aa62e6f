import { Link } from "react-router";
import type { Route } from "./+types/profile";
import { getProfile } from "~/features/auth/user.server";
import { acceptedWorkOf } from "~/features/tracker/tracker.server";
import { authorize, notFound } from "~/lib/http.server";
import { useFormatDate, useT } from "~/ui/i18n";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  authorize(context, request, "browse", { type: "site" });
  const profile = await getProfile(params.handle);
  if (!profile) notFound();
  // Accepted work on tasks: what the person is credited for.
  const credits = await acceptedWorkOf(profile.id);
  return { profile, credits };
}

export default function Profile({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { profile } = loaderData;
  return (
    <div className="page narrow">
      <title>{`${profile.displayName} (@${profile.handle}) — Claquette`}</title>
      <h1>{profile.displayName}</h1>
      <p className="muted">
        @{profile.handle} · {t("profile.joined", { date: date(profile.createdAt) })}
      </p>
      {profile.bio ? <p className="prose">{profile.bio}</p> : null}
      <h2>{t("profile.productions")}</h2>
      {profile.memberships.length ? (
        <ul className="plain-list">
          {profile.memberships.map((m) => (
            <li key={m.production.slug}>
              <Link to={`/p/${m.production.slug}`}>{m.production.title}</Link> — {t(`role.${m.role}`)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty-state">{t("profile.none")}</p>
      )}
      {loaderData.credits.length ? (
        <>
          <h2>{t("profile.credits")}</h2>
          <ul className="plain-list" data-testid="credits">
            {loaderData.credits.map((c) => (
              <li key={`${c.task.production.slug}-${c.task.number}`}>
                <Link to={`/p/${c.task.production.slug}/tracker/tasks/${c.task.number}`}>{c.task.title}</Link> — {c.task.production.title}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
