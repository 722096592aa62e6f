import { Form, redirect } from "react-router";
import type { Route } from "./+types/releases.new";
import { getProduction, roleIn } from "~/features/productions/production.server";
import { slugify } from "~/features/productions/validation";
import { LicenceField } from "~/features/releases/components/licence-field";
import { createRelease, inThePast } from "~/features/releases/releases.server";
import { newReleaseSchema } from "~/features/releases/validation";
import { fail, parseForm } from "~/lib/forms";
import { authorize, notFound, requireViewer } from "~/lib/http.server";
import { Field, FormAlert } from "~/ui/form";
import { useT, useTimeZone } from "~/ui/i18n";
import { useSlugSuggestion } from "~/ui/slug-suggestion";
import { TimeZoneField } from "~/ui/time-zone";

async function setting(slug: string, request: Request, context: Route.LoaderArgs["context"]) {
  const viewer = requireViewer(context, request);
  const production = (await getProduction(slug)) ?? notFound();
  authorize(context, request, "createRelease", { type: "production", role: await roleIn(production.id, viewer.id) });
  return { viewer, production };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production } = await setting(params.slug, request, context);
  return { production: { slug: production.slug, title: production.title, licence: production.licence } };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { viewer, production } = await setting(params.slug, request, context);
  const formData = await request.formData();
  const parsed = parseForm(newReleaseSchema, formData, ["title", "slug", "version", "licence", "publishAt", "timeZone", "synopsis"]);
  if (!parsed.ok) return parsed;
  if (inThePast(parsed.data.publishAt)) return fail(formData, { publishAt: { key: "release.form.premierePast" } });
  const created = await createRelease(production.id, viewer.id, parsed.data);
  if (!created.ok) return fail(formData, { slug: { key: created.problem } });
  throw redirect(`/p/${production.slug}/releases/${created.release.slug}`);
}

export default function NewRelease({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const timeZone = useTimeZone();
  const { production } = loaderData;
  const state = actionData && !actionData.ok ? actionData : undefined;
  const suggestSlug = useSlugSuggestion(slugify, state?.values?.slug ?? "");
  return (
    <div className="page narrow">
      <title>{`${t("releases.new")} — ${production.title}`}</title>
      <h1>{t("releases.new")}</h1>
      <FormAlert state={state} />
      <Form method="post" noValidate onInput={suggestSlug}>
        <Field name="title" label="release.form.title" help="release.form.titleHelp" state={state} maxLength={120} required />
        <Field name="slug" label="release.form.slug" help="release.form.slugHelp" state={state} maxLength={60} required />
        <Field name="version" label="release.form.version" state={state} defaultValue="1.0" maxLength={30} required />
        <LicenceField chosen={state?.values?.licence ?? production.licence} error={state?.errors?.licence} />
        <Field name="publishAt" label="release.form.publishAt" labelVars={{ zone: timeZone }} help="release.form.publishAtHelp" state={state} type="datetime-local" required />
        <TimeZoneField state={state} />
        <Field name="synopsis" label="release.form.synopsis" state={state} multiline rows={5} maxLength={5000} />
        <button type="submit">{t("release.form.create")}</button>
      </Form>
    </div>
  );
}
