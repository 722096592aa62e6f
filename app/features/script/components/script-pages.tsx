// A Layout drawn as printed pages in HTML: the same grid as the PDF (a column is 0.1", a
// row 1/6"), every line absolutely placed, sized from the container's width so that a
// page always fits it (container query units), on a phone too. Text only.
import { Fragment, type CSSProperties, type ReactNode } from "react";
import { COLUMNS, type Layout, type Line, type TitleLine } from "../layout";
import type { Run } from "../model";
import "./script-pages.css";

type Props = {
  layout: Layout;
  /** accessible name of a page; translated by the caller */
  pageLabel?: (page: number) => string;
  titlePageLabel?: string;
};

/** Grid position, read by the stylesheet. */
const at = (column: number, row: number) => ({ "--col": column, "--row": row }) as CSSProperties;

function Runs({ runs }: { runs: readonly Run[] }) {
  return (
    <>
      {runs.map((run, i) => {
        let node: ReactNode = run.text;
        if (run.underline) node = <u>{node}</u>;
        if (run.italic) node = <em>{node}</em>;
        if (run.bold) node = <strong>{node}</strong>;
        return <Fragment key={i}>{node}</Fragment>;
      })}
    </>
  );
}

function PageLine({ line, page }: { line: Line; page: number }) {
  return (
    <div className={`script-line script-line-${line.kind}`} data-page={page} data-row={line.row} data-kind={line.kind} data-side={line.side} data-element={line.element} style={at(line.column, line.row)}>
      <Runs runs={line.runs} />
    </div>
  );
}

function TitleField({ line }: { line: TitleLine }) {
  return (
    <div className="script-line script-line-title" data-page="title" data-row={line.row} data-kind={`title-${line.field.replace(/\s+/g, "-")}`} style={at(line.column, line.row)}>
      <Runs runs={line.runs} />
    </div>
  );
}

export function ScriptPages({ layout, pageLabel = (n) => `Page ${n}`, titlePageLabel = "Title page" }: Props) {
  return (
    <div className={`script-pages script-pages-${layout.paper}`}>
      {layout.titlePage && (
        <section className="script-page" data-page="title" aria-label={titlePageLabel}>
          {layout.titlePage.map((line, i) => (
            <TitleField key={i} line={line} />
          ))}
        </section>
      )}
      {layout.pages.map((page) => {
        const marked = new Set<number>(); // one "*" a row, dual dialogue included
        const label = `${page.number}.`;
        return (
          <section key={page.number} className="script-page" data-page={page.number} aria-label={pageLabel(page.number)}>
            {page.showNumber && (
              <div className="script-page-number" aria-hidden="true" style={at(COLUMNS.right - label.length, COLUMNS.pageNumberRow)}>
                {label}
              </div>
            )}
            {page.lines.map((line, i) => {
              const mark = line.revised && !marked.has(line.row);
              if (mark) marked.add(line.row);
              return (
                <Fragment key={i}>
                  <PageLine line={line} page={page.number} />
                  {line.sceneNumber && (
                    <>
                      <div className="script-scene-number" style={at(Math.max(0, COLUMNS.sceneNumberLeftEnd - line.sceneNumber.length), line.row)}>
                        {line.sceneNumber}
                      </div>
                      <div className="script-scene-number" aria-hidden="true" style={at(COLUMNS.sceneNumberRight, line.row)}>
                        {line.sceneNumber}
                      </div>
                    </>
                  )}
                  {mark && (
                    <div className="script-revision-mark" data-row={line.row} style={at(COLUMNS.revisionMark, line.row)}>
                      *
                    </div>
                  )}
                </Fragment>
              );
            })}
          </section>
        );
      })}
    </div>
  );
}
