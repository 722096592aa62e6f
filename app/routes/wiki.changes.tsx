import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/wiki.changes";
import { VersionLabel } from "~/features/collab/components/version-label";
import { categoriesOf, recentChanges, revertEditsBy, wikiOf } from "~/features/wiki/wiki.server";
import { db } from "~/lib/db.server";
import { authorize, notFound, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { Notice } from "~/ui/form";
import type { MessageKey } from "~/lib/i18n";
import { useFormatDate, useT } from "~/ui/i18n";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, role } = await wikiOf(params.slug, viewer);
  authorize(context, request, "read", { type: "production", role });
  const url = new URL(request.url);
  const filters = {
    page: url.searchParams.get("page")?.slice(0, 80) || undefined,
    person: url.searchParams.get("person")?.slice(0, 30) || undefined,
    category: url.searchParams.get("category")?.slice(0, 80) || undefined,
  };
  const [changes, categories] = await Promise.all([recentChanges(production.id, filters), categoriesOf(production.id)]);
  return {
    production,
    changes,
    categories,
    filters,
    reverted: Number(url.searchParams.get("reverted") ?? -1),
    canRevert: can(policyUser(viewer), "manageWiki", { type: "production", role }),
  };
}

/** A producer or admin reverts a person's edits of the last day across every page. */
export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, role } = await wikiOf(params.slug, viewer);
  authorize(context, request, "manageWiki", { type: "production", role });
  const handle = String((await request.formData()).get("person") ?? "");
  const person = (await db.user.findUnique({ where: { handle }, select: { id: true } })) ?? notFound();
  const restored = await revertEditsBy(production.id, person.id, new Date(Date.now() - 24 * 3600_000), viewer.id);
  throw redirect(`/p/${production.slug}/wiki/changes?person=${encodeURIComponent(handle)}&reverted=${restored.length}`);
}

export default function WikiChanges({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, changes, categories, filters } = loaderData;
  const base = `/p/${production.slug}/wiki`;
  return (
    <div className="page">
      <title>{`${t("wiki.changes")} — ${production.title}`}</title>
      <link rel="alternate" type="application/atom+xml" href={`${base}/changes.atom`} title={t("wiki.feedTitle", { title: production.title })} />
      <h1>{t("wiki.changes")}</h1>
      <p>
        <Link to={`/p/${production.slug}/follow#wiki-feed`}>{t("wiki.changesFeed")}</Link>
      </p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="page">{t("wiki.filter.page")}</label>
          <input id="page" name="page" defaultValue={filters.page ?? ""} maxLength={80} aria-describedby="page-help" />
          <p className="help" id="page-help">
            {t("wiki.filter.pageHelp")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="category">{t("wiki.filter.category")}</label>
          <select id="category" name="category" defaultValue={filters.category ?? ""}>
            <option value="">{t("wiki.filter.all")}</option>
            {categories.defaults.map((k) => (
              <option key={k} value={k}>
                {t(`wiki.category.${k}` as MessageKey)}
              </option>
            ))}
            {categories.custom.map((c) => (
              <option key={c.key} value={c.key}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="person">{t("wiki.filter.person")}</label>
          <input id="person" name="person" defaultValue={filters.person ?? ""} maxLength={30} />
        </div>
        <button type="submit">{t("wiki.filter.apply")}</button>
      </Form>
      {loaderData.reverted >= 0 ? <Notice>{t("wiki.reverted", { count: loaderData.reverted })}</Notice> : null}
      {loaderData.canRevert && filters.person && changes.length ? (
        <Form method="post" className="panel">
          <input type="hidden" name="person" value={filters.person} />
          <p className="help">{t("wiki.revertHelp")}</p>
          <button type="submit" className="button-danger">
            {t("wiki.revert", { person: filters.person })}
          </button>
        </Form>
      ) : null}
      {changes.length ? (
        <ol className="plain-list" data-testid="changes">
          {changes.map((c) => (
            <li key={`${c.page.slug}-${c.number}`}>
              <Link to={`${base}/${c.page.slug}`}>{c.page.title}</Link> —{" "}
              <Link to={`${base}/${c.page.slug}/history?to=${c.number}&from=${Math.max(1, c.number - 1)}`}>
                <VersionLabel number={c.number} label={c.label} />
              </Link>{" "}
              <span className="muted">
                {date(c.at, true)}
                {c.editors.length ? ` · ${t("wiki.changeBy", { names: c.editors.map((e) => e.displayName).join(", ") })}` : ""}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p>{t("wiki.noChanges")}</p>
      )}
    </div>
  );
}
