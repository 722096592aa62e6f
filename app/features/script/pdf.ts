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
import { codePointColumns, COLUMNS, layoutScript, type LayoutOptions, type Paper } from "./layout";
import { parseInline } from "./fountain";
import { hasRuns, printedText, type Run, type Script } from "./model";
import { baseFont, fontFor, isJapanese, type Choice, type Face } from "./pdf-fonts";

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

/** A piece of a run printed in one font, at one size, with one character spacing. */
type Piece = { choice: Choice; text: string; column: number; size: number; spacing: number };

/** A run cut where its font or its glyphs' spacing changes; columns from `column`. */
function pieces(text: string, face: Face, japanese: boolean, column: number): { pieces: Piece[]; columns: number } {
  if (/^[\x20-\x7e]*$/.test(text)) {
    // printable ASCII, nearly every run: all in the face's Courier Prime, one column each
    const choice = baseFont(face);
    return { pieces: [{ choice, text, column, size: SIZE, spacing: COL - choice.advance * SIZE }], columns: text.length };
  }
  const out: Piece[] = [];
  let col = column;
  let last: Piece | undefined;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const columns = codePointColumns(cp);
    let choice = fontFor(cp, face, japanese);
    let printed = ch;
    if (!choice) {
      choice = baseFont(face);
      printed = "?";
    }
    const size = columns === 2 ? WIDE_SIZE : SIZE;
    const spacing = columns * COL - choice.advance * size;
    if (last && last.choice.key === choice.key && last.size === size && Math.abs(last.spacing - spacing) < 1e-6) last.text += printed;
    else {
      last = { choice, text: printed, column: col, size, spacing };
      out.push(last);
    }
    col += columns;
  }
  return { pieces: out, columns: col - column };
}

/** What the writer needs of a PDFKit font: PDFKit's own text() costs about five times more
 *  for a page of short lines (a graphics state, a matrix and a measure per line), so the
 *  writer writes the text operators and asks PDFKit's font only for glyph ids, which also
 *  records the glyphs for the subset and the ToUnicode map. */
type KitFont = { id: string; encode(text: string): [string[], unknown]; ref(): unknown };

/** A page's text and lines, written as one content stream in the PDF's own coordinates. */
class PageWriter {
  private ops: string[] = [];
  private rules: string[] = [];
  private fonts = new Set<string>();
  private font = "";
  private size = 0;
  private spacing = NaN;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly registered: Set<string>,
    readonly words: Map<KitFont, Map<string, string>>,
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

  /** Text at a column and row (rows may be negative: above the top margin). */
  text(runs: readonly Run[], column: number, row: number, japanese: boolean) {
    const y = this.height - TOP - row * ROW - BASELINE;
    let col = column;
    for (const run of runs) {
      if (!run.text) continue;
      const cut = pieces(run.text, faceOf(run), japanese, col);
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
        const skew = piece.choice.oblique ? SKEW : "0";
        this.ops.push(`1 0 ${skew} 1 ${num(piece.column * COL)} ${num(y)} Tm <${this.glyphs(font, piece.text)}> Tj`);
      }
      if (run.underline) this.rules.push(`${num(col * COL)} ${num(y - 1.2)} m ${num((col + cut.columns) * COL)} ${num(y - 1.2)} l`);
      col += cut.columns;
    }
  }

  /** Writes the page's content: PDFKit draws from the top-left corner, flipped back here. */
  end() {
    let content = `q 1 0 0 -1 0 ${num(this.height)} cm\n`;
    if (this.ops.length) content += `BT\n${this.ops.join("\n")}\nET\n`;
    if (this.rules.length) content += `0.6 w\n${this.rules.join("\n")}\nS\n`;
    this.doc.addContent(content + "Q");
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

  const registered = new Set<string>();
  const words = new Map<KitFont, Map<string, string>>();
  const newPage = () => {
    doc.addPage({ size: [width, height], margin: 0 });
    const w = new PageWriter(doc, registered, words, height);
    if (header) w.text(header, COLUMNS.action, COLUMNS.pageNumberRow, headerJapanese);
    return w;
  };
  if (layout.titlePage) {
    const w = newPage();
    for (const line of layout.titlePage) w.text(line.runs, line.column, line.row, lineJapanese(line.runs));
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
      w.text(line.runs, line.column, line.row, line.element >= 0 ? elementJapanese(line.element) : lineJapanese(line.runs));
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
