// The release, screening and credit forms, checked at the boundary.
import { z } from "zod";
import { optionalText, requiredText } from "~/lib/forms";
import { licenceIds } from "./licences";
import { formTimeZone, instantOrIssue, localTimeText } from "~/lib/local-time";
import { isTimeZone } from "~/lib/zoned-time";

const releaseFacts = {
  title: requiredText(120),
  version: requiredText(30),
  licence: z.enum(licenceIds, "field.choice"),
  // Typed on the wall clock of the form's zone (docs/decisions/0035).
  publishAt: localTimeText("release.form.publishAtInvalid"),
  timeZone: formTimeZone,
  synopsis: optionalText(5000),
};

function withPublishInstant<T extends { publishAt: string; timeZone: string }>({ publishAt, timeZone, ...rest }: T, ctx: z.RefinementCtx) {
  return { ...rest, publishAt: instantOrIssue(publishAt, timeZone, ctx, "publishAt", "release.form.publishAtInvalid") };
}

export const releaseFactsSchema = z.object(releaseFacts).transform(withPublishInstant);

export const newReleaseSchema = z
  .object({
    ...releaseFacts,
    slug: z
      .string()
      .trim()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "field.slug")
      .max(60, "field.slug")
      .refine((s) => s !== "new", "field.slugReserved"),
  })
  .transform(withPublishInstant);

const languageTag = z
  .string()
  .trim()
  .max(35, "field.tooLong:35")
  .regex(/^([A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*)?$/, "field.choice");

export const screeningSchema = z
  .object({
    kind: z.enum(["theatrical", "community"], "field.choice"),
    venue: requiredText(120),
    address: optionalText(200),
    city: requiredText(80),
    startsAt: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "release.form.publishAtInvalid"),
    timeZone: z.string().trim().refine(isTimeZone, "release.screening.timeZoneInvalid"),
    language: languageTag,
    subtitles: languageTag,
    ticketUrl: z
      .string()
      .trim()
      .max(500, "field.tooLong:500")
      .refine((v) => v === "" || /^https:\/\/[^\s<>"]+$/.test(v), "release.screening.ticketUrlInvalid"),
  });

export const creditSchema = z.object({ role: requiredText(80), name: requiredText(120) });
