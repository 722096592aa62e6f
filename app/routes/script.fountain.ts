import type { Route } from "./+types/script.fountain";
import { writeFountain } from "~/features/script/fountain";
import { exportName, requestedScript, scriptOf } from "~/features/script/script.server";
import { authorize, viewerOf } from "~/lib/http.server";

// The script as Fountain: the live text, `?version=N` or `?draft=N`.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, info, resource } = await scriptOf(params.slug, viewerOf(context));
  authorize(context, request, "read", resource);
  const found = await requestedScript(info, new URL(request.url));
  return new Response(writeFountain(found.script), {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportName(production.slug, found, "fountain")}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
    },
  });
}
