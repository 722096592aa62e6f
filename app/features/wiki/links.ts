// [[Page title]] links between the pages of a production's wiki. Pure.

const LINK = /\[\[([^[\]|\n]{1,120})(?:\|([^[\]\n]{1,120}))?\]\]/g;

/** A page's address from its title: "Rue des Tanneurs" → "rue-des-tanneurs". */
export function wikiSlug(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // é → e; other scripts' marks come back below
    .normalize("NFC")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}

/** The slugs a text links to, once each, in order. */
export function linksIn(text: string): string[] {
  const slugs = new Set<string>();
  for (const m of text.matchAll(LINK)) {
    const slug = wikiSlug(m[1]!);
    if (slug) slugs.add(slug);
  }
  return [...slugs];
}

export type Segment = { text: string } | { link: { slug: string; title: string; label: string } };

/** A line of text cut into plain text and links, for showing links as links. */
export function segmentsOf(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    const slug = wikiSlug(m[1]!);
    if (!slug) continue;
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    out.push({ link: { slug, title: m[1]!.trim(), label: (m[2] ?? m[1]!).trim() } });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** A line as readers read it: each link is its label, no brackets. For search snippets. */
export function readableLine(text: string): string {
  return segmentsOf(text)
    .map((s) => ("text" in s ? s.text : s.link.label))
    .join("");
}

/** A link being typed just before the caret (`[[Ber`): what was typed after the brackets. */
export function linkBeingTyped(before: string): string | null {
  const m = /\[\[([^[\]|\n\uFFFC]{0,120})$/.exec(before);
  return m ? m[1]! : null;
}

/** Each `[[link]]` in a line, where it stands (offsets in the line) and the page it names. */
export function linkSpans(text: string): { from: number; to: number; slug: string; title: string }[] {
  const out: { from: number; to: number; slug: string; title: string }[] = [];
  for (const m of text.matchAll(LINK)) {
    const slug = wikiSlug(m[1]!);
    if (slug) out.push({ from: m.index, to: m.index + m[0].length, slug, title: m[1]!.trim() });
  }
  return out;
}
