// The release's player alone, for other sites to frame: the only page whose
// Content-Security-Policy lets any site frame it (app/lib/csp.ts). Under embargo it says
// when the film opens, as the release page does.
import type { Route } from "./+types/release.embed";
import { Countdown } from "~/features/releases/components/countdown";
import { Player } from "~/features/releases/components/player";
import { releaseFor } from "~/features/releases/releases.server";
import { sourcesOf } from "~/features/releases/sources.server";
import { publicUrl } from "~/lib/env.server";
import { authorize, policyUser, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { useFormatDate, useT } from "~/ui/i18n";

/** The root lays this page out bare: no site header or footer inside someone's page. */
export const handle = { bare: true };

export async function loader({ request, context, params }: Route.LoaderArgs) {
  // Read before the embargo is: a countdown at zero then always finds the film (decision 0046).
  const now = new Date();
  const viewer = viewerOf(context);
  const { production, release, resource } = await releaseFor(params.slug, params.release, viewer);
  authorize(context, request, "read", resource);
  const mayDownload = can(policyUser(viewer), "download", resource);
  const base = `/p/${production.slug}/releases/${release.slug}`;
  const films = mayDownload ? release.files.filter((f) => f.kind === "film") : [];
  const subtitles = mayDownload ? release.files.filter((f) => f.kind === "subtitles") : [];
  return {
    title: `${production.title} — ${release.title}`,
    pageUrl: `${publicUrl()}${base}`,
    base,
    publishAt: release.publishAt,
    now,
    published: resource.type === "release" && resource.published,
    hasFilm: films.length > 0,
    sources: await sourcesOf(production, release, mayDownload),
    tracks: subtitles.map((s) => ({ src: `${base}/tracks/${s.name}`, srcLang: s.language ?? undefined, label: s.label || s.language || s.name })),
    mayDownload,
  };
}

export default function ReleaseEmbed({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { title, pageUrl, base, sources, tracks } = loaderData;
  return (
    <div className="embed">
      <title>{title}</title>
      <meta name="robots" content="noindex" />
      {loaderData.mayDownload && loaderData.hasFilm ? (
        <Player sources={sources} title={title} playUrl={`${base}/play`} tracks={tracks} />
      ) : (
        <div className="embed-notice">
          {loaderData.published ? null : <Countdown at={loaderData.publishAt} now={loaderData.now} />}
          <p>{loaderData.mayDownload ? t("release.noFilm") : t("release.embargo", { date: date(loaderData.publishAt, true) })}</p>
        </div>
      )}
      <p className="embed-credit">
        <a href={pageUrl} target="_top">
          {t("release.embed.onClaquette", { title })}
        </a>
      </p>
    </div>
  );
}
