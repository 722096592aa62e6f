import type { Route } from "./+types/release.licence-txt";
import { licence, licenceName } from "~/features/releases/licences";
import { attributionText, releaseFor } from "~/features/releases/releases.server";
import { publicUrl } from "~/lib/env.server";
import { authorize, tFor, viewerOf } from "~/lib/http.server";

// LICENSE.txt, offered beside the files: which licence, where its full text lives, and
// how to credit the film.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, release, resource } = await releaseFor(params.slug, params.release, viewerOf(context));
  authorize(context, request, "read", resource);
  const t = tFor(request);
  const url = `${publicUrl()}/p/${production.slug}/releases/${release.slug}`;
  const l = licence(release.licence);
  const text = [
    `${production.title} — ${release.title} (${release.version})`,
    "",
    `${t("release.licenceIntro", { title: production.title })} ${licenceName(release.licence)}${l ? `: ${l.uri}` : ""}`,
    l ? `${l.uri}legalcode` : "",
    "",
    attributionText(t, { filmTitle: production.title, releaseTitle: release.title, version: release.version, url, licence: release.licence }),
    "",
  ].join("\n");
  return new Response(text, { headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Disposition": 'inline; filename="LICENSE.txt"', "X-Content-Type-Options": "nosniff" } });
}
