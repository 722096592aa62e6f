// The budget's planned-against-actual chart and the table it summarises. The chart is a
// plain SVG drawn on the server: one pair of bars per line (planned, actual), scaled to
// the largest amount of the line's currency; the table beside it carries the numbers.
import type { DepartmentTotals } from "../budget";
import { formatMoney, type Money } from "../money";
import { Amount } from "./ledger";
import { useLocale, useT } from "~/ui/i18n";

const percent = (amount: number, scale: number) => (scale > 0 ? Math.min(100, (amount / scale) * 100) : 0);

export function Sums({ sums }: { sums: Money[] }) {
  if (!sums.length) return <>—</>;
  return (
    <>
      {sums.map((m, i) => (
        <span key={m.currency}>
          {i ? " · " : null}
          <Amount money={m} />
        </span>
      ))}
    </>
  );
}

/** Bars of planned and actual per line; the words say what the bars show. */
export function BudgetChart({ departments, scale }: { departments: DepartmentTotals[]; scale: Record<string, number> }) {
  const t = useT();
  const locale = useLocale();
  const lines = departments.flatMap((d) => d.lines.map((l) => ({ ...l, department: d.department })));
  const row = 34;
  return (
    <figure className="budget-chart" data-testid="budget-chart">
      <svg role="img" aria-labelledby="budget-chart-title" viewBox={`0 0 100 ${lines.length * row}`} preserveAspectRatio="none" width="100%" height={lines.length * row}>
        <title id="budget-chart-title">{t("budget.chartTitle")}</title>
        {lines.map((l, i) => {
          const over = l.actual > l.planned;
          const words = t("budget.chartLine", {
            line: `${l.department} · ${l.name}`,
            planned: formatMoney({ amount: l.planned, currency: l.currency }, locale),
            actual: formatMoney({ amount: l.actual, currency: l.currency }, locale),
          });
          return (
            <g key={l.id}>
              <title>{words}</title>
              <rect x="0" y={i * row + 4} height="12" width={percent(l.planned, scale[l.currency] ?? 0)} style={{ fill: "var(--color-border, #bbb)" }} />
              <rect x="0" y={i * row + 17} height="12" width={percent(l.actual, scale[l.currency] ?? 0)} style={{ fill: over ? "var(--color-danger, #a3120a)" : "var(--color-text, #1b1b1f)" }} />
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">{t("budget.chartCaption")}</figcaption>
    </figure>
  );
}

/** Planned and actual per line, per department and in total: what the chart shows, in numbers. */
export function BudgetTable({ departments, planned, actual }: { departments: DepartmentTotals[]; planned: Money[]; actual: Money[] }) {
  const t = useT();
  return (
    <div className="table-wrap" role="region" tabIndex={0} aria-label={t("budget.tableLabel")}>
      <table className="table stack-on-phone" data-testid="budget-table">
        <caption className="visually-hidden">{t("budget.tableLabel")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("budget.line")}</th>
            <th scope="col" className="amount">
              {t("budget.planned")}
            </th>
            <th scope="col" className="amount">
              {t("budget.actual")}
            </th>
          </tr>
        </thead>
        {departments.map((d) => (
          <tbody key={d.department}>
            {d.lines.map((l) => (
              <tr key={l.id} data-testid={`budget-line-${l.name}`}>
                <th scope="row">
                  {d.department} · {l.name}
                </th>
                <td className="amount" data-label={t("budget.planned")}>
                  <Amount money={{ amount: l.planned, currency: l.currency }} />
                </td>
                <td className="amount" data-label={t("budget.actual")}>
                  <Amount money={{ amount: l.actual, currency: l.currency }} />
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t("budget.departmentTotal", { department: d.department })}</th>
              <td className="amount" data-label={t("budget.planned")}>
                <strong>
                  <Sums sums={d.planned} />
                </strong>
              </td>
              <td className="amount" data-label={t("budget.actual")}>
                <strong>
                  <Sums sums={d.actual} />
                </strong>
              </td>
            </tr>
          </tbody>
        ))}
        <tfoot>
          <tr data-testid="budget-total">
            <th scope="row">{t("budget.total")}</th>
            <td className="amount" data-label={t("budget.planned")}>
              <strong>
                <Sums sums={planned} />
              </strong>
            </td>
            <td className="amount" data-label={t("budget.actual")}>
              <strong>
                <Sums sums={actual} />
              </strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
