import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/reset-password";
import { consumeReset, findValidReset } from "~/features/auth/reset.server";
import { createSession, setSessionCookie } from "~/features/auth/session.server";
import { resetSchema } from "~/features/auth/validation";
import { parseForm } from "~/lib/forms";
import { Field, FormAlert } from "~/ui/form";
import { useT } from "~/ui/i18n";

export async function loader({ params }: Route.LoaderArgs) {
  return { valid: (await findValidReset(params.token)) !== null };
}

export async function action({ request, params }: Route.ActionArgs) {
  const formData = await request.formData();
  const parsed = parseForm(resetSchema, formData, ["password"]);
  if (!parsed.ok) return { ...parsed, invalid: false };
  const used = await consumeReset(params.token, parsed.data.password);
  if (!used) return { ok: false as const, errors: {}, values: {}, invalid: true };
  const { token, expiresAt } = await createSession(used.userId, request.headers.get("User-Agent"));
  throw redirect("/settings?reset=1", { headers: { "Set-Cookie": setSessionCookie(token, expiresAt) } });
}

// The link's token must not leak to other sites through the Referer header.
export const headers = () => ({ "Referrer-Policy": "no-referrer" });

export default function ResetPassword({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  if (!loaderData.valid || actionData?.invalid) {
    return (
      <section className="page narrow">
        <title>{`${t("reset.title")} — Claquette`}</title>
        <h1>{t("reset.title")}</h1>
        <p role="alert">{t("reset.invalid")}</p>
        <p>
          <Link to="/forgot-password">{t("reset.again")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="page narrow">
      <title>{`${t("reset.title")} — Claquette`}</title>
      <h1>{t("reset.title")}</h1>
      <FormAlert state={actionData} />
      <Form method="post" noValidate>
        <Field name="password" type="password" label="reset.password" help="signup.passwordHelp" state={actionData} autoComplete="new-password" required />
        <button type="submit">{t("reset.submit")}</button>
      </Form>
    </section>
  );
}
