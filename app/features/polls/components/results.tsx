// A poll's count as people read it: winners (only once it has closed; before, who
// leads), then the method's own table — votes with bars, the round-by-round table of
// an instant runoff, Schulze's pairwise matrix. Numbers are always written out; bars
// only repeat them.
import type { ReactNode } from "react";
import { useT } from "~/ui/i18n";
import type { Results } from "../tally";

/**
 * Who leads an open poll: every option with the top count (a tie stays a tie — the
 * draw settles only the close), else the count's winners as they stand.
 */
export function leadersOf(results: Results): string[] {
  if (!results.ballots) return [];
  if (!results.counts) return results.winners;
  const top = Math.max(...Object.values(results.counts));
  // In the poll's own order: the draw's order would look like a ranking.
  return results.options.map((o) => o.id).filter((id) => results.counts![id] === top);
}

function Bar({ value, max }: { value: number; max: number }) {
  return (
    <span className="bar" aria-hidden="true">
      <span style={{ width: `${max ? (value / max) * 100 : 0}%` }} />
    </span>
  );
}

type Props = {
  results: Results;
  /** a winner only once the poll has closed */
  closed: boolean;
  /** an option's image (a poster poll's), by option id */
  image?: (id: string) => ReactNode;
};

export function PollResults({ results, closed, image }: Props) {
  const t = useT();
  const label = new Map(results.options.map((o) => [o.id, o.label]));
  const name = (id: string) => label.get(id) ?? id;
  const first = closed ? results.winners : leadersOf(results);
  const headline =
    first.length === 1
      ? t(closed ? "poll.winner" : "poll.leading", { option: name(first[0]!) })
      : first.length > 1
        ? t(closed ? "poll.tie" : "poll.leadingTie", { options: first.map(name).join(", ") })
        : "";
  const pictured = image ? results.ranking.filter((id) => image(id)) : [];
  return (
    <div className="results" data-testid="results">
      <p>
        <strong>{headline}</strong> <span className="muted">{t("poll.ballots", { count: results.ballots })}</span>
      </p>
      {pictured.length ? (
        // The options' images in the order of the count, each with its label.
        <ul className="results-images">
          {pictured.map((id) => (
            <li key={id}>
              {image!(id)}
              <span>{name(id)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {closed && results.tieBreak ? (
        <p className="muted">
          {results.tieBreak.used ? t("poll.tieBreakUsed", { seed: results.tieBreak.seed }) : t("poll.tieBreakSeed", { seed: results.tieBreak.seed })}
        </p>
      ) : null}

      {results.counts ? (
        <table>
          <tbody>
            {results.ranking.map((id) => (
              <tr key={id}>
                <th scope="row">{name(id)}</th>
                <td>{t("poll.votes", { count: results.counts![id]! })}</td>
                <td className="bar-cell">
                  <Bar value={results.counts![id]!} max={Math.max(1, ...Object.values(results.counts!))} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {results.rounds ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <td />
                {results.rounds.map((_, i) => (
                  <th key={i} scope="col">
                    {t("poll.round", { n: i + 1 })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {results.ranking.map((id) => (
                <tr key={id}>
                  <th scope="row">{name(id)}</th>
                  {results.rounds!.map((r, i) => (
                    <td key={i}>
                      {id in r.counts ? r.counts[id] : "—"}
                      {r.eliminated === id ? <span className="muted"> ({t("poll.eliminated")})</span> : null}
                    </td>
                  ))}
                </tr>
              ))}
              <tr>
                <th scope="row">{t("poll.exhausted")}</th>
                {results.rounds.map((r, i) => (
                  <td key={i}>{r.exhausted}</td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}

      {results.pairwise ? (
        <div className="table-wrap">
          <table>
            <caption>{t("poll.pairwise")}</caption>
            <thead>
              <tr>
                <td />
                {results.ranking.map((id) => (
                  <th key={id} scope="col">
                    {name(id)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {results.ranking.map((x) => (
                <tr key={x}>
                  <th scope="row">{name(x)}</th>
                  {results.ranking.map((y) => (
                    <td key={y} className={x !== y && results.pairwise!.p[x]![y]! > results.pairwise!.p[y]![x]! ? "wins" : undefined}>
                      {x === y ? "—" : results.pairwise!.d[x]![y]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
