import { Form, Link } from "react-router";
import type { Route } from "./+types/wiki.changes";
import { VersionLabel } from "~/features/collab/components/version-label";
import { categoriesOf, pagesByCategory, recentChanges, wikiOf } from "~/features/wiki/wiki.server";
import { authorize, viewerOf } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n";
import { useFormatDate, useT } from "~/ui/i18n";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, role } = await wikiOf(params.slug, viewerOf(context));
  authorize(context, request, "read", { type: "production", role });
  const url = new URL(request.url);
  const filters = {
    page: url.searchParams.get("page")?.slice(0, 80) || undefined,
    person: url.searchParams.get("person")?.slice(0, 30) || undefined,
    category: url.searchParams.get("category")?.slice(0, 80) || undefined,
  };
  const [changes, pages, categories] = await Promise.all([recentChanges(production.id, filters), pagesByCategory(production.id), categoriesOf(production.id)]);
  return { production, changes, pages, categories, filters };
}

export default function WikiChanges({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, changes, pages, categories, filters } = loaderData;
  const base = `/p/${production.slug}/wiki`;
  return (
    <div className="page">
      <title>{`${t("wiki.changes")} — ${production.title}`}</title>
      <link rel="alternate" type="application/atom+xml" href={`${base}/changes.atom`} title={t("wiki.feedTitle", { title: production.title })} />
      <p>
        <Link to={base}>← {t("wiki.title")}</Link>
      </p>
      <h1>{t("wiki.changes")}</h1>
      <p>
        <a href={`${base}/changes.atom`}>{t("wiki.changesFeed")}</a>
      </p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="page">{t("wiki.filter.page")}</label>
          <select id="page" name="page" defaultValue={filters.page ?? ""}>
            <option value="">{t("wiki.filter.all")}</option>
            {pages.map((p) => (
              <option key={p.slug} value={p.slug}>
                {p.title}
              </option>
            ))}
          </select>
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
