import { redirect } from "react-router";
import type { Route } from "./+types/productions.new";
import { ProductionForm } from "~/features/productions/components/production-form";
import { MAX_IMAGE_BYTES } from "~/features/media/image";
import { readProductionForm } from "~/features/productions/form.server";
import { createProduction } from "~/features/productions/production.server";
import { defaultLicence } from "~/features/releases/licences";
import { fail } from "~/lib/forms";
import type { BodyLimitHandle } from "~/lib/body-limit";
import { authorize, requireViewer } from "~/lib/http.server";
import { useT } from "~/ui/i18n";

/** The form carries a poster (≤ 5 MB) besides its text. */
export const handle: BodyLimitHandle = { bodyLimit: MAX_IMAGE_BYTES + 1024 * 1024 };

export async function loader({ request, context }: Route.LoaderArgs) {
  requireViewer(context, request);
  authorize(context, request, "createProduction", { type: "site" });
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  authorize(context, request, "createProduction", { type: "site" });
  const { formData, parsed, poster } = await readProductionForm(request);
  if (!parsed.ok) return parsed;
  const created = await createProduction(viewer.id, parsed.data, poster);
  if (!created.ok) return fail(formData, created.errors);
  throw redirect(`/p/${created.slug}`);
}

export default function NewProduction({ actionData }: Route.ComponentProps) {
  const t = useT();
  return (
    <section className="page narrow">
      <title>{`${t("production.new")} — Claquette`}</title>
      <h1>{t("production.new")}</h1>
      <ProductionForm
        state={actionData}
        submitLabel={t("production.create")}
        defaults={{ title: "", slug: "", logline: "", synopsis: "", phase: "development", licence: defaultLicence, membersEditScript: true, minProposalHours: 0, hasPoster: false }}
      />
    </section>
  );
}
