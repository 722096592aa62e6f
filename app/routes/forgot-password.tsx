import { Form, useNavigation } from "react-router";
import type { Route } from "./+types/forgot-password";
import { requestPasswordReset } from "~/features/auth/reset.server";
import { forgotSchema } from "~/features/auth/validation";
import { clientAddress } from "~/lib/client-address";
import { formValues, parseForm } from "~/lib/forms";
import { tFor } from "~/lib/http.server";
import { Field, FormAlert, Notice } from "~/ui/form";
import { useT } from "~/ui/i18n";

export async function action({ request }: Route.ActionArgs) {
  const formData = await request.formData();
  const parsed = parseForm(forgotSchema, formData, ["email"]);
  if (!parsed.ok) return { ...parsed, sent: false, minutes: 0 };
  const asked = await requestPasswordReset(parsed.data.email, tFor(request), clientAddress(request));
  // The same answers whether or not an account uses the address.
  if (!asked.ok) return { ok: false as const, errors: {}, values: formValues(formData), sent: false, minutes: asked.minutes };
  return { ok: true as const, sent: true, minutes: 0 };
}

export default function ForgotPassword({ actionData }: Route.ComponentProps) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const state = actionData && !actionData.ok ? actionData : undefined;
  return (
    <section className="page narrow">
      <title>{`${t("forgot.title")} — Claquette`}</title>
      <h1>{t("forgot.title")}</h1>
      {actionData?.sent ? <Notice>{t("forgot.sent")}</Notice> : <p>{t("forgot.lead")}</p>}
      {actionData?.minutes ? <FormAlert>{t("forgot.throttled", { count: actionData.minutes })}</FormAlert> : <FormAlert state={state} />}
      <Form method="post" noValidate>
        <Field name="email" type="email" label="forgot.email" state={state} autoComplete="email" required />
        <button type="submit" disabled={busy}>
          {t("forgot.submit")}
        </button>
      </Form>
    </section>
  );
}
