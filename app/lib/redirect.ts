// Where to send someone after login, sign-up or a language switch: a path on this
// site, or the fallback. Pure, so its corpus of hostile values is unit-tested.

// Any origin would do: only whether the value stays on it matters.
const here = new URL("http://claquette.invalid");

/**
 * A same-origin path (`/p/demo?x=1#notes`), re-serialised by the URL parser so that
 * the Location header says exactly what a browser will follow, or `fallback`.
 */
export function safeRedirectPath(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  // Browsers drop tabs and newlines inside URLs and read "\" as "/": "/\t/evil" and
  // "/\evil" become "//evil", another site. Control characters never belong here.
  // eslint-disable-next-line no-control-regex
  if (!to.startsWith("/") || /[\u0000-\u001f\u007f-\u009f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, here);
  } catch {
    return fallback;
  }
  if (url.origin !== here.origin) return fallback;
  const path = url.pathname + url.search + url.hash;
  // "/.//evil" resolves to the path "//evil", which a browser reads as another host.
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}
