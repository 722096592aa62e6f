import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkSubtitles, parseSrt, sniffMedia, srtToVtt } from "./sniff";

const bytes = (...parts: (string | number[] | Uint8Array)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : [...p])));
const utf8 = (s: string) => new TextEncoder().encode(s);
const b64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

// The first 48 bytes of files ffmpeg 5.1 wrote (1 s of test pattern and a 440 Hz tone).
const REAL_HEADS = {
  mp4: "AAAAIGZ0eXBpc29tAAACAGlzb21pc28yYXZjMW1wNDEAAAAIZnJlZQAAKsFtZGF0",
  m4v: "AAAAIGZ0eXBNNFYgAAACAE00ViBpc29taXNvMmF2YzEAAAAIZnJlZQAAB6RtZGF0",
  mov: "AAAAFGZ0eXBxdCAgAAACAHF0ICAAAAAId2lkZQAAB6RtZGF0AAACrQYF//+p3EXp",
  m4a: "AAAAHGZ0eXBNNEEgAAACAE00QSBpc29taXNvMgAAAAhmcmVlAAAjJW1kYXTeAgBM",
  webm: "GkXfo59ChoEBQveBAULygQRC84EIQoKEd2VibUKHgQRChYECGFOAZwEAAAAAADAD",
  mkv: "GkXfo6NChoEBQveBAULygQRC84EIQoKIbWF0cm9za2FCh4EEQoWBAhhTgGcBAAAA",
  ogv: "T2dnUwACAAAAAAAAAAAuI83wAAAAAD8Jfl0BKoB0aGVvcmEDAgEABAADAABAAAAw",
  ogg: "T2dnUwACAAAAAAAAAAAGbr5aAAAAACqKplgBHgF2b3JiaXMAAAAAAUSsAAAAAAAA",
  opus: "T2dnUwACAAAAAAAAAAAViRRlAAAAAMiY7cQBE09wdXNIZWFkAQE4AYC7AAAAAABP",
  mp3: "SUQzBAAAAAAAI1RTU0UAAAAPAAADTGF2ZjU5LjI3LjEwMAAAAAAAAAAAAAAA//tA",
  mp3NoTag: "//tQxAAACixDLlWUgAGBFWYjOtAAB6rDjjOF02TxocEIHFgfXh8YHEYEHonlsy5a",
  flac: "ZkxhQwAAACISABIAAALxAATzCsRA8AAArESbqV6FcSQ1XBEzDTJ+tmskBAAALg0A",
  wav: "UklGRs5YAQBXQVZFZm10IBAAAAABAAEARKwAAIhYAQACABAATElTVBoAAABJTkZP",
};

const video = (mimeType: string, extension: string) => ({ kind: "video", mimeType, extension });
const audio = (mimeType: string, extension: string) => ({ kind: "audio", mimeType, extension });

const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const ftyp = (major: string, ...compatible: string[]) => bytes(u32(16 + 4 * compatible.length), "ftyp", major, [0, 0, 2, 0], ...compatible);

// An Ogg page opening a stream, holding one packet.
const oggBos = (packet: Uint8Array, serial: number) =>
  bytes("OggS", [0, 0x02], new Array<number>(8).fill(0), u32(serial), u32(0), u32(0), [1, packet.length], packet);

// An MPEG-1 Layer III frame at 128 kbit/s, 44.1 kHz: 417 bytes.
const mp3Frame = () => bytes([0xff, 0xfb, 0x90, 0x00], new Array<number>(413).fill(0));

describe("sniffMedia", () => {
  it("recognises real files by their first bytes", () => {
    const expected = {
      mp4: video("video/mp4", "mp4"),
      m4v: video("video/mp4", "m4v"),
      mov: video("video/quicktime", "mov"),
      m4a: audio("audio/mp4", "m4a"),
      webm: video("video/webm", "webm"),
      mkv: video("video/x-matroska", "mkv"),
      ogv: video("video/ogg", "ogv"),
      ogg: audio("audio/ogg", "ogg"),
      opus: audio("audio/ogg", "opus"),
      mp3: audio("audio/mpeg", "mp3"),
      mp3NoTag: audio("audio/mpeg", "mp3"),
      flac: audio("audio/flac", "flac"),
      wav: audio("audio/wav", "wav"),
    };
    for (const [name, head] of Object.entries(REAL_HEADS)) {
      expect(sniffMedia(b64(head)), name).toEqual(expected[name as keyof typeof expected]);
    }
  });

  it("reads every MP4 brand we publish", () => {
    for (const brand of ["isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1"]) {
      expect(sniffMedia(ftyp(brand)), brand).toEqual(video("video/mp4", "mp4"));
    }
    expect(sniffMedia(ftyp("M4V "))).toEqual(video("video/mp4", "m4v"));
    expect(sniffMedia(ftyp("qt  "))).toEqual(video("video/quicktime", "mov"));
    expect(sniffMedia(ftyp("M4A "))).toEqual(audio("audio/mp4", "m4a"));
  });

  it("falls back on the compatible brands of an unknown major brand", () => {
    expect(sniffMedia(ftyp("dash", "iso6", "mp41"))).toEqual(video("video/mp4", "mp4"));
    expect(sniffMedia(ftyp("XAVC", "qt  "))).toEqual(video("video/quicktime", "mov"));
    expect(sniffMedia(ftyp("3gp4", "3gp4", "3gp5"))).toBeNull();
    expect(sniffMedia(ftyp("heic", "mif1", "heic"))).toBeNull(); // a photo, not a film
  });

  it("only reads compatible brands inside the ftyp box", () => {
    const box = ftyp("dash");
    expect(sniffMedia(bytes(box, "isom"))).toBeNull();
  });

  it("refuses a truncated or nonsensical ftyp", () => {
    expect(sniffMedia(bytes(u32(16), "ftyp"))).toBeNull();
    expect(sniffMedia(bytes(u32(8), "ftypisom"))).toBeNull();
    expect(sniffMedia(bytes(u32(16), "ftypis"))).toBeNull();
    expect(sniffMedia(bytes(u32(16), "moovisom"))).toBeNull();
  });

  it("reads the EBML DocType, wherever it stands in the header", () => {
    const header = (...elements: number[][]) => {
      const body = elements.flat();
      return bytes([0x1a, 0x45, 0xdf, 0xa3, 0x80 | body.length], body);
    };
    const docType = (name: string) => [0x42, 0x82, 0x80 | name.length, ...Buffer.from(name, "latin1")];
    const version = [0x42, 0x86, 0x81, 0x01];
    const voidElement = [0xec, 0x83, 0, 0, 0];
    expect(sniffMedia(header(version, docType("webm")))).toEqual(video("video/webm", "webm"));
    expect(sniffMedia(header(voidElement, docType("matroska")))).toEqual(video("video/x-matroska", "mkv"));
    expect(sniffMedia(header(docType("webm\0\0")))).toEqual(video("video/webm", "webm"));
    // A size written on more bytes than it needs is still the same size.
    expect(sniffMedia(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x40, 0x08, 0x42, 0x82, 0x40, 0x04], "webm"))).toEqual(video("video/webm", "webm"));
    expect(sniffMedia(header(docType("mkv3d")))).toBeNull();
    expect(sniffMedia(header(version))).toBeNull();
  });

  it("refuses a broken EBML header", () => {
    expect(sniffMedia(bytes([0x1a, 0x45, 0xdf, 0xa3]))).toBeNull();
    expect(sniffMedia(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x00]))).toBeNull(); // no length marker
    expect(sniffMedia(bytes([0x1a, 0x45, 0xdf, 0xa3, 0xff, 0x42, 0x82, 0x84], "webm"))).toBeNull(); // unknown size
    expect(sniffMedia(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x87, 0x42, 0x82, 0xff], "webm"))).toBeNull();
    expect(sniffMedia(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x87, 0x42, 0x82]))).toBeNull();
    // The DocType past the header's end does not count.
    expect(sniffMedia(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x84, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84], "webm"))).toBeNull();
  });

  it("tells an Ogg film from Ogg sound by a Theora header among the opening pages", () => {
    const theora = bytes([0x80], "theora", [3, 2, 1]);
    const vorbis = bytes([0x01], "vorbis", [0, 0, 0, 0]);
    const skeleton = bytes("fishead\0", new Array<number>(56).fill(0));
    expect(sniffMedia(oggBos(theora, 1))).toEqual(video("video/ogg", "ogv"));
    expect(sniffMedia(bytes(oggBos(skeleton, 1), oggBos(theora, 2), oggBos(vorbis, 3)))).toEqual(video("video/ogg", "ogv"));
    expect(sniffMedia(bytes(oggBos(vorbis, 1)))).toEqual(audio("audio/ogg", "ogg"));
    expect(sniffMedia(bytes(oggBos(bytes("OpusHead", [1, 2]), 1)))).toEqual(audio("audio/ogg", "opus"));
    expect(sniffMedia(bytes("OggS"))).toEqual(audio("audio/ogg", "ogg"));
  });

  it("looks for Theora only in the pages that open streams", () => {
    const theora = bytes([0x80], "theora", [3, 2, 1]);
    const vorbis = bytes([0x01], "vorbis", [0, 0, 0, 0]);
    const later = oggBos(theora, 2);
    later[5] = 0; // a continuation page
    expect(sniffMedia(bytes(oggBos(vorbis, 1), later))).toEqual(audio("audio/ogg", "ogg"));
  });

  it("reads FLAC, also behind an ID3 tag", () => {
    expect(sniffMedia(bytes("fLaC", [0, 0, 0, 0x22]))).toEqual(audio("audio/flac", "flac"));
    expect(sniffMedia(bytes("ID3", [3, 0, 0, 0, 0, 0, 4], "abcd", "fLaC"))).toEqual(audio("audio/flac", "flac"));
    // With a footer (flag 0x10) the tag is ten bytes longer.
    expect(sniffMedia(bytes("ID3", [4, 0, 0x10, 0, 0, 0, 0], new Array<number>(10).fill(0), "fLaC"))).toEqual(audio("audio/flac", "flac"));
  });

  it("reads MP3 by its ID3 tag", () => {
    expect(sniffMedia(bytes("ID3", [2, 0, 0, 0, 0, 1, 0]))).toEqual(audio("audio/mpeg", "mp3"));
    expect(sniffMedia(bytes("ID3", [3, 0, 0, 0, 0, 0, 0]))).toEqual(audio("audio/mpeg", "mp3"));
    // A tag larger than what we were given: the rest is surely MP3.
    expect(sniffMedia(bytes("ID3", [4, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f]))).toEqual(audio("audio/mpeg", "mp3"));
  });

  it("refuses an ID3 tag that breaks its own rules", () => {
    expect(sniffMedia(bytes("ID3", [5, 0, 0, 0, 0, 0, 0]))).toBeNull(); // version
    expect(sniffMedia(bytes("ID3", [1, 0, 0, 0, 0, 0, 0]))).toBeNull();
    expect(sniffMedia(bytes("ID3", [3, 0xff, 0, 0, 0, 0, 0]))).toBeNull(); // revision
    expect(sniffMedia(bytes("ID3", [3, 0, 0, 0x80, 0, 0, 0]))).toBeNull(); // size not syncsafe
    expect(sniffMedia(bytes("ID3", [3, 0, 0]))).toBeNull(); // truncated
  });

  it("reads MP3 from a Layer III frame header, checking the next one when in sight", () => {
    expect(sniffMedia(mp3Frame())).toEqual(audio("audio/mpeg", "mp3"));
    expect(sniffMedia(bytes(mp3Frame(), mp3Frame()))).toEqual(audio("audio/mpeg", "mp3"));
    expect(sniffMedia(bytes(mp3Frame(), [0, 0, 0, 0]))).toBeNull();
    // MPEG-2 (22.05 kHz, 64 kbit/s: 208 bytes) and MPEG-2.5 (11.025 kHz, 8 kbit/s: 52 bytes).
    const mpeg2 = bytes([0xff, 0xf3, 0x80, 0], new Array<number>(204).fill(0), [0xff, 0xf3, 0x80, 0]);
    expect(sniffMedia(mpeg2)).toEqual(audio("audio/mpeg", "mp3"));
    const mpeg25 = bytes([0xff, 0xe3, 0x10, 0], new Array<number>(48).fill(0), [0xff, 0xe3, 0x10, 0]);
    expect(sniffMedia(mpeg25)).toEqual(audio("audio/mpeg", "mp3"));
    expect(sniffMedia(bytes([0xff, 0xe3, 0x10, 0], new Array<number>(47).fill(0), [0xff, 0xe3, 0x10, 0], [0, 0]))).toBeNull();
    // A padded frame is one byte longer.
    expect(sniffMedia(bytes([0xff, 0xfb, 0x92, 0], new Array<number>(414).fill(0), [0xff, 0xfb, 0x90, 0]))).toEqual(audio("audio/mpeg", "mp3"));
    // A free bitrate does not say the frame's length: one header will do.
    expect(sniffMedia(bytes([0xff, 0xfb, 0x00, 0], new Array<number>(500).fill(1)))).toEqual(audio("audio/mpeg", "mp3"));
  });

  it("refuses frame headers that are not MPEG audio Layer III", () => {
    expect(sniffMedia(bytes([0xff, 0xf1, 0x50, 0x80]))).toBeNull(); // AAC in ADTS: layer bits 00
    expect(sniffMedia(bytes([0xff, 0xfd, 0x90, 0x00]))).toBeNull(); // Layer II
    expect(sniffMedia(bytes([0xff, 0xff, 0x90, 0x00]))).toBeNull(); // Layer I
    expect(sniffMedia(bytes([0xff, 0xeb, 0x90, 0x00]))).toBeNull(); // reserved version
    expect(sniffMedia(bytes([0xff, 0xfb, 0xf0, 0x00]))).toBeNull(); // bad bitrate
    expect(sniffMedia(bytes([0xff, 0xfb, 0x9c, 0x00]))).toBeNull(); // reserved sample rate
    expect(sniffMedia(bytes([0xff, 0xfb, 0x90]))).toBeNull(); // truncated
    expect(sniffMedia(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBeNull(); // JPEG
  });

  it("reads WAV, also in its 64-bit form", () => {
    expect(sniffMedia(bytes("RIFF", [0, 0, 0, 0], "WAVEfmt "))).toEqual(audio("audio/wav", "wav"));
    expect(sniffMedia(bytes("RF64", [0xff, 0xff, 0xff, 0xff], "WAVEds64"))).toEqual(audio("audio/wav", "wav"));
    expect(sniffMedia(bytes("RIFF", [0, 0, 0, 0], "AVI LIST"))).toBeNull();
    expect(sniffMedia(bytes("RIFF", [0, 0, 0, 0], "WEBPVP8 "))).toBeNull();
    expect(sniffMedia(bytes("RIFF", [0, 0, 0, 0], "WAV"))).toBeNull();
  });

  it("recognises nothing else", () => {
    expect(sniffMedia(new Uint8Array())).toBeNull();
    expect(sniffMedia(bytes([0x89], "PNG\r\n\x1a\n"))).toBeNull();
    expect(sniffMedia(bytes("%PDF-1.7\n"))).toBeNull();
    expect(sniffMedia(utf8("WEBVTT\n\n00:01.000 --> 00:02.000\nBonsoir.\n"))).toBeNull();
    expect(sniffMedia(bytes("PK", [3, 4]))).toBeNull();
    expect(sniffMedia(new Uint8Array(4096))).toBeNull();
  });

  it("works on a view into a larger buffer", () => {
    const big = bytes("garbage!", ftyp("isom"));
    expect(sniffMedia(big.subarray(8))).toEqual(video("video/mp4", "mp4"));
  });

  it("looks no further than the first 4 KiB", () => {
    // The FLAC behind this ID3 tag starts past 4 KiB: we cannot see it, and say MP3.
    const tag = bytes("ID3", [4, 0, 0, 0, 0, 0x20, 0x00]); // 4096 bytes of tag
    const file = bytes(tag, new Array<number>(4096).fill(0), "fLaC");
    expect(sniffMedia(file)).toEqual(audio("audio/mpeg", "mp3"));
    // Ogg pages past 4 KiB are not read either.
    const theora = bytes([0x80], "theora", [3, 2, 1]);
    const padding = bytes("fishead\0", new Array<number>(240).fill(0));
    const pages = bytes(...Array.from({ length: 20 }, (_, i) => oggBos(padding, i)), oggBos(theora, 99));
    expect(pages.length).toBeGreaterThan(4096);
    expect(sniffMedia(pages)).toEqual(audio("audio/ogg", "ogg"));
    expect(sniffMedia(pages.subarray(6 * 276))).toEqual(video("video/ogg", "ogv"));
  });

  it("never throws, whatever follows a magic number (property)", () => {
    const magic = fc.constantFrom(
      bytes(u32(24), "ftyp"),
      bytes([0x1a, 0x45, 0xdf, 0xa3]),
      bytes("OggS"),
      bytes("ID3"),
      bytes([0xff, 0xfb]),
      bytes("fLaC"),
      bytes("RIFF"),
      new Uint8Array(),
    );
    fc.assert(
      fc.property(magic, fc.uint8Array({ maxLength: 300 }), (prefix, rest) => {
        const answer = sniffMedia(bytes(prefix, rest));
        if (answer) expect(["video", "audio"]).toContain(answer.kind);
      }),
      { numRuns: 2000 },
    );
  });

  it("is quick on 10 MB of nonsense", () => {
    const noise = new Uint8Array(10 * 1024 * 1024);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    // An EBML header claiming 2^56 bytes, full of empty Void elements.
    const voids = new Uint8Array(10 * 1024 * 1024).fill(0xec);
    voids.set([0x1a, 0x45, 0xdf, 0xa3, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]);
    for (let i = 13; i < voids.length; i += 2) voids[i] = 0x80;
    const t = performance.now();
    expect(sniffMedia(noise)).toBeNull();
    expect(sniffMedia(voids)).toBeNull();
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

const SRT = `1
00:00:01,000 --> 00:00:02,500
Bonsoir, veilleurs.

2
00:00:03,000 --> 00:00:05,000
<i>La nuit tombe</i>
sur le phare.

3
00:01:00,000 --> 01:00:00,000
Fin.
`;

const VTT = `WEBVTT - Les Veilleurs

NOTE Relu par Ana, le 3 mai.

STYLE
::cue { color: yellow }

scene-1
00:00:01.000 --> 00:00:02.500 align:start position:10%
Bonsoir, veilleurs.

00:03.000 --> 00:05.000
<v Ana>La nuit tombe</v>

100:00:00.000 --> 100:00:01.000
Très tard.
`;

describe("checkSubtitles", () => {
  it("reads WebVTT and counts its cues, not its notes and styles", () => {
    expect(checkSubtitles(utf8(VTT))).toEqual({ format: "vtt", cues: 3 });
    expect(checkSubtitles(utf8("WEBVTT\n"))).toEqual({ format: "vtt", cues: 0 });
    expect(checkSubtitles(utf8("WEBVTT"))).toEqual({ format: "vtt", cues: 0 });
    expect(checkSubtitles(utf8("WEBVTT\tVF\n\n00:01.000 --> 00:02.000\nOui.\n"))).toEqual({ format: "vtt", cues: 1 });
  });

  it("reads a WebVTT header that runs straight into its first cue", () => {
    expect(checkSubtitles(utf8("WEBVTT\n00:01.000 --> 00:02.000\nOui.\n\n00:03.000 --> 00:04.000\nNon.\n"))).toEqual({ format: "vtt", cues: 2 });
  });

  it("reads SRT and counts its cues", () => {
    expect(checkSubtitles(utf8(SRT))).toEqual({ format: "srt", cues: 3 });
  });

  it("tolerates a BOM, CRLF, old Mac line ends, trailing blank lines and a DOS end-of-file mark", () => {
    const bom = [0xef, 0xbb, 0xbf];
    expect(checkSubtitles(bytes(bom, utf8(VTT)))).toEqual({ format: "vtt", cues: 3 });
    expect(checkSubtitles(bytes(bom, utf8(SRT)))).toEqual({ format: "srt", cues: 3 });
    expect(checkSubtitles(utf8(VTT.replaceAll("\n", "\r\n")))).toEqual({ format: "vtt", cues: 3 });
    expect(checkSubtitles(utf8(SRT.replaceAll("\n", "\r\n")))).toEqual({ format: "srt", cues: 3 });
    expect(checkSubtitles(utf8(SRT.replaceAll("\n", "\r")))).toEqual({ format: "srt", cues: 3 });
    expect(checkSubtitles(utf8(`${SRT}\n\n\r\n  \n\t\n`))).toEqual({ format: "srt", cues: 3 });
    expect(checkSubtitles(utf8(`${VTT}\r\n\r\n\r\n`))).toEqual({ format: "vtt", cues: 3 });
    expect(checkSubtitles(utf8(SRT.trimEnd()))).toEqual({ format: "srt", cues: 3 });
    expect(checkSubtitles(utf8(`${SRT}\u001a`))).toEqual({ format: "srt", cues: 3 });
    expect(checkSubtitles(utf8(`\n\n${SRT}`))).toEqual({ format: "srt", cues: 3 });
  });

  it("tolerates SRT as found in the wild", () => {
    // Missing numbers, a blank line inside a cue, one-digit hours, dots, positions.
    const wild = `00:00:01,000 --> 00:00:02,000
Sans numéro.

2
0:00:03,000-->0:00:04,000
Première ligne

seconde ligne, après un blanc.

3
00:00:05.000 --> 00:00:06.000 X1:100 X2:200 Y1:10 Y2:20
Positionné.
`;
    expect(checkSubtitles(utf8(wild))).toEqual({ format: "srt", cues: 3 });
    expect(parseSrt(wild)).toEqual([
      { start: "00:00:01.000", end: "00:00:02.000", lines: ["Sans numéro."] },
      { start: "00:00:03.000", end: "00:00:04.000", lines: ["Première ligne", "seconde ligne, après un blanc."] },
      { start: "00:00:05.000", end: "00:00:06.000", lines: ["Positionné."] },
    ]);
  });

  it("accepts a cue of no duration, and one with no text", () => {
    expect(checkSubtitles(utf8("1\n00:00:01,000 --> 00:00:01,000\n\n2\n00:00:02,000 --> 00:00:03,000\nOui\n"))).toEqual({ format: "srt", cues: 2 });
  });

  it("refuses malformed timings", () => {
    const broken = [
      "1\n00:00:01,000 -> 00:00:02,000\nNon.\n",
      "1\n00:00:01,000 --> 00:00:02\nNon.\n",
      "1\n00:00:61,000 --> 00:01:02,000\nNon.\n",
      "1\n00:00:02,000 --> 00:00:01,000\nÀ rebours.\n",
      "1\n00:00:01,000 --> 00:00:02,000\nOui.\n\n2\n00:00:0x,000 --> 00:00:04,000\nNon.\n",
      "WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nUne virgule.\n",
      "WEBVTT\n\n00:01.000-->00:02.000\nCollé.\n",
      "WEBVTT\n\n0:00:01.000 --> 0:00:02.000\nUne heure à un chiffre.\n",
      "WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nÀ rebours.\n",
      "WEBVTT\n\nid\n00:01.000 --> bientôt\nNon.\n",
      `WEBVTT\n\n00:01.000 --> 00:02.000 ${"x".repeat(300)}\nTrop long.\n`,
    ];
    for (const text of broken) expect(checkSubtitles(utf8(text)), text).toEqual({ problem: "format" });
  });

  it("refuses what is neither", () => {
    for (const text of ["", "\n\n", "Bonsoir.\n", "WEBVTTX\n\n00:01.000 --> 00:02.000\nNon.\n", "Titre\n\n1\n00:00:01,000 --> 00:00:02,000\nNon.\n", "<html></html>"]) {
      expect(checkSubtitles(utf8(text)), text).toEqual({ problem: "format" });
    }
  });

  it("asks for UTF-8 when the text is in another encoding", () => {
    const latin1 = Buffer.from("1\n00:00:01,000 --> 00:00:02,000\nDéjà l'été.\n", "latin1");
    expect(checkSubtitles(latin1)).toEqual({ problem: "encoding" });
    const utf16le = Buffer.from(SRT, "utf16le");
    expect(checkSubtitles(bytes([0xff, 0xfe], utf16le))).toEqual({ problem: "encoding" });
    expect(checkSubtitles(utf16le)).toEqual({ problem: "encoding" });
    const utf16be = Buffer.from(utf16le).swap16();
    expect(checkSubtitles(bytes([0xfe, 0xff], utf16be))).toEqual({ problem: "encoding" });
    expect(checkSubtitles(utf16be)).toEqual({ problem: "encoding" });
    // Overlong and surrogate encodings are not UTF-8 either.
    expect(checkSubtitles(bytes("WEBVTT\n", [0xc0, 0xaf]))).toEqual({ problem: "encoding" });
    expect(checkSubtitles(bytes("WEBVTT\n", [0xed, 0xa0, 0x80]))).toEqual({ problem: "encoding" });
  });

  it("refuses binary data", () => {
    expect(checkSubtitles(b64(REAL_HEADS.mp4))).toEqual({ problem: "format" });
    expect(checkSubtitles(bytes(utf8(SRT), [0]))).toEqual({ problem: "format" });
    expect(checkSubtitles(bytes(utf8("WEBVTT\n\n"), [1, 2, 3]))).toEqual({ problem: "format" });
    expect(checkSubtitles(bytes(utf8(SRT), [0x1b], "[31m"))).toEqual({ problem: "format" });
    expect(checkSubtitles(bytes([0x89], "PNG\r\n\x1a\n", [0, 0, 0, 13], "IHDR"))).toEqual({ problem: "format" });
  });

  it("never throws (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), fc.constantFrom("", "WEBVTT\n\n", "1\n00:00:01,000 --> 00:00:02,000\n"), (noise, prefix) => {
        const answer = checkSubtitles(bytes(utf8(prefix), noise));
        expect("format" in answer || "problem" in answer).toBe(true);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("0", "1", ":", ",", ".", "-", ">", " ", "\n", "\r", "a", "W", "E", "B", "V", "T") }), (text) => {
        checkSubtitles(utf8(text));
        srtToVtt(text);
      }),
      { numRuns: 2000 },
    );
  });

  it("is quick on 10 MB of nonsense", () => {
    const mb10 = 10 * 1024 * 1024;
    const noise = new Uint8Array(mb10);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const hostile = [
      noise,
      utf8("1".repeat(mb10)),
      utf8(" ".repeat(mb10) + "x"),
      utf8("\u001a".repeat(mb10) + "x"),
      utf8("1\n".repeat(mb10 / 2)),
      utf8("-->".repeat(mb10 / 3)),
      utf8("00:00:01,000 --> ".repeat(mb10 / 17)),
      utf8(`1\n00:00:01,000 --> 00:00:02,000\n${"a\n".repeat(mb10 / 2)}`),
      utf8(`WEBVTT\n\n${"00:01.000 --> 00:02.000\nOui.\n\n".repeat(mb10 / 32)}`),
      utf8(`WEBVTT\n${"a".repeat(mb10)}`),
      utf8("é".repeat(mb10 / 2)),
    ];
    for (const input of hostile) {
      const t = performance.now();
      checkSubtitles(input);
      srtToVtt(new TextDecoder().decode(input));
      // Linear work takes about a second here; a quadratic slip would take hours.
      expect(performance.now() - t).toBeLessThan(5000);
    }
  });
});

describe("srtToVtt", () => {
  it("writes a header, dots in the times, no cue numbers", () => {
    expect(srtToVtt(SRT)).toBe(`WEBVTT

00:00:01.000 --> 00:00:02.500
Bonsoir, veilleurs.

00:00:03.000 --> 00:00:05.000
<i>La nuit tombe</i>
sur le phare.

00:01:00.000 --> 01:00:00.000
Fin.

`);
  });

  it("converts CRLF, a BOM, one-digit hours and positions", () => {
    const srt = "\uFEFF1\r\n0:00:01,000 --> 0:00:02,000 X1:1 X2:2 Y1:3 Y2:4\r\nUn.\r\n\r\n";
    expect(srtToVtt(srt)).toBe("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nUn.\n\n");
  });

  it("keeps WebVTT cues whole: no blank line, no arrow inside the text", () => {
    const srt = "1\n00:00:01,000 --> 00:00:02,000\nAvant\n\nMilieu\nAprès --> la suite\n";
    expect(srtToVtt(srt)).toBe("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAvant\nMilieu\nAprès --&gt; la suite\n\n");
  });

  it("skips what does not read rather than failing", () => {
    const srt = "Titre\n\n1\n00:00:01,000 --> 00:00:0X,000\nPerdu.\n\n2\n00:00:03,000 --> 00:00:04,000\nGardé.\n";
    expect(srtToVtt(srt)).toBe("WEBVTT\n\n00:00:03.000 --> 00:00:04.000\nGardé.\n\n");
    expect(srtToVtt("")).toBe("WEBVTT\n\n");
    expect(srtToVtt("n'importe quoi")).toBe("WEBVTT\n\n");
  });

  it("gives WebVTT with as many cues as the SRT had (property)", () => {
    const time = fc.integer({ min: 0, max: 99 * 3600_000 });
    // eslint-disable-next-line no-control-regex
    const line = fc.string({ minLength: 1 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s) && s.trim() !== "");
    const text = fc.array(line, { minLength: 1, maxLength: 3 });
    const cue = fc.tuple(time, fc.nat({ max: 10_000 }), text);
    const clock = (ms: number) => {
      const pad = (n: number, w = 2) => String(n).padStart(w, "0");
      return `${pad(Math.floor(ms / 3600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)},${pad(ms % 1000, 3)}`;
    };
    fc.assert(
      fc.property(fc.array(cue, { minLength: 1, maxLength: 20 }), fc.constantFrom("\n", "\r\n"), (cues, eol) => {
        const srt = cues.map(([start, length, lines], i) => [String(i + 1), `${clock(start)} --> ${clock(start + length)}`, ...lines].join(eol)).join(eol + eol);
        expect(checkSubtitles(utf8(srt))).toEqual({ format: "srt", cues: cues.length });
        const vtt = srtToVtt(srt);
        expect(checkSubtitles(utf8(vtt))).toEqual({ format: "vtt", cues: cues.length });
        expect(srtToVtt(srt.replaceAll(",", "."))).toContain("WEBVTT");
      }),
    );
  });
});
