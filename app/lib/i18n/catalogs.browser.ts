// In the browser, the page's language alone, loaded before the page comes alive
// (app/entry.client.tsx): a visitor never downloads the other catalogue.
export const catalogs: Partial<Record<"en" | "fr", Record<string, string>>> = {};

export async function loadCatalog(locale: string) {
  if (locale === "fr") catalogs.fr ??= (await import("./fr")).fr;
  else catalogs.en ??= (await import("./en")).en;
}
