// A poll's count as people read it: winners, then the method's own table — votes
// with bars, the round-by-round table of an instant runoff, Schulze's pairwise
// matrix. Numbers are always written out; bars only repeat them.
import { useT } from "~/ui/i18n";
import type { Results } from "../tally";

function Bar({ value, max }: { value: number; max: number }) {
  return (
    <span className="bar" aria-hidden="true">
      <span style={{ width: `${max ? (value / max) * 100 : 0}%` }} />
    </span>
  );
}

export function PollResults({ results }: { results: Results }) {
  const t = useT();
  const label = new Map(results.options.map((o) => [o.id, o.label]));
  const name = (id: string) => label.get(id) ?? id;
  return (
    <div className="results" data-testid="results">
      <p>
        <strong>
          {results.winners.length === 1
            ? t("poll.winner", { option: name(results.winners[0]!) })
            : results.winners.length > 1
              ? t("poll.tie", { options: results.winners.map(name).join(", ") })
              : ""}
        </strong>{" "}
        <span className="muted">{t("poll.ballots", { count: results.ballots })}</span>
      </p>
      {results.tieBreak ? (
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
