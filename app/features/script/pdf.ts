// The screenplay as a PDF, drawn with PDFKit over layoutScript. Fonts are embedded and
// subset (only the glyphs used), each character in the first font of the fallback order
// that has it (pdf-fonts.ts, decision 0030), so that every language prints and its text
// can be copied back out (PDFKit writes a ToUnicode map for each font).
//
// Geometry: 12 pt, 7.2 pt a column, 12 pt a row. A line's row r is the 12-pt band
// 72 + 12·r pt from the top of the page; its baseline sits 9 pt into the band (Courier's
// ascent, 7.5 pt, plus half of the leading), so that text stays inside the 1" margins.
// Every character starts at its own column, whatever its font's advance: the character
// spacing of each piece of text makes up the difference (Courier Prime's advance is
// 0.5996 em, a CJK ideograph's 1 em for two columns). Page numbers ("12.") end at 7.5" in
// the band 0.5" from the top, from page 2 on; the title page comes first and is not
// counted. A revision ("Shooting script — Blue revision") is printed at the left of that
// band on every page; revised lines get "*" in the right margin; scene numbers print in
// both margins when asked.

import PDFDocument from "pdfkit";
import { codePointColumns, COLUMNS, layoutScript, SPEAKERS, textColumns, type Line, type LayoutOptions, type Paper } from "./layout";
import { parseInline } from "./fountain";
import { hasRuns, printedText, type Run, type Script } from "./model";
import { baseFont, fontFor, isJapanese, type Choice, type Face } from "./pdf-fonts";
import { isRtl, visualRuns } from "./bidi";

export type PdfOptions = LayoutOptions & { title?: string; revision?: { name: string; colour: string; label?: string } };

const COL = 7.2;
const ROW = 12;
const TOP = 72;
const BASELINE = 9;
const SIZE = 12;
/** A wide (CJK) character fills two columns, 14.4 pt: its glyph, 1 em wide, is set at 1.1
 *  times the size with 1.2 pt between glyphs. At 12 pt the 2.4 pt gaps read as letter
 *  spacing, and text extraction (pdf.js puts a space in a gap over 0.102 em) would read
 *  "東 京"; at 14.4 pt the glyphs would fill their row to the next line's baseline. */
const WIDE_SIZE = 13.2;
/** How far an upright font standing in for italic is slanted: tan 12°. */
const SKEW = "0.2126";

/** Page size in points. */
export const PAGE_SIZE: Record<Paper, [number, number]> = {
  letter: [612, 792],
  a4: [595.28, 841.89],
};

function faceOf(run: Run): Face {
  return run.bold && run.italic ? "boldItalic" : run.bold ? "bold" : run.italic ? "italic" : "regular";
}

const num = (n: number) => String(Math.round(n * 10000) / 10000);

/** A piece of a run printed in one font, at one size, with one character spacing; a
 *  shaped piece (Arabic, Hebrew, Devanagari, Thai) is laid out whole by its font and fills
 *  its columns. */
type Piece = { choice: Choice; text: string; column: number; columns: number; size: number; spacing: number; scale?: number };

const DIGIT = /\p{Nd}/u;

/** A run cut where its font or its glyphs' spacing changes; columns from `column`. A run
 *  printed right to left has its pieces in right-to-left order from `column` on. */
function pieces(text: string, face: Face, japanese: boolean, column: number, rtl = false): { pieces: Piece[]; columns: number } {
  if (!rtl && /^[\x20-\x7e]*$/.test(text)) {
    // printable ASCII, nearly every run: all in the face's Courier Prime, one column each
    const choice = baseFont(face);
    return { pieces: [{ choice, text, column, columns: text.length, size: SIZE, spacing: COL - choice.advance * SIZE }], columns: text.length };
  }
  const out: Piece[] = [];
  let col = column;
  let last: Piece | undefined;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const columns = codePointColumns(cp);
    // a mark or joiner stays in the shaped piece it belongs to, whichever font has it
    if (last?.choice.shaped && columns === 0) {
      last.text += ch;
      continue;
    }
    let choice = fontFor(cp, face, japanese);
    let printed = ch;
    if (!choice) {
      choice = baseFont(face);
      printed = "?";
    }
    // digits are not shaped: the font's layout would take Arabic-Indic ones for Arabic
    // letters and turn a number around
    if (choice.shaped && DIGIT.test(ch)) choice = { ...choice, shaped: false };
    const size = columns === 2 ? WIDE_SIZE : SIZE;
    // A wide glyph narrower than 1 em (Hangul: 0.92) is widened to 1 em like the ideographs
    // (Tz): with the gap letter spacing alone would leave, copying would read "시 장".
    const scale = columns === 2 && !choice.shaped && choice.advance < 1 ? 100 / choice.advance : 100;
    // Tz scales the character spacing too: the advance and the spacing together fill the columns.
    const spacing = choice.shaped ? 0 : (columns * COL * 100) / scale - choice.advance * size;
    if (last && last.choice.key === choice.key && last.choice.shaped === choice.shaped && last.size === size && last.scale === scale && Math.abs(last.spacing - spacing) < 1e-6) {
      last.text += printed;
      last.columns += columns;
    } else {
      last = { choice, text: printed, column: col, columns, size, spacing, scale };
      out.push(last);
    }
    col += columns;
  }
  const total = col - column;
  if (rtl) {
    // the same pieces, drawn from the right: a shaped font's layout gives its glyphs from
    // left to right already, the others' characters are turned around here
    for (const piece of out) {
      piece.column = column + total - (piece.column - column) - piece.columns;
      if (!piece.choice.shaped) piece.text = [...piece.text].reverse().join("");
    }
    out.reverse();
  }
  return { pieces: out, columns: total };
}

/** What the writer needs of a PDFKit font: PDFKit's own text() costs about five times more
 *  for a page of short lines (a graphics state, a matrix and a measure per line), so the
 *  writer writes the text operators and asks PDFKit's font only for glyph ids, which also
 *  records the glyphs for the subset and the ToUnicode map. */
type KitFont = { id: string; encode(text: string): [string[], Position[]]; ref(): unknown };
/** A glyph's place from the font's layout (GPOS), in thousandths of an em; advanceWidth is
 *  the glyph's own advance, the one the PDF's widths give it. */
type Position = { xAdvance: number; xOffset: number; yOffset: number; advanceWidth: number };

/** A shaped piece as drawn: its horizontal scale (%) and its glyphs' TJ arrays, each at its rise. */
type Shaped = { scale: number; parts: [number, string][] };

/** A page's text and lines, written as one content stream in the PDF's own coordinates. */
class PageWriter {
  private ops: string[] = [];
  private rules: string[] = [];
  private fonts = new Set<string>();
  private font = "";
  private size = 0;
  private spacing = NaN;
  private scale = 100;
  private rise = 0;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly registered: Set<string>,
    readonly words: Map<KitFont, Map<string, string>>,
    readonly shapes: Map<KitFont, Map<string, Shaped>>,
    readonly height: number,
  ) {}

  /** The PDFKit font for a choice, registered with the document once. */
  private kitFont(choice: Choice): KitFont {
    if (!this.registered.has(choice.key)) {
      // a fontkit font is accepted as it is: parsed once for every PDF
      this.doc.registerFont(choice.key, choice.font as unknown as Buffer);
      this.registered.add(choice.key);
    }
    this.doc.font(choice.key);
    return (this.doc as unknown as { _font: KitFont })._font;
  }

  /** Glyph ids of text in hex, word by word: a script says the same words again and again,
   *  and PDFKit measures each word's glyphs afresh (the ids depend on the document's subset,
   *  so each document has its own cache). */
  private glyphs(font: KitFont, text: string): string {
    let words = this.words.get(font);
    if (!words) this.words.set(font, (words = new Map()));
    let out = "";
    for (const word of text.split(/(?<= )/)) {
      let hex = words.get(word);
      if (hex === undefined) words.set(word, (hex = font.encode(word)[0].join("")));
      out += hex;
    }
    return out;
  }

  /** Text at a column and row (rows may be negative: above the top margin), in a
   *  right-to-left paragraph or not. */
  text(runs: readonly Run[], column: number, row: number, japanese: boolean, rtl = false) {
    const y = this.height - TOP - row * ROW - BASELINE;
    let col = column;
    for (const { run, text, rtl: backwards } of visualRuns(runs, rtl)) {
      const cut = pieces(text, faceOf(run), japanese, col, backwards);
      for (const piece of cut.pieces) {
        const font = this.kitFont(piece.choice);
        if (!this.fonts.has(font.id)) {
          this.fonts.add(font.id);
          const page = this.doc.page as unknown as { fonts: Record<string, unknown> };
          page.fonts[font.id] ??= font.ref();
        }
        if (font.id !== this.font || piece.size !== this.size) {
          this.ops.push(`/${font.id} ${piece.size} Tf`);
          this.font = font.id;
          this.size = piece.size;
        }
        if (!(Math.abs(piece.spacing - this.spacing) < 1e-6)) {
          this.ops.push(`${num(piece.spacing)} Tc`);
          this.spacing = piece.spacing;
        }
        const shaped = piece.choice.shaped ? this.shaped(font, piece) : null;
        const scale = shaped?.scale ?? piece.scale ?? 100;
        if (scale !== this.scale) {
          this.ops.push(`${num(scale)} Tz`);
          this.scale = scale;
        }
        const skew = piece.choice.oblique ? SKEW : "0";
        const place = `1 0 ${skew} 1 ${num(piece.column * COL)} ${num(y)} Tm`;
        if (!shaped) this.ops.push(`${place} <${this.glyphs(font, piece.text)}> Tj`);
        else {
          this.ops.push(place);
          for (const [rise, array] of shaped.parts) {
            if (rise !== this.rise) {
              this.ops.push(`${num(rise)} Ts`);
              this.rise = rise;
            }
            this.ops.push(`[${array}] TJ`);
          }
          if (this.rise !== 0) {
            this.ops.push("0 Ts");
            this.rise = 0;
          }
        }
      }
      if (run.underline) this.rules.push(`${num(col * COL)} ${num(y - 1.2)} m ${num((col + cut.columns) * COL)} ${num(y - 1.2)} l`);
      col += cut.columns;
    }
  }

  /** A shaped piece as the font lays it out (glyphs left to right, joined, reordered and
   *  placed by GSUB and GPOS), its marks moved by their offsets, scaled horizontally to
   *  fill its columns: the grid holds, and no gap opens between joined letters. */
  private shaped(font: KitFont, piece: Piece): Shaped {
    // a script says the same words again and again: each document keeps its shaped pieces
    let known = this.shapes.get(font);
    if (!known) this.shapes.set(font, (known = new Map()));
    const key = `${piece.columns} ${piece.size} ${piece.text}`;
    let shaped = known.get(key);
    if (!shaped) known.set(key, (shaped = this.shape(font, piece)));
    return shaped;
  }

  private shape(font: KitFont, piece: Piece): Shaped {
    const [ids, positions] = font.encode(piece.text);
    const natural = positions.reduce((n, p) => n + p.xAdvance, 0);
    const scale = natural > 0 && piece.columns > 0 ? (piece.columns * COL * 100000) / (natural * piece.size) : 100;
    const parts: [number, string][] = [];
    let array = "";
    let rise = 0;
    ids.forEach((id, i) => {
      const p = positions[i]!;
      const glyphRise = (p.yOffset * piece.size) / 1000;
      if (glyphRise !== rise && array) {
        parts.push([rise, array]);
        array = "";
      }
      rise = glyphRise;
      // a TJ number moves the next glyph left by thousandths of an em
      if (p.xOffset) array += `${num(-p.xOffset)} `;
      array += `<${id}> `;
      const after = p.xOffset + p.advanceWidth - p.xAdvance;
      if (Math.abs(after) > 1e-3) array += `${num(after)} `;
    });
    if (array) parts.push([rise, array.trimEnd()]);
    return { scale, parts };
  }

  /** Writes the page's content: PDFKit draws from the top-left corner, flipped back here. */
  end() {
    let content = `q 1 0 0 -1 0 ${num(this.height)} cm\n`;
    if (this.ops.length) content += `BT\n${this.ops.join("\n")}\nET\n`;
    if (this.rules.length) content += `0.6 w\n${this.rules.join("\n")}\nS\n`;
    this.doc.addContent(content + "Q");
  }
}

/** Where a right-to-left line starts from: the right edge of its element's column, as the
 *  left edge is a left-to-right line's (decision 0030). Cues, centred text and transitions
 *  keep their places; null for them. */
function rightEdge(line: Line): number | null {
  const speaker = SPEAKERS[line.side ?? "single"];
  switch (line.kind) {
    case "sceneHeading":
    case "action":
      return COLUMNS.action + COLUMNS.actionWidth;
    case "lyrics":
      // lyrics in a speech are set as dialogue, alone as action
      return line.side || line.column === speaker.dialogue ? speaker.dialogue + speaker.dialogueWidth : COLUMNS.action + COLUMNS.actionWidth;
    case "dialogue":
      return speaker.dialogue + speaker.dialogueWidth;
    case "parenthetical":
      return speaker.paren + speaker.parenWidth;
    default:
      return null;
  }
}

function titleOf(script: Script, options: PdfOptions): string {
  if (options.title?.trim()) return options.title.trim();
  const field = script.titlePage.find((f) => f.key.trim().toLowerCase() === "title");
  const title = field ? printedText(parseInline(field.value)).replace(/\s+/g, " ").trim() : "";
  return title || "Screenplay";
}

export async function scriptPdf(script: Script, options: PdfOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
  const layout = layoutScript(script, options);
  const [width, height] = PAGE_SIZE[layout.paper];
  const header = options.revision ? [{ text: options.revision.label ?? `${options.revision.name} — ${options.revision.colour} revision` }] : null;
  const headerJapanese = header ? isJapanese(header[0]!.text) : false;

  const doc = new PDFDocument({
    autoFirstPage: false,
    pdfVersion: "1.4",
    compress: true,
    // no default font: only the fonts the text uses are in the file
    font: null as unknown as string,
    info: { Title: titleOf(script, options), Producer: "Claquette", Creator: "Claquette" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });

  // an element or title field is Japanese, or not, as a whole (pdf-fonts.ts)
  const japanese = new Map<number, boolean>();
  const elementJapanese = (index: number) => {
    let known = japanese.get(index);
    if (known === undefined) {
      const e = script.elements[index];
      known = !!e && hasRuns(e) && isJapanese(e.text.map((r) => r.text).join(""));
      japanese.set(index, known);
    }
    return known;
  };
  const lineJapanese = (runs: readonly Run[]) => isJapanese(runs.map((r) => r.text).join(""));
  // and right to left, or not, as a whole: its first strong character says (UAX #9)
  const rtl = new Map<number, boolean>();
  const elementRtl = (index: number) => {
    let known = rtl.get(index);
    if (known === undefined) {
      const e = script.elements[index];
      known = !!e && hasRuns(e) && isRtl(e.text.map((r) => r.text).join(""));
      rtl.set(index, known);
    }
    return known;
  };
  const lineRtl = (runs: readonly Run[]) => isRtl(runs.map((r) => r.text).join(""));

  const registered = new Set<string>();
  const words = new Map<KitFont, Map<string, string>>();
  const shapes = new Map<KitFont, Map<string, Shaped>>();
  const newPage = () => {
    doc.addPage({ size: [width, height], margin: 0 });
    const w = new PageWriter(doc, registered, words, shapes, height);
    if (header) w.text(header, COLUMNS.action, COLUMNS.pageNumberRow, headerJapanese);
    return w;
  };
  if (layout.titlePage) {
    const w = newPage();
    for (const line of layout.titlePage) w.text(line.runs, line.column, line.row, lineJapanese(line.runs), lineRtl(line.runs));
    w.end();
  }
  for (const page of layout.pages) {
    const w = newPage();
    if (page.showNumber) {
      const label = `${page.number}.`;
      w.text([{ text: label }], COLUMNS.right - label.length, COLUMNS.pageNumberRow, false);
    }
    const marked = new Set<number>();
    for (const line of page.lines) {
      const backwards = line.element >= 0 ? elementRtl(line.element) : lineRtl(line.runs);
      const end = backwards ? rightEdge(line) : null;
      const column = end === null ? line.column : end - textColumns(line.runs.map((r) => r.text).join(""));
      w.text(line.runs, column, line.row, line.element >= 0 ? elementJapanese(line.element) : lineJapanese(line.runs), backwards);
      if (line.sceneNumber) {
        w.text([{ text: line.sceneNumber }], Math.max(0, COLUMNS.sceneNumberLeftEnd - line.sceneNumber.length), line.row, false);
        w.text([{ text: line.sceneNumber }], COLUMNS.sceneNumberRight, line.row, false);
      }
      if (line.revised && !marked.has(line.row)) {
        marked.add(line.row); // one mark a row, dual dialogue included
        w.text([{ text: "*" }], COLUMNS.revisionMark, line.row, false);
      }
    }
    w.end();
  }

  doc.end();
  await done;
  const file = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    file.set(chunk, at);
    at += chunk.length;
  }
  return file;
}
