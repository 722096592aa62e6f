// The campaign and pledge forms at the boundary: amounts typed as people type them,
// parsed to minor units of the campaign's currency; the deadline in the form's zone.
import { z } from "zod";
import { optionalText, requiredText } from "~/lib/forms";
import { formTimeZone, instantOrIssue, localTimeText } from "~/lib/local-time";
import { currencyOf, parseAmount } from "./money";

/** The tiers a campaign form offers (rows left empty are no tier). */
export const TIER_ROWS = 3;
export const CREDIT_TITLES = ["", "Backer", "Co-producer"] as const;
/** The message naming a tier's credit title in the reader's language. */
export function creditTitleKey(creditAs: string) {
  return creditAs === "Co-producer" ? ("campaign.credit.coProducer" as const) : ("campaign.credit.backer" as const);
}
export const CURRENCIES = ["EUR", "USD", "GBP", "CHF", "CAD"] as const;

export const campaignFields = [
  "title",
  "text",
  "goal",
  "currency",
  "deadline",
  "timeZone",
  "mode",
  ...Array.from({ length: TIER_ROWS }, (_, i) => [`tier${i}Name`, `tier${i}Amount`, `tier${i}Credit`, `tier${i}Poster`, `tier${i}Screening`]).flat(),
];

// The tier rows are read in the transform (their names are numbered), each with its limits.
const text = (v: unknown, max: number) => (typeof v === "string" ? v.trim().slice(0, max) : "");

export const campaignSchema = z
  .looseObject({
    title: requiredText(120),
    text: optionalText(5000),
    goal: requiredText(20),
    currency: z.string().refine((c) => currencyOf(c) !== null, "campaign.form.currencyUnknown"),
    deadline: localTimeText("campaign.form.deadlineInvalid"),
    timeZone: formTimeZone,
    mode: z.enum(["all_or_nothing", "flexible"], "field.required"),
  })
  .transform((v, ctx) => {
    const row = v as Record<string, unknown>;
    const goal = parseAmount(v.goal, v.currency);
    if (!goal) ctx.addIssue({ code: "custom", message: "campaign.form.amountInvalid", path: ["goal"] });
    const deadline = instantOrIssue(v.deadline, v.timeZone, ctx, "deadline", "campaign.form.deadlineInvalid");
    if (deadline <= new Date()) ctx.addIssue({ code: "custom", message: "campaign.form.deadlinePast", path: ["deadline"] });
    const tiers = [];
    for (let i = 0; i < TIER_ROWS; i++) {
      const name = text(row[`tier${i}Name`], 80);
      const typed = text(row[`tier${i}Amount`], 20);
      if (!name && !typed) continue;
      if (!name) ctx.addIssue({ code: "custom", message: "field.required", path: [`tier${i}Name`] });
      const amount = parseAmount(typed, v.currency);
      if (!amount) ctx.addIssue({ code: "custom", message: "campaign.form.amountInvalid", path: [`tier${i}Amount`] });
      tiers.push({
        name,
        amount: amount ?? 0,
        creditAs: CREDIT_TITLES.find((c) => c === row[`tier${i}Credit`]) ?? "",
        poster: row[`tier${i}Poster`] === "on",
        screeningId: text(row[`tier${i}Screening`], 40) || null,
      });
    }
    return { title: v.title, text: v.text, goal: goal ?? 0, currency: v.currency, deadline, mode: v.mode, tiers };
  });

export const pledgeFields = ["tier", "amount", "creditName", "listed", "provider"];

/** A pledge: a tier or an amount (or both: more than the tier asks), a name or none. */
export const pledgeSchema = (currency: string) =>
  z
    .object({
      tier: z.string().trim().max(40),
      amount: optionalText(20),
      creditName: optionalText(80),
      listed: z.string().optional(),
      provider: z.enum(["manual", "stripe"]).catch("manual"),
    })
    .transform((v, ctx) => {
      const amount = v.amount ? parseAmount(v.amount, currency) : null;
      if (v.amount && !amount) ctx.addIssue({ code: "custom", message: "campaign.form.amountInvalid", path: ["amount"] });
      if (!v.amount && !v.tier) ctx.addIssue({ code: "custom", message: "campaign.pledge.amountMissing", path: ["amount"] });
      return { tierId: v.tier || null, amount, creditName: v.creditName || null, listed: v.listed === "on", provider: v.provider };
    });
