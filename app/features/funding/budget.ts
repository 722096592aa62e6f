// Planned against actual: the budget's lines grouped by department, with the sums the
// page and its chart show. Actual is the sum of approved expenses (each is in the
// ledger). Sums are per currency: a line's amounts are all in its own. Pure.
import { sumAmounts, type Money } from "./money";

export type SummaryLine = { id: string; department: string; name: string; planned: number; currency: string; expenses: { amount: number; state: string }[] };

export type LineTotals = { id: string; name: string; currency: string; planned: number; actual: number };
export type DepartmentTotals = { department: string; lines: LineTotals[]; planned: Money[]; actual: Money[] };

/** Amounts summed per currency, in alphabetical order of the currency. */
export function byCurrency(items: readonly Money[]): Money[] {
  const sums = new Map<string, number[]>();
  for (const m of items) sums.set(m.currency, [...(sums.get(m.currency) ?? []), m.amount]);
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amounts]) => ({ currency, amount: sumAmounts(amounts) }));
}

export function summarize(lines: readonly SummaryLine[]) {
  const departments: DepartmentTotals[] = [];
  for (const line of lines) {
    const totals: LineTotals = {
      id: line.id,
      name: line.name,
      currency: line.currency,
      planned: line.planned,
      actual: sumAmounts(line.expenses.filter((e) => e.state === "approved").map((e) => e.amount)),
    };
    let department = departments.find((d) => d.department === line.department);
    if (!department) departments.push((department = { department: line.department, lines: [], planned: [], actual: [] }));
    department.lines.push(totals);
  }
  for (const d of departments) {
    d.planned = byCurrency(d.lines.map((l) => ({ amount: l.planned, currency: l.currency })));
    d.actual = byCurrency(d.lines.map((l) => ({ amount: l.actual, currency: l.currency })));
  }
  const all = departments.flatMap((d) => d.lines);
  return {
    departments,
    planned: byCurrency(all.map((l) => ({ amount: l.planned, currency: l.currency }))),
    actual: byCurrency(all.map((l) => ({ amount: l.actual, currency: l.currency }))),
  };
}

/** The chart's scale: the largest planned or actual amount of each currency. */
export function chartScale(departments: readonly DepartmentTotals[]): Record<string, number> {
  const scale: Record<string, number> = {};
  for (const l of departments.flatMap((d) => d.lines)) scale[l.currency] = Math.max(scale[l.currency] ?? 0, l.planned, l.actual);
  return scale;
}
