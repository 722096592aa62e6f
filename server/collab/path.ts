// Where live documents are served. Imports nothing else, so that server/main.ts
// can route upgrades before the database (and the modules using it) are up.
export const COLLAB_PREFIX = "/collab/";

export function docNameFromPath(url: string | undefined): string | null {
  if (!url) return null;
  const path = url.split("?")[0] ?? "";
  if (!path.startsWith(COLLAB_PREFIX)) return null;
  try {
    return decodeURIComponent(path.slice(COLLAB_PREFIX.length));
  } catch {
    return null;
  }
}
