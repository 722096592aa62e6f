import { creditTitleKey } from "~/features/funding/campaign-form";
import type { Route } from "./+types/release.credits-txt";
import { attributionText, creditsOf, creditsText, releaseFor } from "~/features/releases/releases.server";
import { publicUrl } from "~/lib/env.server";
import { authorize, tFor, viewerOf } from "~/lib/http.server";

// CREDITS.txt, offered beside the files: everyone who made the film, then the attribution.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, release, resource } = await releaseFor(params.slug, params.release, viewerOf(context));
  authorize(context, request, "read", resource);
  const t = tFor(request);
  const url = `${publicUrl()}/p/${production.slug}/releases/${release.slug}`;
  const groups = await creditsOf(production.id, release.credits, t("release.contributors"), (c) => t(creditTitleKey(c)));
  const text = creditsText({
    filmTitle: production.title,
    releaseTitle: release.title,
    version: release.version,
    groups,
    attribution: attributionText(t, { filmTitle: production.title, releaseTitle: release.title, version: release.version, url, licence: release.licence }),
  });
  return new Response(text, { headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Disposition": 'inline; filename="CREDITS.txt"', "X-Content-Type-Options": "nosniff" } });
}
