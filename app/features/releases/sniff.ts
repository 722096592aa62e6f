// What a release file really is, by its content: the film and its soundtrack by their first
// bytes, subtitles by reading them through. Never by the name or the type the browser
// declared. Pure, and safe on anything an uploader sends: no throw, linear time.

export type MediaInfo = { kind: "video" | "audio"; mimeType: string; extension: string };

/** How much of a file's head sniffMedia looks at. */
export const SNIFF_BYTES = 4096;

const ascii = (b: Uint8Array, at: number, len: number) =>
  at + len <= b.length ? String.fromCharCode(...b.subarray(at, at + len)) : "";
const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

const video = (mimeType: string, extension: string): MediaInfo => ({ kind: "video", mimeType, extension });
const audio = (mimeType: string, extension: string): MediaInfo => ({ kind: "audio", mimeType, extension });

// ISO base media brands (ftyp): the container MP4 players and browsers read.
const MP4_VIDEO_BRANDS = new Set(["isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1"]);

/** The media a file's first bytes (up to SNIFF_BYTES are read) announce, or null. */
export function sniffMedia(head: Uint8Array): MediaInfo | null {
  const b = head.subarray(0, SNIFF_BYTES);
  return isoMedia(b) ?? ebml(b) ?? ogg(b) ?? flacOrMp3(b) ?? wave(b);
}

// MP4 / QuickTime: a first box of type "ftyp" whose major brand, or failing that one of its
// compatible brands, we know.
function isoMedia(b: Uint8Array): MediaInfo | null {
  if (b.length < 12 || ascii(b, 4, 4) !== "ftyp") return null;
  const size = u32(b, 0);
  if (size < 12) return null;
  const brand = (name: string): MediaInfo | null => {
    if (MP4_VIDEO_BRANDS.has(name)) return video("video/mp4", "mp4");
    if (name === "M4V " || name === "M4VH" || name === "M4VP") return video("video/mp4", "m4v");
    if (name === "qt  ") return video("video/quicktime", "mov");
    if (name === "M4A ") return audio("audio/mp4", "m4a");
    return null;
  };
  const major = brand(ascii(b, 8, 4));
  if (major) return major;
  // Compatible brands follow the minor version (bytes 12..16), four bytes each.
  const end = Math.min(size, b.length);
  for (let at = 16; at + 4 <= end; at += 4) {
    const compatible = brand(ascii(b, at, 4));
    if (compatible) return compatible;
  }
  return null;
}

// An EBML variable-length integer: the leading zero bits of the first byte say how many
// bytes follow. `keepMarker` keeps the length bit, as element IDs do.
function vint(b: Uint8Array, at: number, maxLength: number, keepMarker: boolean): { value: number; length: number; unknown: boolean } | null {
  const first = b[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (length > maxLength || at + length > b.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === (0xff >> length);
  for (let i = 1; i < length; i++) {
    value = value * 256 + b[at + i]!;
    if (b[at + i] !== 0xff) allOnes = false;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

// WebM and Matroska: an EBML header whose DocType element names the flavour.
function ebml(b: Uint8Array): MediaInfo | null {
  if (u32(b, 0) !== 0x1a45dfa3 || b.length < 5) return null;
  const headerSize = vint(b, 4, 8, false);
  if (!headerSize || headerSize.unknown) return null;
  const start = 4 + headerSize.length;
  const end = Math.min(b.length, start + headerSize.value);
  for (let at = start; at < end; ) {
    const id = vint(b, at, 4, true);
    if (!id) return null;
    const size = vint(b, at + id.length, 8, false);
    if (!size || size.unknown) return null;
    const data = at + id.length + size.length;
    if (id.value === 0x4282) {
      // DocType; writers may pad it with NULs.
      if (data >= end) return null;
      const docType = ascii(b, data, Math.min(size.value, end - data)).replace(/\0+$/, "");
      if (docType === "webm") return video("video/webm", "webm");
      if (docType === "matroska") return video("video/x-matroska", "mkv");
      return null;
    }
    at = data + size.value;
  }
  return null;
}

// Ogg: the pages that open the logical streams (BOS) come first, each holding a codec's
// identification header. Theora among them makes a film; otherwise it is sound.
function ogg(b: Uint8Array): MediaInfo | null {
  if (ascii(b, 0, 4) !== "OggS") return null;
  let opus = false;
  for (let at = 0; ascii(b, at, 4) === "OggS" && at + 27 <= b.length; ) {
    const headerType = b[at + 5]!;
    if (b[at + 4] !== 0 || !(headerType & 0x02)) break; // version 0; beginning-of-stream pages only
    const segments = b[at + 26]!;
    if (at + 27 + segments > b.length) break;
    let bodyLength = 0;
    for (let i = 0; i < segments; i++) bodyLength += b[at + 27 + i]!;
    const body = at + 27 + segments;
    if (b[body] === 0x80 && ascii(b, body + 1, 6) === "theora") return video("video/ogg", "ogv");
    if (ascii(b, body, 8) === "OpusHead") opus = true;
    at = body + bodyLength;
  }
  return audio("audio/ogg", opus ? "opus" : "ogg");
}

// FLAC, possibly behind an ID3 tag; MP3 behind an ID3 tag or from its first frame.
function flacOrMp3(b: Uint8Array): MediaInfo | null {
  if (ascii(b, 0, 4) === "fLaC") return audio("audio/flac", "flac");
  // ID3v2: "ID3", version 2..4, revision, flags, then a "syncsafe" size (7 bits a byte).
  if (ascii(b, 0, 3) === "ID3" && b.length >= 10) {
    const [major = 0xff, revision = 0xff, flags = 0] = b.subarray(3, 6);
    const sizeBytes = b.subarray(6, 10);
    if (major < 2 || major > 4 || revision === 0xff || sizeBytes.some((x) => x & 0x80)) return null;
    const size = ((sizeBytes[0]! << 21) | (sizeBytes[1]! << 14) | (sizeBytes[2]! << 7) | sizeBytes[3]!) + (flags & 0x10 ? 20 : 10);
    if (ascii(b, size, 4) === "fLaC") return audio("audio/flac", "flac");
    return audio("audio/mpeg", "mp3");
  }
  const frame = mp3FrameLength(b, 0);
  if (frame === null) return null;
  // One frame header is eleven bits of evidence; when the next one is in sight, it must be there too.
  if (frame > 0 && frame + 4 <= b.length && mp3FrameLength(b, frame) === null) return null;
  return audio("audio/mpeg", "mp3");
}

const MP3_BITRATES = {
  v1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_SAMPLE_RATES = { v1: [44100, 48000, 32000], v2: [22050, 24000, 16000], v25: [11025, 12000, 8000] };

// The length of an MPEG audio Layer III frame starting at `at` (0 for a free bitrate,
// whose length the header does not say), or null when there is no such frame.
function mp3FrameLength(b: Uint8Array, at: number): number | null {
  if (at + 4 > b.length) return null;
  const [b0 = 0, b1 = 0, b2 = 0] = b.subarray(at, at + 3);
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return null; // frame sync: eleven set bits
  const version = (b1 >> 3) & 0x03; // 0: MPEG 2.5, 1: reserved, 2: MPEG 2, 3: MPEG 1
  const layer = (b1 >> 1) & 0x03; // 1: Layer III (0 is reserved, and is how AAC's ADTS looks)
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 0x03;
  if (version === 1 || layer !== 1 || bitrateIndex === 15 || rateIndex === 3) return null;
  if (bitrateIndex === 0) return 0;
  const bitrate = (version === 3 ? MP3_BITRATES.v1 : MP3_BITRATES.v2)[bitrateIndex]! * 1000;
  const sampleRate = (version === 3 ? MP3_SAMPLE_RATES.v1 : version === 2 ? MP3_SAMPLE_RATES.v2 : MP3_SAMPLE_RATES.v25)[rateIndex]!;
  const padding = (b2 >> 1) & 0x01;
  return Math.floor(((version === 3 ? 144 : 72) * bitrate) / sampleRate) + padding;
}

// WAV: a RIFF (or RF64, past 4 GiB) container of form type WAVE.
function wave(b: Uint8Array): MediaInfo | null {
  const riff = ascii(b, 0, 4);
  if ((riff === "RIFF" || riff === "RF64") && ascii(b, 8, 4) === "WAVE") return audio("audio/wav", "wav");
  return null;
}

// ── Subtitles ──────────────────────────────────────────────────────────────────────────

export type SubtitleCheck = { format: "vtt" | "srt"; cues: number } | { problem: "encoding" | "format" };
export type SrtCue = { start: string; end: string; lines: string[] };

/**
 * Whether a subtitle file is one we can publish: UTF-8 (a BOM is fine) WebVTT or SRT, with
 * its number of cues. "encoding" is for text in another encoding (Windows-1252, UTF-16),
 * which the uploader can fix by saving again as UTF-8; "format" for anything else.
 */
export function checkSubtitles(bytes: Uint8Array): SubtitleCheck {
  if (looksLikeUtf16(bytes)) return { problem: "encoding" };
  // NUL bytes: binary data, which may well be valid UTF-8 all the same.
  if (bytes.includes(0)) return { problem: "format" };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); // strips the BOM
  } catch {
    return { problem: "encoding" };
  }
  // Other control characters are binary too; a trailing Ctrl-Z is what old DOS editors wrote.
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x1a) end--;
  text = text.slice(0, end);
  // eslint-disable-next-line no-control-regex
  if (/[\u0001-\u0008\u000B\u000E-\u001F\u007F]/.test(text)) return { problem: "format" };
  const lines = splitLines(text);
  if (/^WEBVTT(?:[ \t]|$)/.test(lines[0] ?? "")) {
    const cues = countVttCues(lines);
    return cues === null ? { problem: "format" } : { format: "vtt", cues };
  }
  const srt = parseSrtLines(lines, true);
  return srt && srt.length > 0 ? { format: "srt", cues: srt.length } : { problem: "format" };
}

// UTF-16 has a BOM, or, for mostly-Latin text, a NUL in every other byte.
function looksLikeUtf16(b: Uint8Array): boolean {
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) return true;
  const n = Math.min(b.length, 512) & ~1;
  if (n < 8) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  return (odd > pairs * 0.4 && even < pairs * 0.05) || (even > pairs * 0.4 && odd < pairs * 0.05);
}

// (Replacing then splitting on one character is three times faster than a regex split.)
const splitLines = (text: string) => text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
const blank = (line: string) => line === "" || line.trim() === "";

// Long lines cannot be timings; checking length first keeps the regexes on short strings.
const MAX_TIMING_LINE = 256;
const VTT_TIME = "(?:(\\d{2,}):)?([0-5]\\d):([0-5]\\d)\\.(\\d{3})";
const VTT_TIMING = new RegExp(`^${VTT_TIME}[ \\t]+-->[ \\t]+${VTT_TIME}(?:[ \\t].*)?$`);
// SRT as found in the wild: one to three digits of hours, a comma (or a dot), and sometimes
// the old X1/Y1 position after the end time.
const SRT_TIME = "(\\d{1,3}):([0-5]\\d):([0-5]\\d)[,.](\\d{3})";
const SRT_TIMING = new RegExp(`^[ \\t]*${SRT_TIME}[ \\t]*-->[ \\t]*${SRT_TIME}(?:[ \\t].*)?$`);

const ms = (h: string | undefined, m: string, s: string, f: string) => ((Number(h ?? 0) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(f);

function timing(line: string, pattern: RegExp): { start: number; end: number } | null {
  if (line.length > MAX_TIMING_LINE) return null;
  const m = pattern.exec(line);
  if (!m) return null;
  const [, h1, m1 = "", s1 = "", f1 = "", h2, m2 = "", s2 = "", f2 = ""] = m;
  return { start: ms(h1, m1, s1, f1), end: ms(h2, m2, s2, f2) };
}

// A WebVTT file is blocks parted by blank lines; a block whose first or second line is a
// timing is a cue. A line with "-->" that is no timing, or a cue that ends before it
// starts, makes the file malformed (players would drop such a cue without a word).
function countVttCues(lines: string[]): number | null {
  let cues = 0;
  let i = 1;
  // The header block may run straight into the first cue (the parser allows it).
  while (i < lines.length && !blank(lines[i]!) && !lines[i]!.includes("-->")) i++;
  while (i < lines.length) {
    while (i < lines.length && blank(lines[i]!)) i++;
    if (i >= lines.length) break;
    const blockStart = i;
    while (i < lines.length && !blank(lines[i]!)) i++;
    const first = lines[blockStart]!;
    const second = blockStart + 1 < i ? lines[blockStart + 1]! : "";
    const timingLine = first.includes("-->") ? first : second.includes("-->") ? second : null;
    if (timingLine === null) continue; // NOTE, STYLE, REGION
    const t = timing(timingLine, VTT_TIMING);
    if (!t || t.end < t.start) return null;
    cues++;
  }
  return cues;
}

// SRT: a number, a timing, text lines. Forgiving as players are: the number may be missing,
// and a blank line inside the text does not end the cue. Strictly, the first block must be
// a cue and every timing must read; leniently (to convert), what does not read is skipped.
function parseSrtLines(lines: string[], strict: boolean): SrtCue[] | null {
  const cues: SrtCue[] = [];
  let current: SrtCue | null = null;
  let afterBlank = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (blank(line)) {
      afterBlank = true;
      continue;
    }
    let timingAt = -1;
    if (afterBlank || current === null) {
      if (line.length <= 20 && /^\s*\d+\s*$/.test(line) && i + 1 < lines.length && lines[i + 1]!.includes("-->")) timingAt = i + 1;
      else if (line.includes("-->")) timingAt = i;
    }
    afterBlank = false;
    if (timingAt >= 0) {
      i = timingAt;
      const timingLine = lines[timingAt]!;
      const t = timing(timingLine, SRT_TIMING);
      if (!t || t.end < t.start) {
        if (strict) return null;
        current = null;
        continue;
      }
      const [, h1 = "", m1 = "", s1 = "", f1 = "", h2 = "", m2 = "", s2 = "", f2 = ""] = SRT_TIMING.exec(timingLine)!;
      current = { start: `${h1.padStart(2, "0")}:${m1}:${s1}.${f1}`, end: `${h2.padStart(2, "0")}:${m2}:${s2}.${f2}`, lines: [] };
      cues.push(current);
      continue;
    }
    if (current !== null) current.lines.push(line);
    else if (strict) return null; // text before any cue: not SRT
    // (leniently, text with no cue of its own is dropped)
  }
  return cues;
}

/** The cues of an SRT text, with times as WebVTT writes them; null when it is not SRT. */
export function parseSrt(text: string): SrtCue[] | null {
  return parseSrtLines(splitLines(text), true);
}

/**
 * SRT to WebVTT, for the browser's <track>: a header, dots for commas in the times, no cue
 * numbers. Text stays as it is (<i>, <b> and <u> mean the same in both), except what
 * would end a WebVTT cue early: blank lines inside the text and a literal "-->".
 */
export function srtToVtt(text: string): string {
  const out = ["WEBVTT", ""];
  for (const cue of parseSrtLines(splitLines(text), false) ?? []) {
    out.push(`${cue.start} --> ${cue.end}`);
    for (const line of cue.lines) out.push(line.includes("-->") ? line.replaceAll("-->", "--&gt;") : line);
    out.push("");
  }
  return `${out.join("\n")}\n`;
}
