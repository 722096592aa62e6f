// Duration, picture size and codecs of a film or audio file, read by ffprobe where it is
// installed (Debian's ffmpeg); without it, files are still accepted, unmeasured.
import { execFile } from "node:child_process";
import path from "node:path";

export type Probe = { durationSeconds: number | null; width: number | null; height: number | null; videoCodec: string | null; audioCodec: string | null };

type FfprobeStream = { codec_type?: string; codec_name?: string; width?: number; height?: number; duration?: string; disposition?: { attached_pic?: number } };
type FfprobeOutput = { format?: { duration?: string }; streams?: FfprobeStream[] };

const TIMEOUT_MS = 20_000;
// ffprobe's JSON for a film is a few kilobytes; a file that makes more is refused.
const MAX_OUTPUT = 1024 * 1024;

/** Null when ffprobe is not installed, fails (not a media file), overruns, or prints no JSON. */
export function probeMedia(filePath: string): Promise<Probe | null> {
  // Never a shell. "--" ends the options, and "file:" with an absolute path means a name
  // starting with "-" is no option and one like "http:…" or "concat:…" is no protocol.
  // Only local files may be opened, even from inside the file (a playlist naming URLs).
  const args = ["-v", "error", "-protocol_whitelist", "file", "-print_format", "json", "-show_format", "-show_streams", "--", `file:${path.resolve(filePath)}`];
  return new Promise((resolve) => {
    execFile("ffprobe", args, { timeout: TIMEOUT_MS, killSignal: "SIGKILL", maxBuffer: MAX_OUTPUT, windowsHide: true }, (error, stdout) => {
      if (error) return resolve(null);
      try {
        resolve(summarise(JSON.parse(stdout) as FfprobeOutput));
      } catch {
        resolve(null);
      }
    });
  });
}

function summarise(out: FfprobeOutput): Probe | null {
  if (typeof out !== "object" || out === null || !Array.isArray(out.streams)) return null;
  // Cover art inside an audio file is a "video" stream too; it is no picture size.
  const video = out.streams.find((s) => s.codec_type === "video" && !s.disposition?.attached_pic);
  const audio = out.streams.find((s) => s.codec_type === "audio");
  const duration = seconds(out.format?.duration) ?? seconds(video?.duration) ?? seconds(audio?.duration);
  return {
    durationSeconds: duration,
    width: positiveInt(video?.width),
    height: positiveInt(video?.height),
    videoCodec: video?.codec_name ?? null,
    audioCodec: audio?.codec_name ?? null,
  };
}

function seconds(value: string | undefined): number | null {
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function positiveInt(value: number | undefined): number | null {
  return Number.isInteger(value) && value! > 0 ? value! : null;
}

let available: Promise<boolean> | undefined;

/** Whether ffprobe runs on this machine; asked once per process. */
export function ffprobeAvailable(): Promise<boolean> {
  available ??= new Promise((resolve) => {
    execFile("ffprobe", ["-version"], { timeout: TIMEOUT_MS, killSignal: "SIGKILL", maxBuffer: MAX_OUTPUT, windowsHide: true }, (error) => resolve(!error));
  });
  return available;
}
