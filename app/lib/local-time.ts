// Times typed in a form are wall-clock times in the zone the form was shown in, which the
// form posts beside them (docs/decisions/0035); the server stores the instant.
import { z } from "zod";
import { canonicalTimeZone, fallbackTimeZone, instantAt } from "./zoned-time";

/**
 * The form's zone (its hidden "timeZone" field). Absent, the form's times are UTC, as a
 * page rendered before the browser said its zone shows them; a zone no one has is refused.
 */
export const formTimeZone = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (!v) return fallbackTimeZone;
    const zone = canonicalTimeZone(v);
    if (zone) return zone;
    ctx.addIssue({ code: "custom", message: "time.zoneInvalid" });
    return z.NEVER;
  });

/** "2026-12-01T20:30", as a datetime-local field sends it. */
export const localTimeText = (message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, message);

/** The instant `local` is in `zone`; an issue on `field` (and NEVER) when it is no time at all. */
export function instantOrIssue(local: string, zone: string, ctx: z.RefinementCtx, field: string, message: string): Date {
  const at = instantAt(local, zone);
  if (at) return at;
  ctx.addIssue({ code: "custom", message, path: [field] });
  return z.NEVER;
}
