// A distribution's exports, so anyone can redo the arithmetic: each person's facts, weight
// and share, with the amount shared and the rule. Pure.
import { csvField } from "./ledger-export";
import { toDecimalString } from "./money";
import { CHARS_PER_ACCEPTED_WORK } from "./shares";

export type ExportDistribution = {
  id: string;
  amount: number;
  currency: string;
  rule: string;
  createdAt: Date;
  shares: { handle: string; displayName: string; acceptedWork: number; authoredChars: number; weight: number; amount: number }[];
};

export const sharesCsvColumns = ["handle", "name", "accepted_work", "authored_chars", "weight", "share", "share_minor_units", "currency"] as const;

/** RFC 4180 CSV, UTF-8, one line per person in the distribution's order. */
export function sharesCsv(d: ExportDistribution): string {
  const lines = [sharesCsvColumns.join(",")];
  for (const s of d.shares) {
    lines.push(
      [csvField(s.handle), csvField(s.displayName), String(s.acceptedWork), String(s.authoredChars), String(s.weight), toDecimalString({ amount: s.amount, currency: d.currency }), String(s.amount), d.currency].join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

export function sharesJson(production: { slug: string }, d: ExportDistribution) {
  return {
    production: production.slug,
    distribution: d.id,
    createdAt: d.createdAt.toISOString(),
    rule: { name: d.rule, weight: `${CHARS_PER_ACCEPTED_WORK} × accepted_work + authored_chars`, remainder: "largest remainder; ties: larger weight, then handle in code-point order" },
    amount: { amount: toDecimalString(d), minorUnits: d.amount, currency: d.currency },
    shares: d.shares.map((s) => ({
      handle: s.handle,
      displayName: s.displayName,
      acceptedWork: s.acceptedWork,
      authoredChars: s.authoredChars,
      weight: s.weight,
      share: { amount: toDecimalString({ amount: s.amount, currency: d.currency }), minorUnits: s.amount, currency: d.currency },
    })),
  };
}
