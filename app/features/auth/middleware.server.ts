// Root middleware: who is asking. Reads the session cookie, validates it, puts
// the viewer in the router context, and clears a cookie that no longer works.
import type { MiddlewareFunction } from "react-router";
import { viewerContext } from "~/lib/context";
import { secureCookies } from "~/lib/env.server";
import { clearedSessionCookie, readCookie, SESSION_COOKIE } from "./session";
import { validateSessionToken } from "./session.server";

export const sessionMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  const token = readCookie(request.headers.get("Cookie"), SESSION_COOKIE);
  const session = token ? await validateSessionToken(token) : null;
  if (session) {
    const u = session.user;
    context.set(viewerContext, {
      id: u.id,
      handle: u.handle,
      displayName: u.displayName,
      isAdmin: u.isAdmin,
      suspended: u.suspendedAt !== null,
      sessionId: session.sessionId,
      // Loaders that follow an action see a GET of their own: only this request says an action ran.
      unread: request.method === "GET" || request.method === "HEAD" ? session.unread : null,
    });
  }
  const response = await next();
  if (token && !session && !response.headers.get("Set-Cookie")?.includes(`${SESSION_COOKIE}=`)) {
    response.headers.append("Set-Cookie", clearedSessionCookie(secureCookies()));
  }
  return response;
};
