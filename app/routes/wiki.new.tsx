import { useState } from "react";
import { Form, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/wiki.new";
import { wikiSlug } from "~/features/wiki/links";
import { categoriesOf, createPage, wikiOf } from "~/features/wiki/wiki.server";
import { fail, parseForm, requiredText } from "~/lib/forms";
import { authorize, requireViewer } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n";
import { Field, FormAlert } from "~/ui/form";
import { useT } from "~/ui/i18n";

async function setting(slug: string, request: Request, context: Route.LoaderArgs["context"]) {
  const viewer = requireViewer(context, request);
  const { production, role } = await wikiOf(slug, viewer);
  authorize(context, request, "createWikiPage", { type: "production", role });
  return { viewer, production };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production } = await setting(params.slug, request, context);
  const url = new URL(request.url);
  return { production, title: url.searchParams.get("title")?.slice(0, 120) ?? "", categories: await categoriesOf(production.id) };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { viewer, production } = await setting(params.slug, request, context);
  const formData = await request.formData();
  const { defaults, custom } = await categoriesOf(production.id);
  const keys = [...defaults, ...custom.map((c) => c.key)];
  const parsed = parseForm(z.object({ title: requiredText(120), category: z.string().refine((k) => keys.includes(k), "field.choice") }), formData, ["title", "category"]);
  if (!parsed.ok) return parsed;
  const created = await createPage(production.id, viewer.id, parsed.data);
  if (!created.ok) return fail(formData, { title: { key: created.problem } });
  // A new page is empty: it opens for writing.
  throw redirect(`/p/${production.slug}/wiki/${created.page.slug}?edit`);
}

export default function NewWikiPage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { production, categories } = loaderData;
  const state = actionData && !actionData.ok ? actionData : undefined;
  // The page's address comes from its title: shown as the title is typed.
  const [title, setTitle] = useState(state?.values?.title ?? loaderData.title);
  const slug = wikiSlug(title);
  return (
    <div className="page narrow">
      <title>{`${t("wiki.newPage")} — ${production.title}`}</title>
      <h1>{t("wiki.newPage")}</h1>
      {loaderData.title ? <p>{t("wiki.missing", { title: loaderData.title })}</p> : null}
      <FormAlert state={state} />
      <Form
        method="post"
        noValidate
        onInput={(e) => {
          if (e.target instanceof HTMLInputElement && e.target.name === "title") setTitle(e.target.value);
        }}
      >
        <Field name="title" label="wiki.form.title" state={state} defaultValue={loaderData.title} maxLength={120} required />
        {slug ? (
          <p className="help" data-testid="wiki-address">
            {t("wiki.form.address", { address: `/p/${production.slug}/wiki/${slug}` })}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="category">{t("wiki.form.category")}</label>
          <select id="category" name="category" defaultValue={state?.values?.category ?? "character"}>
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
        <button type="submit">{t("wiki.form.create")}</button>
      </Form>
    </div>
  );
}
