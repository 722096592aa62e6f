// What the player plays. The renditions module (MP4 ladder and HLS) gives this same
// shape from `playableSources(releaseId)`; until it does, ownPlayableSources makes it
// from the release's own files: the master film as the only MP4, no HLS.

export type PlayableSources = {
  hls: string | null;
  mp4: { url: string; height: number; width: number; size: number }[];
  poster: string | null;
};

type OwnFile = { name: string; kind: string; mimeType: string; size: number | bigint; width: number | null; height: number | null };

/** The release's first film file as the one source (the page's order: the master first). */
export function ownPlayableSources(files: OwnFile[], base: string, poster: string | null): PlayableSources {
  const film = files.find((f) => f.kind === "film");
  return {
    hls: null,
    mp4: film ? [{ url: `${base}/files/${film.name}`, width: film.width ?? 0, height: film.height ?? 0, size: Number(film.size) }] : [],
    poster,
  };
}

/** The frame's shape: the film's own ratio when known, else 16:9. */
export function frameRatio(sources: PlayableSources): string {
  const known = sources.mp4.find((s) => s.width > 0 && s.height > 0);
  return known ? `${known.width} / ${known.height}` : "16 / 9";
}
