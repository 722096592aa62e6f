import { Link } from "react-router";
import type { Route } from "./+types/releases";
import { getProduction, roleIn } from "~/features/productions/production.server";
import { isPublished, listReleases } from "~/features/releases/releases.server";
import { authorize, notFound, policyUser, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { useFormatDate, useT } from "~/ui/i18n";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const production = (await getProduction(params.slug)) ?? notFound();
  const resource = { type: "production", role: await roleIn(production.id, viewer?.id) } as const;
  authorize(context, request, "read", resource);
  const releases = (await listReleases(production.id)).map((r) => ({ ...r, published: isPublished(r) }));
  return { production: { slug: production.slug, title: production.title }, releases, canCreate: can(policyUser(viewer), "createRelease", resource) };
}

export default function Releases({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, releases } = loaderData;
  return (
    <div className="page">
      <title>{`${t("releases.title")} — ${production.title}`}</title>
      <h1>{t("releases.title")}</h1>
      {loaderData.canCreate ? (
        <p>
          <Link to={`/p/${production.slug}/releases/new`} className="button">
            {t("releases.new")}
          </Link>
        </p>
      ) : null}
      {releases.length ? (
        <ul className="plain-list">
          {releases.map((r) => (
            <li key={r.slug}>
              <Link to={`/p/${production.slug}/releases/${r.slug}`}>
                {r.title} ({r.version})
              </Link>{" "}
              <span className="muted">· {r.published ? t("releases.opened", { date: date(r.publishAt, true) }) : t("releases.opens", { date: date(r.publishAt, true) })}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty-state">{t("releases.none")}</p>
      )}
    </div>
  );
}
