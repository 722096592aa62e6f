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

/** A picture from this wiki's own uploads; anything else a document holds is not shown. */
function WikiImage({ src, alt, prefix }: { src: string; alt: string; prefix: string }) {
  return src.startsWith(prefix) && /^[\w/-]+$/.test(src) ? <img src={src} alt={alt} className="wiki-image" loading="lazy" /> : null;
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
                        {head!.cellImages?.[j]?.map((p, k) => <WikiImage key={k} src={p.src} alt={p.alt} prefix={imagePrefix} />)}
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
                          {r.cellImages?.[j]?.map((p, k) => <WikiImage key={k} src={p.src} alt={p.alt} prefix={imagePrefix} />)}
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
        if (b.type === "image") return <WikiImage key={i} src={b.src ?? ""} alt={b.text} prefix={imagePrefix} />;
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
