// CSRF: a request that can change something (anything but GET/HEAD/OPTIONS) must
// come from a page of this studio, as the browser's Origin header tells. A missing
// Origin is refused too: every browser sends it on such requests.
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export function isForeignRequest(method: string, origin: string | undefined, publicOrigin: string): boolean {
  if (safeMethods.has(method.toUpperCase())) return false;
  return origin !== publicOrigin;
}
