import type { Route } from "./+types/script.pdf";
import { compareScripts } from "~/features/script/compare";
import { scriptPdf } from "~/features/script/pdf";
import { exportName, requestedScript, scriptOf } from "~/features/script/script.server";
import { authorize, tFor, viewerOf } from "~/lib/http.server";
import type { Translate } from "~/lib/i18n";

/** "Shooting script — Blue revision", in the reader's language. */
function revisionOf(draft: { name: string; colour: string }, t: Translate) {
  const colour = t(`script.colour.${draft.colour}` as "script.colour.white");
  return { name: draft.name, colour, label: t("script.revisionHeader", { name: draft.name, colour }) };
}

// The script in industry layout: `?paper=a4`, `?scenes=1` for scene numbers, and a
// draft (`?draft=N`) with its revision marks against the draft before it and its colour.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, info, resource } = await scriptOf(params.slug, viewerOf(context));
  authorize(context, request, "read", resource);
  const url = new URL(request.url);
  const found = await requestedScript(info, url);
  const t = tFor(request);
  const changed = found.draft && found.before ? compareScripts(found.before, found.script).changed : undefined;
  const pdf = await scriptPdf(found.script, {
    paper: url.searchParams.get("paper") === "a4" ? "a4" : "letter",
    sceneNumbers: url.searchParams.get("scenes") === "1",
    title: production.title,
    ...(changed ? { changed } : {}),
    ...(found.draft ? { revision: revisionOf(found.draft, t) } : {}),
  });
  return new Response(pdf, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${exportName(production.slug, found, "pdf")}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
    },
  });
}
