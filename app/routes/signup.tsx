import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/signup";
import { sendEmailConfirmation } from "~/features/auth/confirm-email.server";
import { createSession, setSessionCookie } from "~/features/auth/session.server";
import { reserveSignup } from "~/features/auth/signup-throttle.server";
import { createUser } from "~/features/auth/user.server";
import { signupFields, signupSchema } from "~/features/auth/validation";
import { clientAddress } from "~/lib/client-address";
import { fail, parseForm } from "~/lib/forms";
import { authorize, safeRedirectPath, tFor, viewerOf } from "~/lib/http.server";
import { Field, FormAlert } from "~/ui/form";
import { useT } from "~/ui/i18n";

export async function loader({ request, context }: Route.LoaderArgs) {
  if (viewerOf(context)) throw redirect("/");
  authorize(context, request, "signUp", { type: "site" });
  return { redirectTo: safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")) };
}

export async function action({ request, context }: Route.ActionArgs) {
  authorize(context, request, "signUp", { type: "site" });
  const formData = await request.formData();
  const parsed = parseForm(signupSchema, formData, signupFields);
  if (!parsed.ok) return parsed;
  // Before the password is hashed: a refused sign-up costs little.
  const slot = await reserveSignup(clientAddress(request));
  if (!slot.ok) return data({ ...fail(formData, {}), throttledFor: slot.minutes }, { status: 429 });
  const created = await createUser(parsed.data);
  if (!created.ok) {
    await slot.release();
    return fail(formData, created.errors);
  }
  await sendEmailConfirmation(created.userId, tFor(request));
  const { token, expiresAt } = await createSession(created.userId, request.headers.get("User-Agent"));
  throw redirect(safeRedirectPath(formData.get("redirectTo")), {
    headers: { "Set-Cookie": setSessionCookie(token, expiresAt) },
  });
}

export default function Signup({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="page narrow">
      <title>{`${t("signup.title")} — Claquette`}</title>
      <h1>{t("signup.title")}</h1>
      {actionData && "throttledFor" in actionData ? (
        <FormAlert>{t("signup.throttled", { count: actionData.throttledFor })}</FormAlert>
      ) : (
        <FormAlert state={actionData} />
      )}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        <Field name="handle" label="signup.handle" help="signup.handleHelp" state={actionData} autoComplete="username" required maxLength={30} />
        <Field name="displayName" label="signup.displayName" state={actionData} autoComplete="name" required maxLength={60} />
        <Field name="email" type="email" label="signup.email" help="signup.emailHelp" state={actionData} autoComplete="email" required />
        <Field name="password" type="password" label="signup.password" help="signup.passwordHelp" state={actionData} autoComplete="new-password" required />
        <button type="submit" disabled={busy}>
          {t("signup.submit")}
        </button>
      </Form>
      <p>
        {t("signup.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </section>
  );
}
