import { Link } from "react-router";
import { CHARS_PER_ACCEPTED_WORK } from "../shares";
import { Amount } from "./ledger";
import { useLocale, useT } from "~/ui/i18n";

/** The published rule, in the reader's language: the same words on every shares page. */
export function ShareRule() {
  const t = useT();
  return (
    <section aria-labelledby="rule-h">
      <h2 id="rule-h">{t("shares.rule")}</h2>
      <p>{t("shares.ruleWeight", { chars: CHARS_PER_ACCEPTED_WORK })}</p>
      <p>{t("shares.ruleSplit")}</p>
    </section>
  );
}

export type ShareRow = { handle: string; displayName: string; acceptedWork: number; authoredChars: number; weight: number; amount?: number };

/** Each person's facts and weight (and share, once distributed); a card per person on a phone. */
export function ShareTable({ rows, currency, label }: { rows: ShareRow[]; currency?: string; label: string }) {
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => v.toLocaleString(locale);
  return (
    <div className="table-wrap" role="region" tabIndex={0} aria-label={label}>
      <table className="table stack-on-phone" data-testid="shares">
        <thead>
          <tr>
            <th scope="col">{t("shares.person")}</th>
            <th scope="col">{t("shares.acceptedWork")}</th>
            <th scope="col">{t("shares.authoredChars")}</th>
            <th scope="col">{t("shares.weight")}</th>
            {currency ? (
              <th scope="col" className="amount">
                {t("shares.share")}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.handle}>
              <td data-label={t("shares.person")}>
                <Link to={`/u/${r.handle}`}>{r.displayName}</Link>
              </td>
              <td data-label={t("shares.acceptedWork")}>{n(r.acceptedWork)}</td>
              <td data-label={t("shares.authoredChars")}>{n(r.authoredChars)}</td>
              <td data-label={t("shares.weight")}>{n(r.weight)}</td>
              {currency ? (
                <td data-label={t("shares.share")} className="amount">
                  <Amount money={{ amount: r.amount ?? 0, currency }} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
