import type { ReactNode } from "react";
import { Link } from "react-router";
import { formatMoney, type Money } from "../money";
import { useFormatDate, useLocale, useT } from "~/ui/i18n";

export type ShownEntry = {
  number: number;
  kind: string;
  amount: number;
  currency: string;
  description: string;
  occurredAt: Date | string;
  recordedBy: { handle: string; displayName: string } | null;
  reverses: number | null;
  reversedBy: number | null;
};

export function Amount({ money }: { money: Money }) {
  const locale = useLocale();
  return <span className={money.amount < 0 ? "amount amount-out" : "amount"}>{formatMoney(money, locale)}</span>;
}

/** Each currency's balance, the sum of the entries. */
export function Balances({ balances }: { balances: Money[] }) {
  const t = useT();
  if (!balances.length) return <p className="muted">{t("funding.noMoney")}</p>;
  return (
    <ul className="plain-list" data-testid="balances">
      {balances.map((b) => (
        <li key={b.currency}>
          <strong>
            <Amount money={b} />
          </strong>
        </li>
      ))}
    </ul>
  );
}

/** The entries as a table (a card per entry on a phone); `actions` adds a producer's controls to an entry. */
export function LedgerTable({ entries, label, actions }: { entries: ShownEntry[]; label: string; actions?: (e: ShownEntry) => ReactNode }) {
  const t = useT();
  const date = useFormatDate();
  return (
    <div className="table-wrap" role="region" tabIndex={0} aria-label={label}>
      <table className="table stack-on-phone" data-testid="ledger">
        <thead>
          <tr>
            <th scope="col">{t("ledger.number")}</th>
            <th scope="col">{t("ledger.date")}</th>
            <th scope="col">{t("ledger.kind")}</th>
            <th scope="col">{t("ledger.description")}</th>
            <th scope="col" className="amount">
              {t("ledger.amount")}
            </th>
            <th scope="col">{t("ledger.recordedBy")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.number} id={`entry-${e.number}`} data-testid={`entry-${e.number}`}>
              <td data-label={t("ledger.number")}>{t("ledger.entry", { n: e.number })}</td>
              <td data-label={t("ledger.date")}>{date(e.occurredAt)}</td>
              <td data-label={t("ledger.kind")}>{t(`ledger.kind.${e.kind as "fee"}`)}</td>
              <td data-label={t("ledger.description")}>
                <div>
                  {e.description}
                  {e.reverses !== null ? (
                    <p className="muted">
                      <a href={`#entry-${e.reverses}`}>{t("ledger.reverses", { n: e.reverses })}</a>
                    </p>
                  ) : null}
                  {e.reversedBy !== null ? (
                    <p className="muted">
                      <a href={`#entry-${e.reversedBy}`}>{t("ledger.reversedBy", { n: e.reversedBy })}</a>
                    </p>
                  ) : null}
                  {actions?.(e)}
                </div>
              </td>
              <td data-label={t("ledger.amount")} className="amount">
                <Amount money={e} />
              </td>
              <td data-label={t("ledger.recordedBy")}>{e.recordedBy ? <Link to={`/u/${e.recordedBy.handle}`}>{e.recordedBy.displayName}</Link> : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
