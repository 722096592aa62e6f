// The poll form, checked at the boundary.
import { z } from "zod";
import { optionalText, requiredText } from "~/lib/forms";
import { formTimeZone } from "~/lib/local-time";
import { instantAt } from "~/lib/zoned-time";
import { methods } from "./tally";

export const MAX_OPTIONS = 10;
/** A new poll's form starts with this many option slots; "Add an option" gives one more. */
export const FIRST_OPTION_SLOTS = 3;

/**
 * How many option slots the form shows: what it asked for (a number the browser sends
 * back), never fewer than the options already typed nor than two, at most MAX_OPTIONS.
 */
export function optionSlots(asked: unknown, typed: readonly string[] = []): number {
  const n = typeof asked === "string" && /^\d{1,3}$/.test(asked) ? Number(asked) : FIRST_OPTION_SLOTS;
  const lastTyped = typed.reduce((last, label, i) => (label.trim() ? i + 1 : last), 0);
  return Math.min(MAX_OPTIONS, Math.max(2, n, lastTyped));
}

/** Settings that only some methods use: the others' are ignored, whatever was sent. */
export const methodSettings = { minChoices: "approval", maxChoices: "approval" } as const satisfies Record<string, (typeof methods)[number]>;

/**
 * What a new poll asks of voters unless its producer says otherwise: a confirmed
 * address, and a day of membership before it opens, so that accounts made for the
 * vote do not count (docs/decisions/0022).
 */
export const DEFAULT_POLL_RULE = { requireConfirmedEmail: true, minMembershipHours: 24 } as const;

const whole = (min: number, max: number) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      const n = Number(v || min);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: "poll.form.number" });
        return z.NEVER;
      }
      return n;
    });

export const pollSchema = z
  .object({
    question: requiredText(200),
    description: optionalText(2000),
    method: z.enum(methods, "field.choice"),
    minChoices: whole(1, MAX_OPTIONS),
    maxChoices: whole(0, MAX_OPTIONS),
    // Typed on the wall clock of the form's zone (docs/decisions/0035).
    closesAt: z.string().trim().min(1, "field.required"),
    timeZone: formTimeZone,
    eligibility: z.enum(["members", "accounts"], "field.choice"),
    minAccountAgeDays: whole(0, 3650),
    requireConfirmedEmail: z.string().transform((v) => v === "on"),
    minMembershipHours: whole(0, 24 * 365),
    resultsVisibility: z.enum(["live", "after_vote", "after_close"], "field.choice"),
    allowReason: z.string().transform((v) => v === "on"),
    options: z.array(z.string().trim().max(120, "field.tooLong:120")).transform((labels) => labels.filter(Boolean)),
  })
  .refine((p) => p.options.length >= 2, { message: "poll.form.options", path: ["options"] })
  .transform(({ closesAt, timeZone, ...poll }, ctx) => ({ ...poll, closesAt: closingInstant(closesAt, timeZone, ctx) }));

/** A closing time typed in `zone`, which must be in the future. */
function closingInstant(local: string, zone: string, ctx: z.RefinementCtx): Date {
  const at = instantAt(local, zone);
  if (at && at.getTime() > Date.now()) return at;
  ctx.addIssue({ code: "custom", message: "poll.form.closesAt", path: ["closesAt"] });
  return z.NEVER;
}

/** A new closing time for an open poll (extend) or a closed one (reopen). */
export const closingSchema = z
  .object({ closesAt: z.string().trim(), timeZone: formTimeZone })
  .transform(({ closesAt, timeZone }, ctx) => closingInstant(closesAt, timeZone, ctx));

export const pollFields = [
  "question",
  "description",
  "method",
  "minChoices",
  "maxChoices",
  "closesAt",
  "timeZone",
  "eligibility",
  "minAccountAgeDays",
  "requireConfirmedEmail",
  "minMembershipHours",
  "resultsVisibility",
  "allowReason",
  "options",
] as const;
