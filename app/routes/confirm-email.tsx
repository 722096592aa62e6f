import { Form, Link } from "react-router";
import type { Route } from "./+types/confirm-email";
import { confirmEmail, findValidConfirmation } from "~/features/auth/confirm-email.server";
import { Notice } from "~/ui/form";
import { useT } from "~/ui/i18n";

// Opening the link shows a button; the POST confirms. A mail scanner that follows
// links confirms nothing by itself.
export async function loader({ params }: Route.LoaderArgs) {
  const row = await findValidConfirmation(params.token);
  return { valid: row !== null, email: row?.email ?? null, handle: row?.user.handle ?? null };
}

export async function action({ params }: Route.ActionArgs) {
  const done = await confirmEmail(params.token);
  return done ? { confirmed: true as const, email: done.email } : { confirmed: false as const };
}

// The link's token must not leak to other sites through the Referer header.
export const headers = () => ({ "Referrer-Policy": "no-referrer" });

export default function ConfirmEmail({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const title = <title>{`${t("confirm.title")} — Claquette`}</title>;
  if (actionData?.confirmed) {
    return (
      <section className="page narrow">
        {title}
        <h1>{t("confirm.title")}</h1>
        <Notice>{t("confirm.done", { email: actionData.email })}</Notice>
        <p>
          <Link to="/settings">{t("confirm.toAccount")}</Link>
        </p>
      </section>
    );
  }
  if (!loaderData.valid || actionData) {
    return (
      <section className="page narrow">
        {title}
        <h1>{t("confirm.title")}</h1>
        <p role="alert">{t("confirm.invalid")}</p>
        <p>
          <Link to="/settings#email">{t("confirm.again")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="page narrow">
      {title}
      <h1>{t("confirm.title")}</h1>
      <p>{t("confirm.lead", { email: loaderData.email ?? "", handle: loaderData.handle ?? "" })}</p>
      <Form method="post">
        <button type="submit">{t("confirm.submit")}</button>
      </Form>
    </section>
  );
}
