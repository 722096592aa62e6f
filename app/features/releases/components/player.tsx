import { createElement, useEffect, useRef, useState, type ReactNode } from "react";
import { fileSize } from "../format";
import { frameRatio, type PlayableSources } from "../playable";
import { useLocale, useT } from "~/ui/i18n";

export type PlayerTrack = { src: string; srcLang: string | undefined; label: string };

// media-chrome's controls are web components: the server writes their tags, the
// browser defines them once the page runs (never on the server, where there is no DOM).
const el = (tag: string, props: Record<string, unknown>, ...children: ReactNode[]) => createElement(tag, props, ...children);

let switched = false;
/**
 * media-chrome's captions button is a toggle carrying aria-checked, which a "button" may
 * not (axe: aria-allowed-attr): a switch is what it is. Its role is set by the element
 * itself whenever it connects, also later than the page (the first subtitles of a
 * release) and once media-chrome has defined it, whenever that is: every role it gives
 * itself is made "switch".
 */
function captionsAsSwitch() {
  if (switched) return;
  switched = true;
  void customElements.whenDefined("media-captions-button").then(() => {
    const Captions = customElements.get("media-captions-button")!;
    const set = Captions.prototype.setAttribute as (this: Element, name: string, value: string) => void;
    Captions.prototype.setAttribute = function (this: Element, name: string, value: string) {
      set.call(this, name, name === "role" ? "switch" : value);
    };
    document.querySelectorAll("media-captions-button").forEach((b) => b.setAttribute("role", "switch"));
  });
}

/** The source a player starts with: the largest up to 1080 lines (the renditions' order otherwise). */
function firstChoice(mp4: PlayableSources["mp4"]) {
  const fitting = mp4.map((s, i) => [s, i] as const).filter(([s]) => s.height > 0 && s.height <= 1080);
  return fitting.length ? fitting.reduce((a, b) => (b[0].height > a[0].height ? b : a))[1] : 0;
}

/**
 * The release's player: the native <video> in media-chrome's controls (keyboard, captions,
 * full screen), in a frame of the film's ratio as wide as the column, so nothing moves
 * before, during or after play. HLS through hls.js only where the browser has none.
 */
export function Player({ sources, tracks, title, playUrl }: { sources: PlayableSources; tracks: PlayerTrack[]; title: string; playUrl: string }) {
  const t = useT();
  const locale = useLocale();
  const video = useRef<HTMLVideoElement>(null);
  const [choice, setChoice] = useState(() => firstChoice(sources.mp4));
  const [started, setStarted] = useState(false);
  const counted = useRef(false);

  useEffect(() => {
    void import("media-chrome").then(captionsAsSwitch);
  }, []);

  useEffect(() => {
    const v = video.current;
    if (!v || !sources.hls || v.canPlayType("application/vnd.apple.mpegurl")) return;
    let hls: { destroy(): void } | undefined;
    void import("hls.js").then(({ default: Hls }) => {
      if (!Hls.isSupported()) return;
      // No worker: the CSP lets scripts come only from the studio's files, not blob: URLs.
      const h = new Hls({ enableWorker: false });
      h.loadSource(sources.hls!);
      h.attachMedia(v);
      hls = h;
    });
    return () => hls?.destroy();
  }, [sources.hls]);

  const onPlay = () => {
    setStarted(true);
    if (counted.current) return;
    counted.current = true;
    // A play is counted once per page (and by the server once per client and day).
    void fetch(playUrl, { method: "POST", keepalive: true }).catch(() => {});
  };

  const choose = (index: number) => {
    const v = video.current;
    const at = v?.currentTime ?? 0;
    const playing = v ? !v.paused : false;
    setChoice(index);
    if (!v) return;
    v.addEventListener(
      "loadedmetadata",
      () => {
        v.currentTime = at;
        if (playing) void v.play();
      },
      { once: true },
    );
  };

  const native = sources.hls && !sources.mp4.length ? sources.hls : undefined;
  const src = sources.mp4[choice]?.url ?? native;
  return (
    <div className="player">
      <div className="player-frame" style={{ aspectRatio: frameRatio(sources) }} data-testid="player-frame">
        {el(
          "media-controller",
          { lang: locale, class: "player-controls", "aria-label": title },
          <video
            key="video"
            ref={video}
            slot="media"
            src={src}
            poster={sources.poster ?? undefined}
            preload="metadata"
            playsInline
            crossOrigin="anonymous"
            data-started={started ? "" : undefined}
            data-testid="player"
            onPlay={onPlay}
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
      {sources.mp4.length > 1 ? (
        <p className="player-quality">
          <label htmlFor="player-quality">{t("release.player.quality")}</label>{" "}
          <select id="player-quality" value={choice} onChange={(e) => choose(Number(e.currentTarget.value))}>
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
