import { createElement, useEffect, useRef, type ReactNode } from "react";
import { fileSize } from "../format";
import { frameRatio, type PlayableSources } from "../playable";
import { attachPlayer, type PlayerOptions } from "../player-behaviour";
import { AUTO, initialChoice, videoSrc } from "../player-choice";
import { useLocale, useT } from "~/ui/i18n";

export type PlayerTrack = { src: string; srcLang: string | undefined; label: string };

// media-chrome's controls are web components: the server writes their tags, the
// browser defines them once the page runs (never on the server, where there is no DOM).
const el = (tag: string, props: Record<string, unknown>, ...children: ReactNode[]) => createElement(tag, props, ...children);

/**
 * The release's player: the native <video> in media-chrome's controls (keyboard, captions,
 * full screen), in a frame of the film's ratio as wide as the column, so nothing moves
 * before, during or after play. With an HLS ladder it starts on "Automatic": the ladder,
 * by hls.js where the browser has Media Source Extensions, else natively; each MP4 size can be chosen
 * instead. The page as the server writes it has the MP4, which plays without the script.
 */
export function Player({ sources, tracks, title, playUrl }: { sources: PlayableSources; tracks: PlayerTrack[]; title: string; playUrl: string }) {
  const t = useT();
  const locale = useLocale();
  const root = useRef<HTMLDivElement>(null);
  // The options as the page script reads them from the markup, and what wakes the player
  // again: the same sources loaded anew (a revalidation) keep it playing.
  const options = JSON.stringify({ sources, playUrl });
  useEffect(() => (root.current ? attachPlayer(root.current, JSON.parse(options) as PlayerOptions) : undefined), [options]);

  // The markup before the page runs; from then on attachPlayer alone changes the source,
  // the choice and the data attributes (nothing here re-renders them).
  const choice = initialChoice(sources);
  return (
    // A new key for other sources: React renders them afresh rather than over what attachPlayer changed.
    <div className="player" key={options} ref={root} data-player={options}>
      <div className="player-frame" style={{ aspectRatio: frameRatio(sources) }} data-testid="player-frame">
        {el(
          "media-controller",
          { lang: locale, class: "player-controls", "aria-label": title },
          <video
            key="video"
            slot="media"
            src={videoSrc(sources, choice, "unknown")}
            poster={sources.poster ?? undefined}
            preload="metadata"
            playsInline
            crossOrigin="anonymous"
            data-adaptive={sources.hls ? "unknown" : undefined}
            data-testid="player"
          >
            {tracks.map((track, i) => (
              <track key={track.src} kind="subtitles" src={track.src} srcLang={track.srcLang} label={track.label} default={i === 0} />
            ))}
          </video>,
          el(
            "media-control-bar",
            { key: "bar" },
            el("media-play-button", { key: "play" }),
            el("media-mute-button", { key: "mute" }),
            el("media-volume-range", { key: "volume" }),
            el("media-time-range", { key: "time" }),
            // Not a toggle: as a button its name ("playback time") would not be its text.
            el("media-time-display", { key: "clock", showduration: "", notoggle: "" }),
            tracks.length ? el("media-captions-button", { key: "captions" }) : null,
            el("media-fullscreen-button", { key: "full" }),
          ),
        )}
      </div>
      {sources.mp4.length > (sources.hls ? 0 : 1) ? (
        <p className="player-quality">
          <label htmlFor="player-quality">{t("release.player.quality")}</label>{" "}
          <select id="player-quality" defaultValue={choice}>
            {sources.hls ? <option value={AUTO}>{t("release.player.auto")}</option> : null}
            {sources.mp4.map((s, i) => (
              <option key={s.url} value={i}>
                {s.height ? `${s.height}p` : t("release.player.original")} · {fileSize(s.size, locale)}
              </option>
            ))}
          </select>
        </p>
      ) : null}
    </div>
  );
}
