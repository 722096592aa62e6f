// A document's content as plain blocks: what visitors read, what a version shows,
// and what the page shows before the live editor has loaded. Text only, never HTML.
import type { Block } from "../content";

export function DocumentView({ blocks, emptyText }: { blocks: Block[]; emptyText: string }) {
  if (!blocks.length || blocks.every((b) => !b.text)) return <p className="muted">{emptyText}</p>;
  return (
    <div className="prose document-view">
      {blocks.map((b, i) => {
        if (b.type === "heading") {
          const level = Math.min(6, Math.max(2, (b.level ?? 2) + 1));
          const H = `h${level}` as "h3";
          return <H key={i}>{b.text}</H>;
        }
        if (b.type === "bulletList" || b.type === "orderedList") return <p key={i} className="list-line">• {b.text}</p>;
        if (b.type === "blockquote") return <blockquote key={i}>{b.text}</blockquote>;
        if (b.type === "codeBlock") return <pre key={i}>{b.text}</pre>;
        return <p key={i}>{b.text}</p>;
      })}
    </div>
  );
}
