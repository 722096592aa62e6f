import { data, Link } from "react-router";
import { creditTitleKey } from "~/features/funding/campaign-form";
import { openCampaignOf } from "~/features/funding/campaigns.server";
import type { Route } from "./+types/release";
import { DownloadChoice } from "~/features/releases/components/download-choice";
import { Player } from "~/features/releases/components/player";
import { ReleaseManagement } from "~/features/releases/components/release-manage";
import { ScreeningList } from "~/features/releases/components/screening-list";
import { Countdown } from "~/features/releases/components/countdown";
import { CalendarLinks } from "~/features/releases/components/calendar-links";
import { webcalUrl } from "~/features/releases/ics";
import { licence, licenceName } from "~/features/releases/licences";
import {
  addCredit,
  attributionText,
  creditsOf,
  downloadCounts,
  inThePast,
  movePremiere,
  releaseFor,
  removeReleaseFile,
  updateRelease,
} from "~/features/releases/releases.server";
import { playCount } from "~/features/releases/counts.server";
import { removeRenditionFiles, renditionStates, renditionsBehind, renditionsReady } from "~/features/releases/renditions.server";
import { addScreening, removeScreening, upcomingScreenings } from "~/features/releases/screenings.server";
import { sourcesOf } from "~/features/releases/sources.server";
import { embedIframe, embedSize, oembedUrl } from "~/features/releases/embed";
import { Share } from "~/features/releases/components/share";
import { refreshTorrent } from "~/features/releases/uploads.server";
import { creditSchema, releaseFactsSchema, screeningSchema } from "~/features/releases/validation";
import { instantAt } from "~/lib/zoned-time";
import { publicUrl } from "~/lib/env.server";
import { confirmed, fail, parseForm } from "~/lib/forms";
import { authorize, policyUser, requireViewer, tFor, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { Notice } from "~/ui/form";
import { useFormatDate, useT } from "~/ui/i18n";
import type { PageHandle } from "~/lib/visitor-page";

// A visitor gets the page without the framework (decision 0058).
export const handle: PageHandle = { visitorIslands: true };

/** JSON-LD in a script element: "<" never appears, so no text can close the element. */
const jsonLd = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

export async function loader({ request, context, params }: Route.LoaderArgs) {
  // Read before the embargo is: a countdown at zero then always finds the film (decision 0046).
  const now = new Date();
  const viewer = viewerOf(context);
  const { production, release, resource } = await releaseFor(params.slug, params.release, viewer);
  authorize(context, request, "read", resource);
  const user = policyUser(viewer);
  const t = tFor(request);
  const mayDownload = can(user, "download", resource);
  const origin = publicUrl();
  const base = `/p/${production.slug}/releases/${release.slug}`;
  const mayManage = can(user, "manage", resource);
  const [counts, plays, screenings, groups, hasPoster, renditions, sources, campaign] = await Promise.all([
    downloadCounts(release.id),
    playCount(release.id),
    upcomingScreenings(production.id, { releaseId: release.id }),
    creditsOf(production.id, release.credits, t("release.contributors"), (c) => t(creditTitleKey(c))),
    production.posterId !== null,
    mayManage ? renditionStates(release.id) : Promise.resolve([]),
    sourcesOf(production, release, mayDownload),
    openCampaignOf(production.id),
  ]);
  const l = licence(release.licence);
  const attribution = attributionText(t, { filmTitle: production.title, releaseTitle: release.title, version: release.version, url: `${origin}${base}`, licence: release.licence });
  const films = mayDownload && resource.type === "release" && resource.published ? release.files.filter((f) => f.kind === "film") : [];
  const poster = hasPoster ? `${origin}/p/${production.slug}/poster` : null;
  const structured = {
    "@context": "https://schema.org",
    "@type": "Movie",
    name: production.title,
    alternativeHeadline: `${release.title} (${release.version})`,
    description: release.synopsis || undefined,
    url: `${origin}${base}`,
    license: l?.uri,
    datePublished: release.publishAt.toISOString(),
    ...(poster ? { image: poster } : {}),
    ...(films[0]
      ? {
          video: {
            "@type": "VideoObject",
            name: `${production.title} — ${release.title}`,
            description: release.synopsis || production.title,
            uploadDate: release.publishAt.toISOString(),
            license: l?.uri,
            contentUrl: `${origin}${base}/files/${films[0].name}`,
            encodingFormat: films[0].mimeType,
            ...(films[0].durationSeconds ? { duration: `PT${Math.round(films[0].durationSeconds)}S` } : {}),
            ...(poster ? { thumbnailUrl: poster } : {}),
          },
        }
      : {}),
    subjectOf: screenings.map((s) => ({
      "@type": "ScreeningEvent",
      name: `${production.title} — ${s.venue}`,
      startDate: s.startsAt.toISOString(),
      location: { "@type": "Place", name: s.venue, address: [s.address, s.city].filter(Boolean).join(", ") },
      ...(s.language ? { inLanguage: s.language } : {}),
      ...(s.subtitles ? { subtitleLanguage: s.subtitles } : {}),
      ...(s.ticketUrl ? { offers: { "@type": "Offer", url: s.ticketUrl } } : {}),
      workPresented: { "@type": "Movie", name: production.title },
    })),
  };
  return {
    now,
    production,
    campaign,
    release: {
      id: release.id,
      slug: release.slug,
      title: release.title,
      version: release.version,
      licence: release.licence,
      licenceUri: l?.uri ?? null,
      licenceName: licenceName(release.licence),
      publishAt: release.publishAt,
      synopsis: release.synopsis,
      hasTorrent: release.torrent !== null,
    },
    published: resource.type === "release" && resource.published,
    // Under embargo the files are nobody's business but the producers'.
    files: (mayDownload ? release.files : []).map((f) => ({
      id: f.id,
      name: f.name,
      kind: f.kind,
      label: f.label,
      language: f.language,
      mimeType: f.mimeType,
      size: Number(f.size),
      sha256: f.sha256,
      durationSeconds: f.durationSeconds,
      width: f.width,
      height: f.height,
      downloads: counts.get(f.id) ?? 0,
    })),
    sources,
    // The web MP4s offered as downloads beside the master, once the studio has made them.
    webDownloads: sources.mp4.filter((m) => m.url.startsWith(`${base}/renditions/`)),
    counts: { downloads: [...counts.values()].reduce((a, b) => a + b, 0), plays },
    mayDownload,
    mayManage,
    // The producers' status of the web renditions (decision 0044), and whether "publish now" must ask about them.
    renditions,
    renditionsPending: renditions.some((r) => r.status !== "ready"),
    // The premiere does not wait for them: the producers are told on the page while they are behind.
    renditionsBehind: resource.type === "release" && !resource.published ? renditionsBehind(renditions) : { count: 0, failed: 0 },
    maySchedule: can(user, "schedule", resource),
    screenings,
    groups,
    attribution,
    poster,
    structured: jsonLd(structured),
    pageUrl: `${origin}${base}`,
    oembed: oembedUrl(origin, `${origin}${base}`),
    embedCode: embedIframe(`${origin}${base}`, `${production.title} — ${release.title}`, embedSize(release.files.find((f) => f.kind === "film"))),
    webcal: webcalUrl(`${origin}/p/${production.slug}/screenings.ics`),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, release, resource } = await releaseFor(params.slug, params.release, viewer);
  authorize(context, request, "manage", resource);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  switch (intent) {
    case "facts": {
      const parsed = parseForm(releaseFactsSchema, formData, ["title", "version", "licence", "publishAt", "timeZone", "synopsis"]);
      if (!parsed.ok) return { ...parsed, intent };
      const { publishAt, ...facts } = parsed.data;
      // The form shows the premiere to the minute: the same minute is no move.
      if (publishAt.getTime() !== Math.floor(release.publishAt.getTime() / 60_000) * 60_000) {
        if (!can(policyUser(viewer), "schedule", resource)) {
          const key = resource.type === "release" && resource.published ? "release.form.premiereFixed" : "release.form.premiereProducersOnly";
          return { ...fail(formData, { publishAt: { key } }), intent };
        }
        // The premiere is a public promise that does not wait for the renditions: setting it
        // while they are not ready asks the same knowing choice as "publish now" (decision 0044);
        // a time refused anyway (in the past) is told as such first.
        if (!inThePast(publishAt) && formData.get("masterAlone") !== "yes" && !(await renditionsReady(release.id))) {
          return data({ ...fail(formData, { publishAt: { key: "release.form.premiereRenditionsPending" } }), intent, renditionsPending: true as const }, { status: 400 });
        }
        const moved = await movePremiere({ ...release, productionId: production.id, title: facts.title }, viewer.id, publishAt);
        if (!moved.ok) return { ...fail(formData, { publishAt: { key: moved.problem } }), intent };
      }
      await updateRelease(release.id, facts);
      await refreshTorrent(release.id);
      return { ok: true as const, intent };
    }
    case "publishNow": {
      authorize(context, request, "schedule", resource);
      if (!confirmed(formData)) return data({ ...fail(formData, {}), intent, unconfirmed: true as const }, { status: 400 });
      // Only with its web renditions ready, or the master alone, knowingly (decision 0044).
      if (formData.get("masterAlone") !== "yes" && !(await renditionsReady(release.id))) {
        return data({ ...fail(formData, {}), intent, renditionsPending: true as const }, { status: 400 });
      }
      const moved = await movePremiere({ ...release, productionId: production.id }, viewer.id, "now");
      if (!moved.ok) return { ...fail(formData, { publishAt: { key: moved.problem } }), intent: "facts" };
      return { ok: true as const, intent };
    }
    case "removeFile": {
      const removed = release.files.find((f) => f.id === String(formData.get("fileId")));
      if (removed) {
        // Its renditions' files first: their rows go with the file's.
        await removeRenditionFiles(removed.id);
        await removeReleaseFile(release.id, removed.id);
        const { fileStore } = await import("~/features/releases/file-store.server");
        await fileStore().remove(removed.storageKey);
        await refreshTorrent(release.id);
      }
      return { ok: true as const, intent };
    }
    case "addScreening": {
      const parsed = parseForm(screeningSchema, formData, ["kind", "venue", "address", "city", "startsAt", "timeZone", "language", "subtitles", "ticketUrl"]);
      if (!parsed.ok) return { ...parsed, intent };
      const startsAt = instantAt(parsed.data.startsAt, parsed.data.timeZone);
      if (!startsAt) return { ...fail(formData, { startsAt: { key: "release.form.publishAtInvalid" } }), intent };
      await addScreening(production.id, { ...parsed.data, startsAt, ticketUrl: parsed.data.ticketUrl || null, releaseId: release.id });
      return { ok: true as const, intent };
    }
    case "removeScreening":
      await removeScreening(production.id, String(formData.get("screeningId")));
      return { ok: true as const, intent };
    case "addCredit": {
      const parsed = parseForm(creditSchema, formData, ["role", "name"]);
      if (!parsed.ok) return { ...parsed, intent };
      await addCredit(release.id, parsed.data);
      return { ok: true as const, intent };
    }
  }
  throw new Response("Unknown intent", { status: 400 });
}

export default function ReleasePage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, release, files, screenings } = loaderData;
  const base = `/p/${production.slug}/releases/${release.slug}`;
  const failed = actionData && !actionData.ok ? actionData : undefined;
  const films = files.filter((f) => f.kind === "film");
  const subtitles = files.filter((f) => f.kind === "subtitles");
  return (
    <article className="page">
      <title>{`${production.title} — ${release.title}`}</title>
      <meta property="og:type" content="video.movie" />
      <meta property="og:title" content={`${production.title} — ${release.title}`} />
      <meta property="og:url" content={loaderData.pageUrl} />
      {release.synopsis ? <meta property="og:description" content={release.synopsis.slice(0, 300)} /> : null}
      {loaderData.poster ? <meta property="og:image" content={loaderData.poster} /> : null}
      {loaderData.mayDownload && films[0] ? <meta property="og:video" content={`${loaderData.pageUrl}/files/${films[0].name}`} /> : null}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: loaderData.structured }} />
      {loaderData.published ? <link rel="alternate" type="application/json+oembed" href={loaderData.oembed} title={`${production.title} — ${release.title}`} /> : null}
      <h1>
        {production.title} — {release.title} <span className="muted">({release.version})</span>
      </h1>
      {actionData?.ok ? <Notice>{t("release.saved")}</Notice> : null}
      {!loaderData.published ? <Countdown at={release.publishAt} now={loaderData.now} /> : null}
      {!loaderData.published ? (
        <p className="alert" data-testid="embargo">
          {loaderData.mayDownload ? t("release.embargoProducer", { date: date(release.publishAt, true) }) : t("release.embargo", { date: date(release.publishAt, true) })}
        </p>
      ) : null}
      {loaderData.renditionsBehind.count ? (
        <p className="alert" data-testid="premiere-renditions">
          {t("release.premiereRenditions", { count: loaderData.renditionsBehind.count, failed: loaderData.renditionsBehind.failed, date: date(release.publishAt, true) })}
        </p>
      ) : null}
      <p className="licence-line">
        {t("release.licenceIntro", { title: production.title })}{" "}
        {release.licenceUri ? (
          <a rel="license" href={release.licenceUri}>
            {release.licenceName}
          </a>
        ) : (
          release.licenceName
        )}
        .
      </p>
      {release.synopsis ? <p className="lead">{release.synopsis}</p> : null}

      {loaderData.mayDownload ? (
        <section aria-labelledby="watch-h">
          <h2 id="watch-h">{t("release.watch")}</h2>
          {films.length ? (
            <Player
              sources={loaderData.sources}
              title={`${production.title} — ${release.title}`}
              playUrl={`${base}/play`}
              tracks={subtitles.map((s) => ({ src: `${base}/tracks/${s.name}`, srcLang: s.language ?? undefined, label: s.label || s.language || s.name }))}
            />
          ) : (
            <p className="muted">{t("release.noFilm")}</p>
          )}
          {loaderData.published ? (
            <p className="muted" data-testid="counts">
              {t("release.playsCount", { count: loaderData.counts.plays })} · {t("release.downloadsCount", { count: loaderData.counts.downloads })}
            </p>
          ) : null}
        </section>
      ) : null}

      {loaderData.published && films.length ? <Share pageUrl={loaderData.pageUrl} embedCode={loaderData.embedCode} title={`${production.title} — ${release.title}`} /> : null}

      {loaderData.mayDownload && files.length ? (
        <section aria-labelledby="files-h">
          <h2 id="files-h">{t("release.files")}</h2>
          <DownloadChoice base={base} files={files} renditions={loaderData.webDownloads} torrent={release.hasTorrent ? `/p/${production.slug}/releases/${release.slug}.torrent` : null} mayManage={loaderData.mayManage} />
          <p className="actions">
            <a href={`${base}/CREDITS.txt`}>{t("release.creditsTxt")}</a>
            <a href={`${base}/LICENSE.txt`}>{t("release.licenceTxt")}</a>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="screenings-h">
        <h2 id="screenings-h">{t("release.screenings")}</h2>
        <ScreeningList screenings={screenings} mayManage={loaderData.mayManage} />
        <CalendarLinks slug={production.slug} webcal={loaderData.webcal} />
      </section>

      {loaderData.campaign ? (
        <p>
          <Link to={`/p/${production.slug}/campaigns/${loaderData.campaign.id}`}>{t("campaign.support")}</Link>
        </p>
      ) : null}
      <section aria-labelledby="credits-h">
        <h2 id="credits-h">{t("release.credits")}</h2>
        <dl className="credits" data-testid="credits">
          {loaderData.groups.map((g) => (
            <div key={g.role}>
              <dt>{g.role}</dt>
              {g.names.map((n) => (
                <dd key={`${g.role}-${n.name}`}>{n.handle ? <Link to={`/u/${n.handle}`}>{n.name}</Link> : n.name}</dd>
              ))}
            </div>
          ))}
        </dl>
        <div className="field">
          <label htmlFor="attribution">{t("release.attribution")}</label>
          <textarea id="attribution" readOnly rows={3} value={loaderData.attribution} data-testid="attribution" />
        </div>
      </section>

      {loaderData.mayManage ? (
        <ReleaseManagement
          release={release}
          base={base}
          renditions={loaderData.renditions}
          published={loaderData.published}
          maySchedule={loaderData.maySchedule}
          renditionsPending={loaderData.renditionsPending}
          failed={failed}
        />
      ) : null}
    </article>
  );
}
