// The budget's forms at the boundary (lines, expenses, approvals), the receipt checked by
// its content, and the threshold above which an approval needs a decision. Pure: shared
// by the server and the page (decision 0054).
import { z } from "zod";
import { sniffImage } from "~/features/media/image";
import { optionalText, requiredText } from "~/lib/forms";
import { CURRENCIES } from "./campaign-form";
import { currencyOf, parseAmount } from "./money";

/** Receipts come in a form post: the budget page's body limit (6 MB) bounds them. */
export const MAX_RECEIPT_BYTES = 5 * 1024 * 1024;

/**
 * An expense of at least this many whole units of its currency (500 €, 500 $, 500 CHF…)
 * is approved only with an accepted decision of the decision log. A constant rather than
 * a setting: one rule, the same for every production, that backers can read.
 */
export const DECISION_THRESHOLD_UNITS = 500;

/** The threshold in minor units of `currency` (50 000 cents for EUR, 500 for JPY). */
export function decisionThreshold(currency: string): number {
  const c = currencyOf(currency);
  return DECISION_THRESHOLD_UNITS * 10 ** (c?.exponent ?? 2);
}

export const needsDecision = (expense: { amount: number; currency: string }) => expense.amount >= decisionThreshold(expense.currency);

export type ReceiptType = "application/pdf" | "image/png" | "image/jpeg" | "image/webp";

/** What a receipt is by its first bytes: a PDF, PNG, JPEG or WebP; null for anything else. */
export function sniffReceipt(bytes: Uint8Array): ReceiptType | null {
  if (bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === "%PDF-") return "application/pdf";
  const image = sniffImage(bytes);
  if (image && image.mimeType !== "image/gif" && image.width > 0 && image.height > 0) return image.mimeType;
  return null;
}

export const lineFields = ["department", "name", "planned", "currency"];

export const lineSchema = z
  .object({
    department: requiredText(60),
    name: requiredText(120),
    planned: requiredText(20),
    currency: z.enum(CURRENCIES, "budget.error.currency"),
  })
  .transform((v, ctx) => {
    const planned = parseAmount(v.planned, v.currency);
    if (planned === null) ctx.addIssue({ code: "custom", message: "budget.error.amount", path: ["planned"] });
    return { department: v.department, name: v.name, planned: planned ?? 0, currency: v.currency };
  });

export const expenseFields = ["line", "amount", "description"];

/** An expense's amount is typed in its line's currency, known once the line is found. */
export const expenseSchema = z.object({
  line: z.string().trim().min(1, "budget.error.line").max(40, "budget.error.line"),
  amount: requiredText(20),
  description: requiredText(300),
});

/** A positive amount of minor units of `currency`, or null. */
export function expenseAmount(typed: string, currency: string): number | null {
  const amount = parseAmount(typed, currency);
  return amount && amount > 0 ? amount : null;
}

export const decideFields = ["expense", "verdict", "decision"];

export const decideSchema = z.object({
  expense: z.string().trim().min(1).max(40),
  verdict: z.enum(["approve", "reject"]),
  /** the decision's number in the log ("D-12" or "12"); required above the threshold */
  decision: optionalText(12).transform((v, ctx) => {
    if (!v) return null;
    const n = /^(?:D-?)?(\d{1,9})$/i.exec(v)?.[1];
    if (!n) {
      ctx.addIssue({ code: "custom", message: "budget.error.decisionUnknown" });
      return z.NEVER;
    }
    return Number(n);
  }),
});
