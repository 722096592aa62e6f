// The readable comparison of two versions: added and removed blocks, named for screen readers.
import type { DiffLine } from "../content";
import { useT } from "~/ui/i18n";

export function VersionDiff({ diff }: { diff: { from: number; to: number; lines: DiffLine[] } }) {
  const t = useT();
  return (
    <section aria-labelledby="diff-h">
      <h2 id="diff-h">{t("history.diffTitle", { from: diff.from, to: diff.to })}</h2>
      <div className="diff" data-testid="diff">
        {diff.lines.map((l, i) =>
          l.op === "added" ? (
            <ins key={i} className="diff-line">
              <span className="visually-hidden">{t("history.added")}: </span>
              {l.block.text}
            </ins>
          ) : l.op === "removed" ? (
            <del key={i} className="diff-line">
              <span className="visually-hidden">{t("history.removed")}: </span>
              {l.block.text}
            </del>
          ) : (
            <p key={i} className="diff-line">
              {l.block.text}
            </p>
          ),
        )}
      </div>
    </section>
  );
}
