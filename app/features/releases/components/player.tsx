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

/** The quality choice "Automatic": the adaptive (HLS) ladder. Otherwise the index of an MP4. */
const AUTO = -1;

/** How this browser plays the HLS ladder: not known before the page runs; natively, by hls.js, or not at all. */
type Adaptive = "unknown" | "native" | "hlsjs" | "none";

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
  const video = useRef<HTMLVideoElement>(null);
  const [choice, setChoice] = useState(() => (sources.hls ? AUTO : firstChoice(sources.mp4)));
  const [adaptive, setAdaptive] = useState<Adaptive>("unknown");
  const [started, setStarted] = useState(false);
  const counted = useRef(false);
  const hls = useRef<{ destroy(): void } | null>(null);

  useEffect(() => {
    void import("media-chrome").then(captionsAsSwitch);
  }, []);

  useEffect(() => {
    const v = video.current;
    if (!v || !sources.hls) return;
    // hls.js wherever Media Source Extensions allow it: Chromium's own HLS took up to 8 s
    // from the click to the first frame where hls.js took at most 1 s (bench:first-frame).
    // The browser's own where there is no MSE (iPhones before iOS 17.1).
    const native = v.canPlayType("application/vnd.apple.mpegurl") !== "";
    let live = true;
    void import("hls.js").then(({ default: Hls }) => live && setAdaptive(Hls.isSupported() ? "hlsjs" : native ? "native" : "none"));
    return () => void (live = false);
  }, [sources.hls]);

  useEffect(() => {
    const v = video.current;
    if (!v || !sources.hls || choice !== AUTO || adaptive !== "hlsjs") return;
    let live = true;
    void import("hls.js").then(({ default: Hls }) => {
      if (!live) return;
      // No worker: the CSP lets scripts come only from the studio's files, not blob: URLs.
      const h = new Hls({ enableWorker: false });
      h.loadSource(sources.hls!);
      h.attachMedia(v);
      hls.current = h;
    });
    return () => {
      live = false;
      hls.current?.destroy();
      hls.current = null;
    };
  }, [sources.hls, choice, adaptive]);

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
    // hls.js lets go of the element before it is given another source.
    hls.current?.destroy();
    hls.current = null;
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

  // Until the page runs (and where HLS cannot play) the MP4 a viewer would choose; hls.js sets the element's source itself.
  const current = choice === AUTO && adaptive === "none" ? firstChoice(sources.mp4) : choice;
  const fallback = sources.mp4[firstChoice(sources.mp4)]?.url ?? (adaptive === "none" ? undefined : (sources.hls ?? undefined));
  const src = current !== AUTO ? sources.mp4[current]?.url : adaptive === "native" ? sources.hls! : adaptive === "hlsjs" ? undefined : fallback;
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
            data-adaptive={sources.hls ? adaptive : undefined}
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
      {sources.mp4.length > (sources.hls ? 0 : 1) ? (
        <p className="player-quality">
          <label htmlFor="player-quality">{t("release.player.quality")}</label>{" "}
          <select id="player-quality" value={current} onChange={(e) => choose(Number(e.currentTarget.value))}>
            {sources.hls && adaptive !== "none" ? <option value={AUTO}>{t("release.player.auto")}</option> : null}
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
