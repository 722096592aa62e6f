// Small helpers that routes share: who is asking, and the policy check that
// turns a refusal into a 403 (or a login redirect for visitors).
import { data, redirect, type RouterContextProvider } from "react-router";
import { viewerContext, type Viewer } from "./context";
import { negotiateLocale, localeCookie, translator, type Locale } from "./i18n";
import { can, type Actions, type Resource, type User } from "./policy";
import { readCookie } from "~/features/auth/session";
import { canonicalTimeZone, fallbackTimeZone, timeZoneCookie } from "./zoned-time";
import { secureCookies } from "./env.server";
import { backTo, refusedCookie } from "./refused";

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

/**
 * A form refused to someone signed in: back to the page it came from, where the root
 * shows why (never a dead end). A page one may not see stays a 403.
 */
export function refuse(request: Request): never {
  if (request.method === "GET" || request.method === "HEAD") throw data({ message: "forbidden" }, { status: 403 });
  const back = backTo(request);
  throw redirect(back, { status: 303, headers: { "Set-Cookie": refusedCookie(back, secureCookies()) } });
}

/** Ask the policy; a visitor refused is sent to log in, anyone else gets a 403 (or, for a form, back with a message). */
export function authorize<R extends Resource>(
  context: Readonly<RouterContextProvider>,
  request: Request,
  action: Actions[R["type"]],
  resource: R,
): Viewer | null {
  const viewer = viewerOf(context);
  if (can(policyUser(viewer), action, resource)) return viewer;
  if (!viewer) loginRedirect(request);
  refuse(request);
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
