// Shows a refusal once: the root loader reads it for its page, and this clears it there.
import type { MiddlewareFunction } from "react-router";
import { readCookie } from "~/features/auth/session";
import { secureCookies } from "./env.server";
import { clearedRefusedCookie, pagePath, REFUSED_COOKIE, refusedPath } from "./refused";

export const refusedMiddleware: MiddlewareFunction<Response> = async ({ request }, next) => {
  const response = await next();
  if (request.method === "GET" && refusedPath(readCookie(request.headers.get("Cookie"), REFUSED_COOKIE)) === pagePath(request)) {
    response.headers.append("Set-Cookie", clearedRefusedCookie(secureCookies()));
  }
  return response;
};

/** Whether this page load follows a refused form sent from it. */
export function wasRefused(request: Request): boolean {
  return refusedPath(readCookie(request.headers.get("Cookie"), REFUSED_COOKIE)) === pagePath(request);
}
