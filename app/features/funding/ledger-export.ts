// The ledger's exports, so anyone can check the arithmetic with their own tools: amounts
// both as exact decimal strings and as integer minor units, with their currency. Pure.
import { sumAmounts, toDecimalString, type Money } from "./money";

export type ExportEntry = {
  number: number;
  kind: string;
  amount: number;
  currency: string;
  description: string;
  occurredAt: Date;
  recordedAt: Date;
  recordedBy: string | null;
  /** the number of the entry this one reverses (a correction) */
  reverses: number | null;
  /** the number of the correction reversing this one */
  reversedBy: number | null;
};

export const csvColumns = ["number", "occurred_at", "recorded_at", "kind", "description", "amount", "minor_units", "currency", "recorded_by", "reverses", "reversed_by"] as const;

export function csvField(value: string): string {
  // A text opening with = + - @ (or a tab) is a formula to a spreadsheet: quoted as text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV, UTF-8, one line per entry in written order. */
export function ledgerCsv(entries: readonly ExportEntry[]): string {
  const lines = [csvColumns.join(",")];
  for (const e of entries) {
    lines.push(
      [
        String(e.number),
        e.occurredAt.toISOString(),
        e.recordedAt.toISOString(),
        e.kind,
        csvField(e.description),
        toDecimalString(e),
        String(e.amount),
        e.currency,
        csvField(e.recordedBy ?? ""),
        e.reverses === null ? "" : String(e.reverses),
        e.reversedBy === null ? "" : String(e.reversedBy),
      ].join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

/** The balance per currency: the sum of the entries, exactly. */
export function balancesOf(entries: readonly Money[]): Money[] {
  const byCurrency = new Map<string, number[]>();
  for (const e of entries) byCurrency.set(e.currency, [...(byCurrency.get(e.currency) ?? []), e.amount]);
  return [...byCurrency.keys()].sort().map((currency) => ({ currency, amount: sumAmounts(byCurrency.get(currency)!) }));
}

const money = (m: Money) => ({ amount: toDecimalString(m), minorUnits: m.amount, currency: m.currency });

export function ledgerJson(production: { slug: string; title: string }, entries: readonly ExportEntry[]) {
  return {
    production: production.slug,
    title: production.title,
    balances: balancesOf(entries).map(money),
    entries: entries.map((e) => ({
      number: e.number,
      occurredAt: e.occurredAt.toISOString(),
      recordedAt: e.recordedAt.toISOString(),
      kind: e.kind,
      description: e.description,
      ...money(e),
      recordedBy: e.recordedBy,
      reverses: e.reverses,
      reversedBy: e.reversedBy,
    })),
  };
}
