// What the release player plays for a quality choice, as pure functions: the server's
// first render and the page's script (player-behaviour.ts) both read them, so the
// markup written without script and the player once it runs never disagree.
import type { PlayableSources } from "./playable";

/** The quality choice "Automatic": the adaptive (HLS) ladder. Otherwise the index of an MP4. */
export const AUTO = -1;

/** How this browser plays the HLS ladder: not known before the page runs; natively, by hls.js, or not at all. */
export type Adaptive = "unknown" | "native" | "hlsjs" | "none";

/** The source a player starts with: the largest up to 1080 lines (the renditions' order otherwise). */
export function firstChoice(mp4: PlayableSources["mp4"]): number {
  const fitting = mp4.map((s, i) => [s, i] as const).filter(([s]) => s.height > 0 && s.height <= 1080);
  return fitting.length ? fitting.reduce((a, b) => (b[0].height > a[0].height ? b : a))[1] : 0;
}

/** The choice a page starts on: "Automatic" when there is a ladder, else the MP4 a viewer would choose. */
export function initialChoice(sources: PlayableSources): number {
  return sources.hls ? AUTO : firstChoice(sources.mp4);
}

/** The choice the select shows: "Automatic" where the ladder cannot play is the MP4 a viewer would choose. */
export function shownChoice(sources: PlayableSources, choice: number, adaptive: Adaptive): number {
  return choice === AUTO && adaptive === "none" ? firstChoice(sources.mp4) : choice;
}

/**
 * The video element's `src` attribute (undefined: none). Until the page runs (and where
 * HLS cannot play) the MP4 a viewer would choose, or the ladder when there is no MP4;
 * hls.js sets the element's source itself.
 */
export function videoSrc(sources: PlayableSources, choice: number, adaptive: Adaptive): string | undefined {
  const current = shownChoice(sources, choice, adaptive);
  if (current !== AUTO) return sources.mp4[current]?.url;
  if (adaptive === "native") return sources.hls ?? undefined;
  if (adaptive === "hlsjs") return undefined;
  return sources.mp4[firstChoice(sources.mp4)]?.url ?? (adaptive === "none" ? undefined : (sources.hls ?? undefined));
}
