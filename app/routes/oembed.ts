// oEmbed (https://oembed.com): what a blog or a forum asks to embed a release from its
// address. Only this studio's release pages, as a visitor sees them; JSON only.
import { z } from "zod";
import type { Route } from "./+types/oembed";
import { embedIframe, embedSize } from "~/features/releases/embed";
import { releaseFor } from "~/features/releases/releases.server";
import { publicUrl } from "~/lib/env.server";
import { can } from "~/lib/policy";

const query = z.object({
  url: z.string().max(2000),
  format: z.enum(["json", "xml"]).default("json"),
  maxwidth: z.coerce.number().int().min(100).max(4000).optional().catch(undefined),
  maxheight: z.coerce.number().int().min(100).max(4000).optional().catch(undefined),
});

const RELEASE_PAGE = /^\/p\/([a-z0-9-]+)\/releases\/([a-z0-9-]+)(?:\/embed)?\/?$/;

function answer(status: number, body: unknown) {
  return new Response(status === 200 ? JSON.stringify(body) : String(body), {
    status,
    headers: { "Content-Type": status === 200 ? "application/json; charset=utf-8" : "text/plain; charset=utf-8", "Access-Control-Allow-Origin": "*" },
  });
}

export async function loader({ request }: Route.LoaderArgs) {
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return answer(400, "Give the address of a release page as url.");
  // The spec's answer to a format one does not serve.
  if (parsed.data.format !== "json") return answer(501, "Only format=json is served.");
  const origin = publicUrl();
  let address: URL;
  try {
    address = new URL(parsed.data.url);
  } catch {
    return answer(404, "Not a release of this studio.");
  }
  const page = address.origin === new URL(origin).origin ? RELEASE_PAGE.exec(address.pathname) : null;
  if (!page) return answer(404, "Not a release of this studio.");
  // As a visitor: an embed is seen by anyone; a release only its crew may see is no embed.
  let found: Awaited<ReturnType<typeof releaseFor>>;
  try {
    found = await releaseFor(page[1]!, page[2]!, null);
  } catch {
    return answer(404, "Not a release of this studio.");
  }
  const { production, release, resource } = found;
  if (!can(null, "read", resource)) return answer(404, "Not a release of this studio.");
  const film = release.files.find((f) => f.kind === "film");
  const { width, height } = embedSize(film, { width: parsed.data.maxwidth, height: parsed.data.maxheight });
  const base = `${origin}/p/${production.slug}/releases/${release.slug}`;
  const title = `${production.title} — ${release.title}`;
  return answer(200, {
    version: "1.0",
    type: "video",
    provider_name: "Claquette",
    provider_url: `${origin}/`,
    title,
    author_name: production.title,
    author_url: `${origin}/p/${production.slug}`,
    html: embedIframe(base, title, { width, height }),
    width,
    height,
    ...(production.posterId ? { thumbnail_url: `${origin}/p/${production.slug}/poster` } : {}),
  });
}
