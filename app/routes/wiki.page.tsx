import { lazy, useEffect } from "react";
import { Form, Link, redirect, useNavigate } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/wiki.page";
import { blocksOf } from "~/features/collab/content";
import { LiveDocument } from "~/features/collab/components/live-document";
import { colourFor } from "~/features/collab/presence";
import { documentContributors, loadDocument } from "~/features/collab/store.server";
import { licence, licenceName } from "~/features/releases/licences";
import { WikiLine, WikiText } from "~/features/wiki/components/wiki-text";
import { segmentsOf } from "~/features/wiki/links";
import { scenesFor } from "~/features/script/script.server";
import { backlinksOf, categoriesOf, existingSlugs, pageFor, renamePage, updatePageFacts, wikiDocName } from "~/features/wiki/wiki.server";
import { publicUrl } from "~/lib/env.server";
import { fail, parseForm, requiredText } from "~/lib/forms";
import { authorize, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n";
import { can } from "~/lib/policy";
import { Field, FormAlert, Notice } from "~/ui/form";
import { useT } from "~/ui/i18n";
import type { PageHandle } from "~/lib/visitor-page";

// A visitor gets the page without the framework (decision 0058).
export const handle: PageHandle = { visitorIslands: true };

const WikiEditor = lazy(() => import("~/features/wiki/components/wiki-editor"));

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, page, role, resource, movedTo } = await pageFor(params.slug, params.page, viewer);
  // An old address: the page lives on under its new one.
  if (movedTo) throw redirect(`/p/${production.slug}/wiki/${movedTo}`, 301);
  authorize(context, request, "read", resource);
  const name = wikiDocName(page.id);
  // What does not depend on the text is read while the text loads.
  const around = Promise.all([backlinksOf(page), documentContributors(name), categoriesOf(production.id), scenesFor(production.id, page)]);
  around.catch(() => {}); // a failure is thrown where it is awaited, below
  const { doc } = await loadDocument(name);
  const blocks = blocksOf(doc);
  doc.destroy();
  // Each linked page once, with the title it was written with.
  const linked = new Map<string, string>();
  for (const b of blocks) for (const s of segmentsOf(b.text)) if ("link" in s && !linked.has(s.link.slug)) linked.set(s.link.slug, s.link.title);
  const links = [...linked.keys()];
  const [existing, [backlinks, contributors, categories, scenes]] = await Promise.all([existingSlugs(production.id, links), around]);
  const user = policyUser(viewer);
  const l = licence(production.licence);
  const url = `${publicUrl()}/p/${production.slug}/wiki/${page.slug}`;
  const names = contributors.map((c) => c.user.displayName).join(", ");
  const may = { edit: can(user, "edit", resource), manage: can(user, "manageWiki", { type: "production", role }) };
  return {
    production,
    page: { id: page.id, slug: page.slug, title: page.title, category: page.category, protected: page.protected },
    docName: name,
    blocks,
    links: [...linked].map(([slug, title]) => ({ slug, title })),
    existing: [...existing],
    backlinks,
    scenes,
    contributors,
    categories,
    licence: { name: licenceName(production.licence), uri: l?.uri ?? null },
    attribution: `"${page.title}" — ${production.title} wiki, ${url}${names ? `, by ${names}` : ""}, ${licenceName(production.licence)}${l ? ` (${l.uri})` : ""}`,
    renamed: new URL(request.url).searchParams.has("renamed"),
    user: viewer ? { name: viewer.displayName, color: colourFor(viewer.id) } : null,
    member: role !== null,
    may,
    // A page is read first; `?edit` (a plain link, so it works without JavaScript) edits it.
    editing: may.edit && new URL(request.url).searchParams.has("edit"),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, page, role, resource } = await pageFor(params.slug, params.page, viewer);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (intent === "rename") {
    authorize(context, request, "edit", resource);
    const parsed = parseForm(z.object({ title: requiredText(120) }), formData, ["title"]);
    if (!parsed.ok) return { ...parsed, intent };
    const renamed = await renamePage(page.id, parsed.data.title);
    if (!renamed.ok) return { ...fail(formData, { title: { key: renamed.problem } }), intent };
    throw redirect(`/p/${production.slug}/wiki/${renamed.slug}?renamed`);
  }
  if (intent === "facts") {
    authorize(context, request, "manageWiki", { type: "production", role });
    const { defaults, custom } = await categoriesOf(production.id);
    const category = String(formData.get("category") ?? page.category);
    if (![...defaults, ...custom.map((c) => c.key)].includes(category)) return { ...fail(formData, { category: { key: "field.choice" } }), intent };
    await updatePageFacts(page.id, { category, protected: formData.get("protected") === "on" });
    return { ok: true as const, intent };
  }
  throw new Response("Unknown intent", { status: 400 });
}

/** `e` edits the page, as on many wikis, unless the person is typing somewhere. */
function useEditKey(to: string | null) {
  const navigate = useNavigate();
  useEffect(() => {
    if (!to) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "e" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])")) return;
      e.preventDefault();
      void navigate(to);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [to, navigate]);
}

export default function WikiPage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { production, page, may, categories, editing } = loaderData;
  const base = `/p/${production.slug}/wiki`;
  const here = `${base}/${page.slug}`;
  useEditKey(may.edit && !editing ? `${here}?edit` : null);
  const failed = actionData && !actionData.ok ? actionData : undefined;
  const categoryLabel = (key: string) =>
    (categories.defaults as string[]).includes(key) ? t(`wiki.category.${key}` as MessageKey) : (categories.custom.find((c) => c.key === key)?.name ?? key);
  const existing = new Set(loaderData.existing);
  return (
    <article className="page" data-mode={editing ? "edit" : "read"}>
      <title>{`${page.title} — ${t("wiki.title")} — ${production.title}`}</title>
      <h1>{page.title}</h1>
      <p>
        <span className="badge">{categoryLabel(page.category)}</span>
        {page.protected ? <span className="badge">{t("wiki.protected")}</span> : null}
      </p>
      {loaderData.renamed ? <Notice>{t("wiki.renamed")}</Notice> : null}
      <nav className="actions" aria-label={page.title}>
        {editing ? (
          <Link to={here} className="button" data-testid="read-page">
            {t("wiki.done")}
          </Link>
        ) : may.edit ? (
          <Link to={`${here}?edit`} className="button" aria-keyshortcuts="e" title={t("wiki.editTitle")} data-testid="edit-page">
            {t("wiki.edit")}
          </Link>
        ) : null}
        <Link to={`${base}/${page.slug}/history`}>{t("wiki.history")}</Link>
        <Link to={`${base}/${page.slug}/talk`}>{t("wiki.talk")}</Link>
      </nav>
      {editing ? (
        <>
          <p className="help">{t("wiki.linksHelp")}</p>
          <LiveDocument
            docName={loaderData.docName}
            blocks={loaderData.blocks}
            canEdit
            user={loaderData.user}
            label={t("wiki.editorLabel")}
            emptyText={t("wiki.pageEmpty")}
            media={{ uploadUrl: `${base}/images`, srcPrefix: `${base}/images/` }}
            view={<WikiText blocks={loaderData.blocks} base={base} existing={loaderData.existing} emptyText={t("wiki.pageEmpty")} />}
            editor={(props) => (
              <WikiEditor {...props} lookupUrl={`${base}/pages.json`} links={loaderData.links.map((l) => l.slug)} existing={loaderData.existing} />
            )}
          />
          {loaderData.links.length ? (
            <section aria-labelledby="links-h">
              <h2 id="links-h">{t("wiki.linksFrom")}</h2>
              <ul className="plain-list" data-testid="links-from">
                {loaderData.links.map((l) => (
                  <li key={l.slug}>
                    <WikiLine text={`[[${l.title}]]`} base={base} existing={existing} />
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : (
        <>
          <WikiText blocks={loaderData.blocks} base={base} existing={loaderData.existing} emptyText={t("wiki.pageEmpty")} />
          {may.edit ? null : <p className="muted">{loaderData.user ? (loaderData.member ? t("wiki.protected") : t("wiki.joinToEdit")) : t("wiki.logInToEdit")}</p>}
        </>
      )}

      {loaderData.scenes ? (
        <section aria-labelledby="scenes-h">
          <h2 id="scenes-h">{t(page.category === "character" ? "wiki.scenesOfCharacter" : "wiki.scenesAtLocation")}</h2>
          {loaderData.scenes.length ? (
            <ul className="plain-list" data-testid="page-scenes">
              {loaderData.scenes.map((s) => (
                <li key={s.number}>
                  <Link to={`/p/${production.slug}/script#scene-${s.number}`}>
                    {s.number}. {s.heading}
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t("wiki.noScenes")}</p>
          )}
        </section>
      ) : null}
      <section aria-labelledby="backlinks-h">
        <h2 id="backlinks-h">{t("wiki.backlinks")}</h2>
        {loaderData.backlinks.length ? (
          <ul className="plain-list" data-testid="backlinks">
            {loaderData.backlinks.map((b) => (
              <li key={b.slug}>
                <Link to={`${base}/${b.slug}`}>{b.title}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("wiki.noBacklinks")}</p>
        )}
      </section>

      <section aria-labelledby="credits-h">
        <h2 id="credits-h">{t("wiki.contributors")}</h2>
        {loaderData.contributors.length ? (
          <ul className="plain-list" data-testid="contributors">
            {loaderData.contributors.map((c) => (
              <li key={c.user.handle}>
                <Link to={`/u/${c.user.handle}`}>{c.user.displayName}</Link>
              </li>
            ))}
          </ul>
        ) : null}
        <p>
          {t("wiki.licenceIntro")}{" "}
          {loaderData.licence.uri ? (
            <a rel="license" href={loaderData.licence.uri}>
              {loaderData.licence.name}
            </a>
          ) : (
            loaderData.licence.name
          )}
          .
        </p>
        <div className="field">
          <label htmlFor="attribution">{t("wiki.attribution")}</label>
          <textarea id="attribution" readOnly rows={2} value={loaderData.attribution} />
        </div>
      </section>

      {may.edit ? (
        <details className="panel" open={failed?.intent === "rename"}>
          <summary>{t("wiki.rename")}</summary>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="rename" />
            <FormAlert state={failed?.intent === "rename" ? failed : undefined} />
            <Field name="title" label="wiki.renameLabel" state={failed?.intent === "rename" ? failed : undefined} defaultValue={page.title} maxLength={120} required />
            <button type="submit">{t("wiki.rename")}</button>
          </Form>
        </details>
      ) : null}
      {may.manage ? (
        <details className="panel">
          <summary>{t("wiki.form.category")}</summary>
          <Form method="post">
            <input type="hidden" name="intent" value="facts" />
            <div className="field">
              <label htmlFor="category">{t("wiki.form.category")}</label>
              <select id="category" name="category" defaultValue={page.category}>
                {[...categories.defaults, ...categories.custom.map((c) => c.key)].map((k) => (
                  <option key={k} value={k}>
                    {categoryLabel(k)}
                  </option>
                ))}
              </select>
            </div>
            <label className="checkbox">
              <input type="checkbox" name="protected" defaultChecked={page.protected} /> {t("wiki.protect")}
            </label>
            <button type="submit">{t("wiki.saveFacts")}</button>
          </Form>
        </details>
      ) : null}
    </article>
  );
}
