import { redirect } from "react-router";
import type { Route } from "./+types/language";
import { isLocale, localeCookie } from "~/lib/i18n";
import { safeRedirectPath } from "~/lib/http.server";

// Remember the reader's language for a year (a preference, not a secret).
export async function action({ request }: Route.ActionArgs) {
  const formData = await request.formData();
  const locale = formData.get("locale");
  const to = safeRedirectPath(formData.get("redirectTo"));
  if (!isLocale(locale)) throw redirect(to);
  throw redirect(to, {
    headers: { "Set-Cookie": `${localeCookie}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax` },
  });
}

export function loader() {
  throw redirect("/");
}
