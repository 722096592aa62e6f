// The decision forms, checked at the boundary.
import { z } from "zod";
import { optionalText, requiredText } from "~/lib/forms";
import { formTimeZone } from "~/lib/local-time";
import { instantAt } from "~/lib/zoned-time";
import type { DecisionLink } from "./decisions.server";

export const MAX_TAGS = 8;
export const MAX_LINKS = 12;

/** "Casting, poster" → ["casting", "poster"]: topics are lowercase words, a few of them. */
const tags = z
  .string()
  .max(400, "field.tooLong:400")
  .transform((v, ctx) => {
    const list = [...new Set(v.split(",").map((t) => t.trim().toLowerCase()).filter(Boolean))];
    if (list.length > MAX_TAGS || list.some((t) => t.length > 30 || !/^[\p{L}\p{N}][\p{L}\p{N} '-]*$/u.test(t))) {
      ctx.addIssue({ code: "custom", message: "decision.form.tags" });
      return z.NEVER;
    }
    return list;
  });

const day = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (!v) return null;
    const date = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : new Date(NaN);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "decision.form.reviewOn" });
      return z.NEVER;
    }
    return date;
  });

/**
 * What a decision concerns, one per line: an address in this production (a script
 * version, a wiki page, a task, a release …), then optionally a label. Only pages
 * of the production itself: the log never links people elsewhere unawares.
 */
export function parseLinks(text: string, slug: string): DecisionLink[] | null {
  const links: DecisionLink[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const [address = "", ...rest] = line.split(/\s+/);
    let path: string;
    try {
      const url = new URL(address, "http://claquette.invalid");
      path = url.pathname + url.search;
      if (!address.startsWith("/") && url.origin === "http://claquette.invalid") return null;
    } catch {
      return null;
    }
    if (!path.startsWith(`/p/${slug}/`) && path !== `/p/${slug}`) return null;
    if (!/^[\w\-./?=&%:]+$/.test(path) || path.includes("..")) return null;
    links.push({ path, label: rest.join(" ").slice(0, 120) || path });
  }
  return links.length <= MAX_LINKS ? links : null;
}

export function linksText(links: DecisionLink[]): string {
  return links.map((l) => (l.label === l.path ? l.path : `${l.path} ${l.label}`)).join("\n");
}

export const decisionFactsSchema = z.object({
  title: requiredText(160),
  tags,
  reviewOn: day,
  links: optionalText(3000),
});

/** A proposal's closing date, typed on the wall clock of the form's zone (decision 0035); empty for none. */
export const closingSchema = z
  .object({ closesAt: z.string().trim().max(20, "decision.form.closesAtInvalid"), timeZone: formTimeZone })
  .transform(({ closesAt, timeZone }, ctx) => {
    if (!closesAt) return { closesAt: null };
    const at = instantAt(closesAt, timeZone);
    if (at) return { closesAt: at };
    ctx.addIssue({ code: "custom", message: "decision.form.closesAtInvalid", path: ["closesAt"] });
    return z.NEVER;
  });

export const commentSchema = z.object({ body: requiredText(5000), parentId: optionalText(40) });
export const amendmentSchema = z.object({ note: requiredText(2000) });
