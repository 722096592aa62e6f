import { Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/login";
import { deviceTokenOf } from "~/features/auth/login-device.server";
import { setSessionCookie } from "~/features/auth/session.server";
import { logIn } from "~/features/auth/user.server";
import { loginFields, loginSchema } from "~/features/auth/validation";
import { clientAddress } from "~/lib/client-address";
import { parseForm, formValues } from "~/lib/forms";
import { safeRedirectPath, viewerOf } from "~/lib/http.server";
import { Field, FormAlert } from "~/ui/form";
import { useT } from "~/ui/i18n";

export async function loader({ request, context }: Route.LoaderArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  if (viewerOf(context)) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ request }: Route.ActionArgs) {
  const formData = await request.formData();
  const parsed = parseForm(loginSchema, formData, loginFields);
  if (!parsed.ok) return { ...parsed, problem: null };
  const result = await logIn(parsed.data.identifier, parsed.data.password, {
    address: clientAddress(request),
    userAgent: request.headers.get("User-Agent"),
    device: deviceTokenOf(request),
  });
  if (!result.ok) {
    return {
      ok: false as const,
      errors: {},
      values: formValues(formData),
      problem: result.reason === "throttled" ? { minutes: result.minutes } : { minutes: 0 },
    };
  }
  const headers = new Headers({ "Set-Cookie": setSessionCookie(result.token, result.expiresAt) });
  if (result.deviceCookie) headers.append("Set-Cookie", result.deviceCookie);
  throw redirect(safeRedirectPath(formData.get("redirectTo")), { headers });
}

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const problem = actionData?.problem;
  return (
    <section className="page narrow">
      <title>{`${t("login.title")} — Claquette`}</title>
      <h1>{t("login.title")}</h1>
      {problem ? (
        <FormAlert>
          {problem.minutes > 0 ? t("login.throttled", { count: problem.minutes }) : t("login.failed")}
        </FormAlert>
      ) : (
        <FormAlert state={actionData} />
      )}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        <Field name="identifier" label="login.identifier" state={actionData} autoComplete="username" required />
        <Field name="password" type="password" label="login.password" state={actionData} autoComplete="current-password" required />
        <button type="submit" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("login.forgot")}</Link>
      </p>
      <p>
        {t("login.noAccount")} <Link to="/signup">{t("nav.signup")}</Link>
      </p>
    </section>
  );
}
