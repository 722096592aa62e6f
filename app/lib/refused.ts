// A refused form (403 from the policy) goes back to the page it came from with a short
// message, instead of ending on an error page. The message travels in a short-lived
// cookie that names the page it belongs to, so it shows there once and nowhere else.
import { safeRedirectPath } from "./redirect";

export const REFUSED_COOKIE = "claquette_refused";

/** Where to go back to: the page that sent the form when it is on this site, else the form's own page. */
export function backTo(request: Request): string {
  const url = new URL(request.url);
  const own = pagePath(request) + url.search;
  const referer = request.headers.get("Referer");
  if (referer) {
    try {
      const from = new URL(referer);
      if (from.origin === url.origin) return safeRedirectPath(from.pathname + from.search, safeRedirectPath(own));
    } catch {
      // An unreadable Referer: the form's own page.
    }
  }
  return safeRedirectPath(own);
}

export function refusedCookie(path: string, secure: boolean): string {
  return [`${REFUSED_COOKIE}=${encodeURIComponent(path)}`, "Path=/", "Max-Age=120", "HttpOnly", "SameSite=Lax", ...(secure ? ["Secure"] : [])].join("; ");
}

export function clearedRefusedCookie(secure: boolean): string {
  return [`${REFUSED_COOKIE}=`, "Path=/", "Max-Age=0", "HttpOnly", "SameSite=Lax", ...(secure ? ["Secure"] : [])].join("; ");
}

/** The page (path without query) a refusal was recorded for, from the cookie's decoded value. */
export function refusedPath(value: string | undefined | null): string | null {
  const path = safeRedirectPath(value, "");
  return path ? new URL(path, "http://x.invalid").pathname : null;
}

/** The page a request loads, without the `.data` suffix of a client-side load. */
export function pagePath(request: Request): string {
  return new URL(request.url).pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
}
