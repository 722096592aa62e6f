// Small helpers that routes share: who is asking, and the policy check that
// turns a refusal into a 403 (or a login redirect for visitors).
import { data, redirect, type RouterContextProvider } from "react-router";
import { viewerContext, type Viewer } from "./context";
import { negotiateLocale, localeCookie, translator, type Locale } from "./i18n";
import { can, type Actions, type Resource, type User } from "./policy";
import { readCookie } from "~/features/auth/session";
import { canonicalTimeZone, fallbackTimeZone, timeZoneCookie } from "./zoned-time";

export function viewerOf(context: Readonly<RouterContextProvider>): Viewer | null {
  return context.get(viewerContext);
}

/** The viewer as the policy sees them. */
export function policyUser(viewer: Viewer | null): User {
  return viewer ? { id: viewer.id, isAdmin: viewer.isAdmin, suspended: viewer.suspended } : null;
}

export function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

export function requireViewer(context: Readonly<RouterContextProvider>, request: Request): Viewer {
  return viewerOf(context) ?? loginRedirect(request);
}

/** Ask the policy; a visitor refused is sent to log in, anyone else gets a 403. */
export function authorize<R extends Resource>(
  context: Readonly<RouterContextProvider>,
  request: Request,
  action: Actions[R["type"]],
  resource: R,
): Viewer | null {
  const viewer = viewerOf(context);
  if (can(policyUser(viewer), action, resource)) return viewer;
  if (!viewer) loginRedirect(request);
  throw data({ message: "forbidden" }, { status: 403 });
}

export function notFound(): never {
  throw data({ message: "notFound" }, { status: 404 });
}

export function localeOf(request: Request): Locale {
  return negotiateLocale(readCookie(request.headers.get("Cookie"), localeCookie), request.headers.get("Accept-Language"));
}

/** The zone the viewer's browser said it is in (a cookie), else UTC: pages show and read times in it. */
export function timeZoneOf(request: Request): string {
  return canonicalTimeZone(readCookie(request.headers.get("Cookie"), timeZoneCookie)) ?? fallbackTimeZone;
}

export function tFor(request: Request) {
  return translator(localeOf(request));
}

/** Only paths on this site are followed after login or a language switch. */
export { safeRedirectPath } from "./redirect";
