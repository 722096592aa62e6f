// The web renditions of a film (decision 0044): which sizes, at what bit rate, and the
// ffmpeg arguments that make them, as pure functions with their tests beside them.

export type Rung = { width: number; height: number; bitrate: number };

/** Standard heights below the master's own; never above it (no upscaling). */
const STANDARD_HEIGHTS = [1080, 720, 480];

/** Even numbers: H.264 in 4:2:0 needs them. */
const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/**
 * About 0.1 bit per pixel at 24 frames a second (5 Mb/s at 1080p, 2.2 at 720p, 1 at
 * 480p): what web platforms ask of H.264 for films, rounded to 100 kb/s.
 */
export function bitrateFor(width: number, height: number): number {
  return Math.max(300_000, Math.round((width * height * 24 * 0.1) / 100_000) * 100_000);
}

/** The MP4 sizes of a master: its own, then the standard heights below it, biggest first. */
export function ladderFor(master: { width: number; height: number }): Rung[] {
  const heights = [master.height, ...STANDARD_HEIGHTS.filter((h) => h < master.height)];
  const rungs: Rung[] = [];
  for (const h of heights) {
    const height = even(h);
    const width = even((master.width * h) / master.height);
    if (rungs.some((r) => r.height === height)) continue;
    rungs.push({ width, height, bitrate: bitrateFor(width, height) });
  }
  return rungs;
}

/** Keyframes every two seconds, whatever the frame rate: HLS segments cut on them without re-encoding. */
export const KEYFRAME_SECONDS = 2;

/** ffmpeg's arguments for one H.264/AAC MP4 rendition (progress on standard output). */
export function mp4Arguments(input: string, output: string, rung: Rung, hasAudio: boolean): string[] {
  return [
    "-hide_banner", "-nostdin", "-y", "-v", "error",
    "-protocol_whitelist", "file",
    "-i", `file:${input}`,
    "-map", "0:v:0", ...(hasAudio ? ["-map", "0:a:0"] : []),
    "-vf", `scale=${rung.width}:${rung.height}`,
    "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-pix_fmt", "yuv420p",
    "-b:v", String(rung.bitrate), "-maxrate", String(Math.round(rung.bitrate * 1.5)), "-bufsize", String(rung.bitrate * 2),
    "-force_key_frames", `expr:gte(t,n_forced*${KEYFRAME_SECONDS})`, "-sc_threshold", "0",
    ...(hasAudio ? ["-c:a", "aac", "-b:a", "128k", "-ac", "2"] : []),
    "-movflags", "+faststart",
    "-progress", "pipe:1", "-nostats",
    `file:${output}`,
  ];
}

/**
 * ffmpeg's arguments for the HLS ladder made from the MP4 renditions, copied (not encoded
 * again): MPEG-TS segments of about 4 s, one playlist per size (v0.m3u8…) and the master
 * playlist master.m3u8, all in `directory`.
 */
export function hlsArguments(inputs: string[], directory: string, hasAudio: boolean): string[] {
  return [
    "-hide_banner", "-nostdin", "-y", "-v", "error",
    "-protocol_whitelist", "file",
    ...inputs.flatMap((i) => ["-i", `file:${i}`]),
    ...inputs.flatMap((_, n) => ["-map", `${n}:v:0`, ...(hasAudio ? ["-map", `${n}:a:0`] : [])]),
    "-c", "copy",
    "-f", "hls", "-hls_time", String(KEYFRAME_SECONDS * 2), "-hls_playlist_type", "vod", "-hls_segment_type", "mpegts",
    "-hls_segment_filename", `${directory}/v%vs%03d.ts`,
    "-master_pl_name", "master.m3u8",
    "-var_stream_map", inputs.map((_, n) => (hasAudio ? `v:${n},a:${n}` : `v:${n}`)).join(" "),
    "-progress", "pipe:1", "-nostats",
    `${directory}/v%v.m3u8`,
  ];
}

/** ffmpeg's arguments for a poster frame: a JPEG at most 720 lines high, `at` seconds in. */
export function posterArguments(input: string, output: string, at: number): string[] {
  return ["-hide_banner", "-nostdin", "-y", "-v", "error", "-protocol_whitelist", "file", "-ss", at.toFixed(2), "-i", `file:${input}`, "-frames:v", "1", "-vf", "scale=-2:'min(720,ih)'", "-q:v", "3", `file:${output}`];
}

/**
 * The share done, from one block of `-progress pipe:1` output: its last `out_time_us`
 * (microseconds; ffmpeg also prints it as out_time_ms, in microseconds too) against
 * the duration. Null when the block has none.
 */
export function progressOf(block: string, durationSeconds: number): number | null {
  let last: number | null = null;
  for (const line of block.split("\n")) {
    const m = /^out_time_us=(\d+)\s*$/.exec(line);
    if (m) last = Number(m[1]);
  }
  if (last === null || !(durationSeconds > 0)) return null;
  return Math.min(1, Math.max(0, last / 1e6 / durationSeconds));
}

/** What may follow /renditions/<id>/ in an address: names Claquette gives, nothing else. */
export const RENDITION_FILE = /^[a-z0-9]{1,40}\.(mp4|m3u8|ts|jpg)$/;

export const renditionMimeType = (name: string) =>
  ({ mp4: "video/mp4", m3u8: "application/vnd.apple.mpegurl", ts: "video/mp2t", jpg: "image/jpeg" })[name.slice(name.lastIndexOf(".") + 1)] ?? "application/octet-stream";
