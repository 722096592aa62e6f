import type { Route } from "./+types/screenings.ics";
import { getProduction } from "~/features/productions/production.server";
import { screeningsCalendar } from "~/features/releases/ics";
import { allScreenings } from "~/features/releases/screenings.server";
import { publicUrl } from "~/lib/env.server";
import { authorize, notFound, tFor } from "~/lib/http.server";

// The screenings as a calendar people subscribe to (RFC 5545).
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const production = (await getProduction(params.slug)) ?? notFound();
  authorize(context, request, "read", { type: "production", role: null });
  const t = tFor(request);
  const origin = publicUrl();
  const host = new URL(origin).host;
  const screenings = await allScreenings(production.id);
  const ics = screeningsCalendar({
    prodId: `-//Claquette//${host}//EN`,
    name: `${production.title} — ${t("release.screenings")}`,
    events: screenings.map((s) => ({
      uid: `${s.id}@${host}`,
      start: s.startsAt,
      // A screening lasts as long as the film and a talk: two hours unless told otherwise.
      end: new Date(s.startsAt.getTime() + 2 * 3600_000),
      summary: `${production.title} — ${s.venue}`,
      location: [s.venue, s.address, s.city].filter(Boolean).join(", "),
      description: [s.language ? t("release.spoken", { language: s.language }) : "", s.subtitles ? t("release.subtitled", { language: s.subtitles }) : "", s.ticketUrl ?? ""]
        .filter(Boolean)
        .join("\n"),
      url: s.release ? `${origin}/p/${production.slug}/releases/${s.release.slug}` : `${origin}/p/${production.slug}`,
      updated: s.updatedAt,
    })),
  });
  return new Response(ics, {
    headers: { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": `inline; filename="${production.slug}-screenings.ics"`, "Cache-Control": "public, max-age=300" },
  });
}
