// An Atom 1.0 feed (RFC 4287), written by hand: a few elements, every text escaped. Pure.

export type AtomEntry = { id: string; title: string; url: string; updated: Date; summary: string; author: string | null };

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!)
    // Characters XML 1.0 does not allow, even escaped.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "");

export function atomFeed(feed: { id: string; title: string; url: string; selfUrl: string; updated: Date; author: string; entries: AtomEntry[] }): string {
  const entries = feed.entries.map(
    (e) => `  <entry>
    <id>${escape(e.id)}</id>
    <title>${escape(e.title)}</title>
    <link rel="alternate" type="text/html" href="${escape(e.url)}"/>
    <updated>${e.updated.toISOString()}</updated>
    <author><name>${escape(e.author ?? feed.author)}</name></author>
    <summary type="text">${escape(e.summary)}</summary>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escape(feed.id)}</id>
  <title>${escape(feed.title)}</title>
  <link rel="alternate" type="text/html" href="${escape(feed.url)}"/>
  <link rel="self" type="application/atom+xml" href="${escape(feed.selfUrl)}"/>
  <updated>${feed.updated.toISOString()}</updated>
  <author><name>${escape(feed.author)}</name></author>
  <generator>Claquette</generator>
${entries.join("\n")}
</feed>
`;
}
