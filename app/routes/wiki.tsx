import { Form, Link, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/wiki";
import { addCategory, categoriesOf, pagesByCategory, pagesInCategory, searchPages, wikiOf } from "~/features/wiki/wiki.server";
import { parseForm, requiredText } from "~/lib/forms";
import { authorize, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n";
import { can } from "~/lib/policy";
import { Field, FormAlert } from "~/ui/form";
import { useT } from "~/ui/i18n";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, role } = await wikiOf(params.slug, viewer);
  const resource = { type: "production", role } as const;
  authorize(context, request, "read", resource);
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim().slice(0, 200) ?? "";
  const only = url.searchParams.get("category")?.slice(0, 80) || null;
  // A search shows its results alone; a category, all its pages; otherwise the first of each.
  const listing = q
    ? Promise.resolve([])
    : only
      ? pagesInCategory(production.id, only).then((pages) => (pages.length ? [{ category: only, count: pages.length, pages }] : []))
      : pagesByCategory(production.id);
  const [groups, categories, hits] = await Promise.all([listing, categoriesOf(production.id), q ? searchPages(production.id, q) : null]);
  const user = policyUser(viewer);
  return { production, groups, categories, q, only, hits, may: { create: can(user, "createWikiPage", resource), manage: can(user, "manageWiki", resource) } };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, role } = await wikiOf(params.slug, viewer);
  authorize(context, request, "manageWiki", { type: "production", role });
  const parsed = parseForm(z.object({ name: requiredText(60) }), await request.formData(), ["name"]);
  if (!parsed.ok) return parsed;
  await addCategory(production.id, parsed.data.name);
  throw redirect(`/p/${production.slug}/wiki`);
}

/** A snippet whose matches the database marked with U+E000/U+E001, as text and <mark>s. */
function Snippet({ text }: { text: string }) {
  return (
    <>
      {text.split("\uE000").map((part, i) => {
        const [hit, rest] = i === 0 ? ["", part] : (part.split("\uE001") as [string, string?]);
        return (
          <span key={i}>
            {hit ? <mark>{hit}</mark> : null}
            {rest ?? ""}
          </span>
        );
      })}
    </>
  );
}

export default function Wiki({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { production, groups, categories, hits } = loaderData;
  const base = `/p/${production.slug}/wiki`;
  const label = (key: string) =>
    (categories.defaults as string[]).includes(key) ? t(`wiki.category.${key}` as MessageKey) : (categories.custom.find((c) => c.key === key)?.name ?? key);
  const keys = [...categories.defaults, ...categories.custom.map((c) => c.key)];
  return (
    <div className="page">
      <title>{`${t("wiki.title")} — ${production.title}`}</title>
      <h1>{t("wiki.title")}</h1>
      <p className="lead">{t("wiki.lead")}</p>
      <Form method="get" role="search" className="filters">
        <div className="field">
          <label htmlFor="q">{t("wiki.search")}</label>
          <input id="q" name="q" type="search" defaultValue={loaderData.q} maxLength={200} />
        </div>
        <button type="submit">{t("wiki.searchButton")}</button>
      </Form>
      {hits ? (
        <section aria-labelledby="results-h">
          <h2 id="results-h">{hits.length ? t("wiki.results", { count: hits.length }) : t("wiki.noResults")}</h2>
          <ol className="plain-list" data-testid="search-results">
            {hits.map((h) => (
              <li key={h.slug}>
                <Link to={`${base}/${h.slug}`}>{h.title}</Link> <span className="muted">({label(h.category)})</span>
                {h.snippet ? (
                  <p className="snippet">
                    <Snippet text={h.snippet} />
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <p className="actions">
        {loaderData.may.create ? (
          <Link to={`${base}/new`} className="button">
            {t("wiki.newPage")}
          </Link>
        ) : null}
        <Link to={`${base}/changes`}>{t("wiki.changes")}</Link>
      </p>
      {groups.length ? (
        [...groups]
          .sort((a, b) => keys.indexOf(a.category) - keys.indexOf(b.category))
          .map((g) => (
            <section key={g.category} aria-labelledby={`cat-${g.category}`}>
              <h2 id={`cat-${g.category}`}>{label(g.category)}</h2>
              <ul className="plain-list">
                {g.pages.map((p) => (
                  <li key={p.slug}>
                    <Link to={`${base}/${p.slug}`}>{p.title}</Link>
                  </li>
                ))}
              </ul>
              {g.count > g.pages.length ? (
                <p>
                  <Link to={`${base}?category=${encodeURIComponent(g.category)}`}>{t("wiki.allInCategory", { count: g.count, category: label(g.category) })}</Link>
                </p>
              ) : null}
            </section>
          ))
      ) : hits ? null : (
        <p className="empty-state">{t("wiki.empty")}</p>
      )}
      {loaderData.may.manage ? (
        <details className="panel">
          <summary>{t("wiki.addCategory")}</summary>
          <Form method="post" noValidate>
            <FormAlert state={actionData && !actionData.ok ? actionData : undefined} />
            <Field name="name" label="wiki.categoryName" state={actionData && !actionData.ok ? actionData : undefined} maxLength={60} required />
            <button type="submit">{t("wiki.addCategory")}</button>
          </Form>
        </details>
      ) : null}
    </div>
  );
}
