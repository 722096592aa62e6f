// The production form, checked at the boundary.
import { z } from "zod";
import { licenceIds } from "~/features/releases/licences";
import { optionalText, requiredText } from "~/lib/forms";

import { phases } from "./phases";

export { phases, type Phase } from "./phases";

const reservedSlugs = new Set(["new", "explore", "admin", "api", "settings"]);

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{3,60}$)[a-z0-9]+(-[a-z0-9]+)*$/, "field.slug")
  .refine((s) => !reservedSlugs.has(s), "field.slugReserved");

export const productionSchema = z.object({
  title: requiredText(120),
  slug: slugSchema,
  logline: optionalText(300),
  synopsis: optionalText(10000),
  phase: z.enum(phases, "field.choice"),
  licence: z.enum(licenceIds, "field.choice"),
  membersEditScript: z.string().transform((v) => v === "on" || v === "true"),
  // Hours a proposal stays open before it may be decided (decision 0043); empty is none.
  minProposalHours: z
    .string()
    .default("")
    .transform((raw, ctx) => {
      const v = raw.trim();
      const n = Number(v || "0");
      if (!/^\d{0,4}$/.test(v) || n > 2160) {
        ctx.addIssue({ code: "custom", message: "production.minProposalHoursInvalid" });
        return z.NEVER;
      }
      return n;
    }),
});
export const productionFields = ["title", "slug", "logline", "synopsis", "phase", "licence", "membersEditScript", "minProposalHours"] as const;
// Callers other than the form (the seed, tests) may leave the minimum proposal period out: none.
export type ProductionInput = Omit<z.infer<typeof productionSchema>, "minProposalHours"> & { minProposalHours?: number };

/** A suggested address from a title: "L'Été à Paris" → "l-ete-a-paris". */
export function slugify(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}
