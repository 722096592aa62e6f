// The support and distribution forms at the boundary: an amount typed as people type it,
// parsed to minor units of a currency from the studio's list.
import { z } from "zod";
import { optionalText } from "~/lib/forms";
import { CURRENCIES } from "./campaign-form";
import { parseAmount } from "./money";

const amountFields = { amount: optionalText(20), currency: z.enum(CURRENCIES, { message: "campaign.form.currencyUnknown" }) };

function amountOf(v: { amount: string; currency: string }, ctx: z.RefinementCtx) {
  const amount = parseAmount(v.amount, v.currency);
  if (!amount) ctx.addIssue({ code: "custom", message: "campaign.form.amountInvalid", path: ["amount"] });
  return amount ?? 0;
}

export const supportFields = ["amount", "currency", "provider"];
export const supportSchema = z
  .object({ ...amountFields, provider: z.enum(["manual", "stripe"]).catch("manual") })
  .transform((v, ctx) => ({ amount: amountOf(v, ctx), currency: v.currency, provider: v.provider }));

export const distributeFields = ["amount", "currency"];
export const distributeSchema = z.object(amountFields).transform((v, ctx) => ({ amount: amountOf(v, ctx), currency: v.currency }));
