import { redirect } from "react-router";
import type { Route } from "./+types/production.edit";
import { ProductionForm } from "~/features/productions/components/production-form";
import { MAX_IMAGE_BYTES } from "~/features/media/image";
import { readProductionForm } from "~/features/productions/form.server";
import { getProduction, roleIn, updateProduction } from "~/features/productions/production.server";
import { fail } from "~/lib/forms";
import type { BodyLimitHandle } from "~/lib/body-limit";
import { authorize, notFound, requireViewer } from "~/lib/http.server";
import { useT } from "~/ui/i18n";

async function load(request: Request, context: Route.LoaderArgs["context"], slug: string) {
  const viewer = requireViewer(context, request);
  const production = (await getProduction(slug)) ?? notFound();
  authorize(context, request, "update", { type: "production", role: await roleIn(production.id, viewer.id) });
  return { viewer, production };
}

/** The form carries a poster (≤ 5 MB) besides its text. */
export const handle: BodyLimitHandle = { bodyLimit: MAX_IMAGE_BYTES + 1024 * 1024 };

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production } = await load(request, context, params.slug);
  return { production };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { viewer, production } = await load(request, context, params.slug);
  const { formData, parsed, poster } = await readProductionForm(request);
  if (!parsed.ok) return parsed;
  const updated = await updateProduction(production.id, viewer.id, parsed.data, poster);
  if (!updated.ok) return fail(formData, updated.errors);
  throw redirect(`/p/${updated.slug}?saved=1`);
}

export default function EditProduction({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const p = loaderData.production;
  return (
    <section className="page narrow">
      <title>{`${t("production.edit")} — ${p.title}`}</title>
      <h1>{t("production.edit")}</h1>
      <ProductionForm
        state={actionData}
        submitLabel={t("production.save")}
        defaults={{ ...p, hasPoster: p.posterId !== null }}
      />
    </section>
  );
}
