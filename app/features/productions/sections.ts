// The sections of a production, in the order of its header's tabs, and which one a
// path belongs to: the header marks it, so a person always knows where they are.
export const sections = ["overview", "script", "wiki", "tracker", "decisions", "polls", "releases", "funding", "notes"] as const;
export type Section = (typeof sections)[number];

/** The path of a section's first page. */
export function sectionPath(slug: string, section: Section) {
  return section === "overview" ? `/p/${slug}` : `/p/${slug}/${section}`;
}

/**
 * The section a path of the production belongs to, and whether it is that section's
 * first page (`aria-current="page"`) or a page inside it (`aria-current="true"`).
 * The members, edit and weekly log pages belong to the overview.
 */
export function currentSection(slug: string, pathname: string): { section: Section; exact: boolean } | null {
  const base = `/p/${slug}`;
  const path = pathname.replace(/\/+$/, "");
  if (path === base) return { section: "overview", exact: true };
  if (!path.startsWith(`${base}/`)) return null;
  const first = path.slice(base.length + 1).split("/")[0];
  const section = sections.find((s) => s === first && s !== "overview");
  if (section) return { section, exact: path === sectionPath(slug, section) };
  return { section: "overview", exact: false };
}
