// The release player's behaviour as plain DOM code: the React component (signed-in,
// hydrated pages) and the visitors' page script both call attachPlayer on the markup the
// server wrote, so there is one player. Nothing here imports a framework or a message
// catalogue: it goes into the smallest script; media-chrome and hls.js load lazily.
import type { PlayableSources } from "./playable";
import { AUTO, initialChoice, shownChoice, videoSrc, type Adaptive } from "./player-choice";

export type PlayerOptions = { sources: PlayableSources; playUrl: string };

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

/**
 * Wakes the player whose outer element (`.player`) is `root`: media-chrome's controls,
 * the HLS ladder on "Automatic" (by hls.js where the browser has Media Source Extensions,
 * else natively), the quality select, and the play count. Returns what lets it go again
 * (listeners removed, hls.js destroyed).
 */
export function attachPlayer(root: HTMLElement, { sources, playUrl }: PlayerOptions): () => void {
  const video = root.querySelector("video");
  const select = root.querySelector("select");
  let live = true;
  const offs: (() => void)[] = [];
  const on = (target: EventTarget, type: string, listener: () => void, options?: AddEventListenerOptions) => {
    target.addEventListener(type, listener, options);
    offs.push(() => target.removeEventListener(type, listener, options));
  };

  void import("media-chrome").then(captionsAsSwitch);
  if (!video) return () => void (live = false);

  let choice = initialChoice(sources);
  let adaptive: Adaptive = "unknown";
  let hls: { destroy(): void } | null = null;
  // Each choice (and the cleanup) makes an earlier hls.js still loading stale.
  let generation = 0;
  let counted = false;

  /** The element and the select as the choice and the ladder's way say (the server wrote the first state). */
  const show = () => {
    const src = videoSrc(sources, choice, adaptive);
    // Only a change: setting the same `src` again would load the film again.
    if (src === undefined) video.removeAttribute("src");
    else if (video.getAttribute("src") !== src) video.setAttribute("src", src);
    if (sources.hls) video.dataset.adaptive = adaptive;
    if (!select) return;
    if (adaptive === "none") select.querySelector(`option[value="${AUTO}"]`)?.remove();
    select.value = String(shownChoice(sources, choice, adaptive));
  };

  const attachLadder = () => {
    const ladder = sources.hls;
    if (!ladder || choice !== AUTO || adaptive !== "hlsjs" || hls) return;
    const wanted = generation;
    void import("hls.js").then(({ default: Hls }) => {
      if (wanted !== generation || hls) return;
      // No worker: the CSP lets scripts come only from the studio's files, not blob: URLs.
      const h = new Hls({ enableWorker: false });
      h.loadSource(ladder);
      h.attachMedia(video);
      hls = h;
    });
  };

  const letGoOfLadder = () => {
    generation++;
    hls?.destroy();
    hls = null;
  };

  if (sources.hls) {
    // hls.js wherever Media Source Extensions allow it: Chromium's own HLS took up to 8 s
    // from the click to the first frame where hls.js took at most 1 s (bench:first-frame).
    // The browser's own where there is no MSE (iPhones before iOS 17.1).
    const native = video.canPlayType("application/vnd.apple.mpegurl") !== "";
    void import("hls.js").then(({ default: Hls }) => {
      if (!live) return;
      adaptive = Hls.isSupported() ? "hlsjs" : native ? "native" : "none";
      show();
      attachLadder();
    });
  }

  on(video, "play", () => {
    video.dataset.started = "";
    if (counted) return;
    counted = true;
    // A play is counted once per page (and by the server once per client and day).
    void fetch(playUrl, { method: "POST", keepalive: true }).catch(() => {});
  });

  if (select) {
    on(select, "change", () => {
      const at = video.currentTime;
      const playing = !video.paused;
      // hls.js lets go of the element before it is given another source.
      letGoOfLadder();
      choice = Number(select.value);
      on(
        video,
        "loadedmetadata",
        () => {
          video.currentTime = at;
          if (playing) void video.play();
        },
        { once: true },
      );
      show();
      attachLadder();
    });
  }

  return () => {
    live = false;
    letGoOfLadder();
    for (const off of offs) off();
  };
}
