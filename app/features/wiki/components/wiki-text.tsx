// A wiki page's text as readers see it: the document's blocks, with [[links]] shown as
// links — to the page, or, for a page not written yet, to the form that creates it.
// Text only, never HTML.
import { Link } from "react-router";
import type { Block } from "~/features/collab/content";
import { useT } from "~/ui/i18n";
import { segmentsOf } from "../links";

export function WikiLine({ text, base, existing }: { text: string; base: string; existing: ReadonlySet<string> }) {
  const t = useT();
  return (
    <>
      {segmentsOf(text).map((s, i) =>
        "text" in s ? (
          <span key={i}>{s.text}</span>
        ) : existing.has(s.link.slug) ? (
          <Link key={i} to={`${base}/${s.link.slug}`}>
            {s.link.label}
          </Link>
        ) : (
          <Link key={i} to={`${base}/new?title=${encodeURIComponent(s.link.title)}`} className="red-link" title={t("wiki.redLink", { label: s.link.label })}>
            {s.link.label}
            <span className="visually-hidden"> ({t("wiki.missing", { title: s.link.title })})</span>
          </Link>
        ),
      )}
    </>
  );
}

export function WikiText({ blocks, base, existing, emptyText }: { blocks: Block[]; base: string; existing: string[]; emptyText: string }) {
  const known = new Set(existing);
  if (!blocks.length || blocks.every((b) => !b.text && !b.src)) return <p className="muted">{emptyText}</p>;
  // Consecutive table rows are one table; its first row is the header.
  const groups: (Block | Block[])[] = [];
  for (const b of blocks) {
    const last = groups.at(-1);
    if (b.type === "tableRow" && Array.isArray(last)) last.push(b);
    else groups.push(b.type === "tableRow" ? [b] : b);
  }
  // Images only from this wiki's own uploads, whatever a document holds.
  const imagePrefix = `${base}/images/`;
  return (
    <div className="prose document-view" data-testid="wiki-text">
      {groups.map((g, i) => {
        if (Array.isArray(g)) {
          const [head, ...rows] = g;
          return (
            <div className="table-wrap" key={i}>
              <table>
                <thead>
                  <tr>
                    {head!.cells!.map((c, j) => (
                      <th key={j} scope="col">
                        <WikiLine text={c} base={base} existing={known} />
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r, k) => (
                    <tr key={k}>
                      {r.cells!.map((c, j) => (
                        <td key={j}>
                          <WikiLine text={c} base={base} existing={known} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }
        const b = g;
        if (b.type === "image") {
          const src = b.src ?? "";
          return src.startsWith(imagePrefix) && /^[\w/-]+$/.test(src) ? <img key={i} src={src} alt={b.text} className="wiki-image" loading="lazy" /> : null;
        }
        const line = <WikiLine text={b.text} base={base} existing={known} />;
        if (b.type === "heading") {
          const H = `h${Math.min(6, Math.max(2, (b.level ?? 2) + 1))}` as "h3";
          return <H key={i}>{line}</H>;
        }
        if (b.type === "bulletList" || b.type === "orderedList") return <p key={i} className="list-line">• {line}</p>;
        if (b.type === "blockquote") return <blockquote key={i}>{line}</blockquote>;
        if (b.type === "codeBlock") return <pre key={i}>{b.text}</pre>;
        return <p key={i}>{line}</p>;
      })}
    </div>
  );
}
