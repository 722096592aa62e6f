// Positions on a proposed decision (Loomio's agree, abstain, disagree, block): the
// tally and the plain-text form the feed and the weekly log carry. Pure.
import { z } from "zod";
import { optionalText } from "~/lib/forms";
import type { Translate } from "~/lib/i18n";

export const stances = ["agree", "abstain", "disagree", "block"] as const;
export type Stance = (typeof stances)[number];

export const MAX_REASON = 500;

export const positionSchema = z.object({
  stance: z.enum(stances, "decision.position.stanceRequired"),
  reason: optionalText(MAX_REASON),
});

export type PositionLike = { stance: Stance; reason: string; user: { displayName: string } | null };

export type Tally = Record<Stance, number>;

export function tally(positions: readonly { stance: Stance }[]): Tally {
  const counts: Tally = { agree: 0, abstain: 0, disagree: 0, block: 0 };
  for (const p of positions) counts[p.stance]++;
  return counts;
}

/** "2 agree, 1 block" in the reader's language; empty when nobody took a position. */
export function tallyText(t: Translate, counts: Tally): string {
  return stances
    .filter((s) => counts[s] > 0)
    .map((s) => t(`decision.position.count.${s}`, { count: counts[s] }))
    .join(", ");
}

/** Every position, one after another: "Ana: block — the bus is too loud". */
export function positionsText(t: Translate, positions: readonly PositionLike[]): string {
  return positions
    .map((p) => `${p.user?.displayName ?? t("decision.someone")}: ${t(`decision.position.stance.${p.stance}`)}${p.reason ? ` — ${p.reason}` : ""}`)
    .join("; ");
}
