// The fonts the screenplay PDF embeds, and which one prints each character (decision 0030).
//
// All come from npm packages under the SIL Open Font License, so that `npm ci` brings them
// and nothing depends on the fonts of the machine:
// - Courier Prime (@expo-google-fonts/courier-prime): Courier's metrics, with real bold,
//   italic and bold italic. Latin, Latin-1, most of Latin Extended.
// - Noto Sans Mono (@fontsource/noto-sans-mono, one file per script): 0.6 em like Courier;
//   Greek, Cyrillic, the rest of Latin (Vietnamese). Regular and bold; italic is slanted.
//   Greek prints in it whole, though Courier Prime has a few Greek letters, so that a Greek
//   word is not set in two designs.
// - Noto Sans JP and Noto Sans SC (@expo-google-fonts/noto-sans-jp, -sc): Japanese and
//   Chinese, regular and bold. Both cover kana and the common ideographs but draw some
//   ideographs differently: an element with kana in it is Japanese, so JP comes first
//   there, SC first elsewhere.
// - Noto Sans Arabic, Hebrew, Devanagari and Thai (@fontsource/noto-sans-*, the file of
//   each one's own script): regular and bold, italic slanted. They come before the CJK
//   fonts, so that an Arabic script never loads those. Their scripts are shaped: a piece of
//   text in one of them goes through the font's layout whole (joining forms, conjuncts,
//   vowel signs), not character by character (pdf.ts).
// - Noto Sans KR (@expo-google-fonts/noto-sans-kr): Korean, regular and bold, after the
//   Japanese and Chinese fonts, so that it prints what they lack (Hangul) and ideographs
//   keep their Japanese or Chinese design. Hangul syllables come precomposed: no shaping.
// A character none of them has prints as "?".

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { create, type Font } from "fontkit";

export type Face = "regular" | "bold" | "italic" | "boldItalic";

export type Choice = {
  /** the name the PDF writer registers the font under, one per file */
  key: string;
  font: Font;
  /** an upright font standing in for italic: the writer slants it */
  oblique: boolean;
  /** the advance of the code point's glyph, in em */
  advance: number;
  /** a script whose glyphs depend on their neighbours: laid out by the piece, not the character */
  shaped: boolean;
};

const require = createRequire(import.meta.url);
const packageFile = (file: string) => require.resolve(file);
// @fontsource packages export only their CSS and licence: the font files sit beside them
const filesOf = (family: string) => path.join(path.dirname(require.resolve(`@fontsource/${family}/LICENSE`)), "files");
const fontsourceDir = filesOf("noto-sans-mono");

const COURIER: Record<Face, string> = {
  regular: "@expo-google-fonts/courier-prime/400Regular/CourierPrime_400Regular.ttf",
  bold: "@expo-google-fonts/courier-prime/700Bold/CourierPrime_700Bold.ttf",
  italic: "@expo-google-fonts/courier-prime/400Regular_Italic/CourierPrime_400Regular_Italic.ttf",
  boldItalic: "@expo-google-fonts/courier-prime/700Bold_Italic/CourierPrime_700Bold_Italic.ttf",
};
const MONO_SCRIPTS = ["latin", "latin-ext", "cyrillic", "cyrillic-ext", "greek", "greek-ext", "vietnamese"];
const CJK = {
  jp: (weight: 400 | 700) => `@expo-google-fonts/noto-sans-jp/${weight === 700 ? "700Bold/NotoSansJP_700Bold" : "400Regular/NotoSansJP_400Regular"}.ttf`,
  sc: (weight: 400 | 700) => `@expo-google-fonts/noto-sans-sc/${weight === 700 ? "700Bold/NotoSansSC_700Bold" : "400Regular/NotoSansSC_400Regular"}.ttf`,
  kr: (weight: 400 | 700) => `@expo-google-fonts/noto-sans-kr/${weight === 700 ? "700Bold/NotoSansKR_700Bold" : "400Regular/NotoSansKR_400Regular"}.ttf`,
};

/** Scripts that need shaping, each in its Noto Sans family's file for that script alone. */
const SHAPED = ["arabic", "hebrew", "devanagari", "thai"];

type Source = { key: string; file: () => string; oblique: boolean; shaped?: boolean; skip?: (cp: number) => boolean };

const isGreek = (cp: number) => (cp >= 0x370 && cp <= 0x3ff) || (cp >= 0x1f00 && cp <= 0x1fff);

function sources(face: Face, japanese: boolean): Source[] {
  const weight = face === "bold" || face === "boldItalic" ? 700 : 400;
  const slanted = face === "italic" || face === "boldItalic";
  const cjk = (japanese ? (["jp", "sc", "kr"] as const) : (["sc", "jp", "kr"] as const)).map((name) => ({ key: `${name}-${weight}`, file: () => packageFile(CJK[name](weight)), oblique: slanted }));
  return [
    { key: `courier-${face}`, file: () => packageFile(COURIER[face]), oblique: false, skip: isGreek },
    ...MONO_SCRIPTS.map((script) => ({ key: `mono-${script}-${weight}`, file: () => path.join(fontsourceDir, `noto-sans-mono-${script}-${weight}-normal.woff`), oblique: slanted })),
    ...SHAPED.map((script) => ({ key: `${script}-${weight}`, file: () => path.join(filesOf(`noto-sans-${script}`), `noto-sans-${script}-${script}-${weight}-normal.woff`), oblique: slanted, shaped: true })),
    ...cjk,
  ];
}

// Parsed once per process and shared by every PDF (the CJK fonts are 5–10 MB each): a
// script in Latin letters never loads them.
const loaded = new Map<string, Font>();
function load(source: Source): Font {
  let font = loaded.get(source.key);
  if (!font) {
    const parsed = create(readFileSync(source.file()));
    if (!("layout" in parsed)) throw new Error(`${source.key}: a font collection, not a font`);
    font = parsed;
    if (font.type === "WOFF") keepInflated(font);
    loaded.set(source.key, font);
  }
  return font;
}

/** fontkit inflates a WOFF table each time it reads it, and the subset reads the glyph
 *  table once a glyph: an Arabic or Cyrillic script spent most of its PDF's time there. The
 *  inflated tables are kept (fontkit's own _getTableStream, undocumented: pdf.test.ts reads
 *  the WOFF fonts' text back, so a change of it fails there). */
function keepInflated(font: Font) {
  type Stream = { buffer: Uint8Array; pos: number; constructor: new (buffer: Uint8Array) => Stream };
  const woff = font as unknown as { stream: Stream; _getTableStream(tag: string): Stream | null };
  const read = woff._getTableStream.bind(woff);
  const tables = new Map<string, Uint8Array>();
  woff._getTableStream = (tag) => {
    const known = tables.get(tag);
    if (known) return new woff.stream.constructor(known);
    const stream = read(tag);
    // an uncompressed table is read in place from the file's own stream
    if (stream && stream !== woff.stream) tables.set(tag, stream.buffer);
    return stream;
  };
}

const chosen = new Map<string, Choice | null>();

/** The font that prints code point cp in a face: the first of the fallback order that has it. */
export function fontFor(cp: number, face: Face, japanese: boolean): Choice | null {
  const cacheKey = `${face}${japanese ? "j" : ""}${cp}`;
  const known = chosen.get(cacheKey);
  if (known !== undefined) return known;
  let choice: Choice | null = null;
  for (const source of sources(face, japanese)) {
    if (source.skip?.(cp)) continue;
    const font = load(source);
    if (font.hasGlyphForCodePoint(cp)) {
      choice = { key: source.key, font, oblique: source.oblique, advance: font.glyphForCodePoint(cp).advanceWidth / font.unitsPerEm, shaped: !!source.shaped };
      break;
    }
  }
  chosen.set(cacheKey, choice);
  return choice;
}

/** The base font of a face, which prints "?" for what no font has. */
export function baseFont(face: Face): Choice {
  return fontFor(0x3f, face, false)!;
}

const KANA = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/;
/** Text with kana in it is Japanese: its ideographs print in Japanese forms. */
export const isJapanese = (text: string) => KANA.test(text);
