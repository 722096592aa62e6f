import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { clearSessionCookie, revokeSession } from "~/features/auth/session.server";
import { viewerOf } from "~/lib/http.server";

export async function action({ context }: Route.ActionArgs) {
  const viewer = viewerOf(context);
  if (viewer) await revokeSession(viewer.id, viewer.sessionId);
  throw redirect("/", { headers: { "Set-Cookie": clearSessionCookie() } });
}

export function loader() {
  throw redirect("/");
}
