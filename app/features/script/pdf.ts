// The screenplay as a PDF 1.4 file, written by hand over layoutScript: no dependency, the
// base-14 Courier fonts (every reader has them, nothing embedded), WinAnsiEncoding so that
// French and most Western European text prints; anything else becomes "?".
//
// Geometry: 12 pt Courier, 7.2 pt a column, 12 pt a row. A line's row r is the 12-pt band
// 72 + 12·r pt from the top of the page; its baseline sits 9 pt into the band (Courier's
// ascent, 7.5 pt, plus half of the leading), so that text stays inside the 1" margins.
// Page numbers ("12.") end at 7.5" in the band 0.5" from the top, from page 2 on; the
// title page comes first and is not counted. A revision ("Shooting script — Blue
// revision") is printed at the left of that band on every page; revised lines get "*" in
// the right margin; scene numbers print in both margins when asked.

import { deflateSync } from "node:zlib";
import { COLUMNS, layoutScript, type LayoutOptions, type Paper } from "./layout";
import { parseInline } from "./fountain";
import { printedText, type Run, type Script } from "./model";

export type PdfOptions = LayoutOptions & { title?: string; revision?: { name: string; colour: string; label?: string } };

const COL = 7.2;
const ROW = 12;
const TOP = 72;
const BASELINE = 9;

/** Page size in points. */
export const PAGE_SIZE: Record<Paper, [number, number]> = {
  letter: [612, 792],
  a4: [595.28, 841.89],
};

// Unicode → WinAnsi (cp1252) for the 0x80–0x9F block; Latin-1 maps to itself.
const CP1252: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02c6: 0x88,
  0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93,
  0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98, 0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b,
  0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};

/** Text as WinAnsi bytes (one char per byte); characters it cannot encode become "?". */
export function winAnsi(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFC")) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c <= 0xff)) out += ch;
    else if (CP1252[c] !== undefined) out += String.fromCharCode(CP1252[c]);
    else out += "?";
  }
  return out;
}

/** A PDF literal string of WinAnsi bytes. */
function literal(bytes: string): string {
  return "(" + bytes.replace(/[\\()]/g, "\\$&") + ")";
}

const num = (n: number) => String(Math.round(n * 100) / 100);

function font(run: Run): string {
  return run.bold && run.italic ? "/F4" : run.bold ? "/F2" : run.italic ? "/F3" : "/F1";
}

class PageWriter {
  parts: string[] = [];
  constructor(readonly height: number) {}

  /** Text at a column and row (rows may be negative: above the top margin). */
  text(runs: readonly Run[], column: number, row: number) {
    const y = this.height - TOP - row * ROW - BASELINE;
    let col = column;
    for (const run of runs) {
      if (!run.text) continue;
      const x = col * COL;
      const bytes = winAnsi(run.text);
      this.parts.push(`BT ${font(run)} 12 Tf ${num(x)} ${num(y)} Td ${literal(bytes)} Tj ET`);
      if (run.underline) this.parts.push(`0.6 w ${num(x)} ${num(y - 1.2)} m ${num(x + bytes.length * COL)} ${num(y - 1.2)} l S`);
      col += bytes.length;
    }
  }

  content(): Buffer {
    return deflateSync(Buffer.from(this.parts.join("\n"), "latin1"));
  }
}

/** A title for the Info dictionary: a literal when ASCII, else UTF-16BE with its BOM. */
function infoString(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return literal(s);
  let hex = "FEFF";
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, "0").toUpperCase();
  return `<${hex}>`;
}

function titleOf(script: Script, options: PdfOptions): string {
  if (options.title?.trim()) return options.title.trim();
  const field = script.titlePage.find((f) => f.key.trim().toLowerCase() === "title");
  const title = field ? printedText(parseInline(field.value)).replace(/\s+/g, " ").trim() : "";
  return title || "Screenplay";
}

export function scriptPdf(script: Script, options: PdfOptions = {}): Uint8Array<ArrayBuffer> {
  const layout = layoutScript(script, options);
  const [width, height] = PAGE_SIZE[layout.paper];
  const header = options.revision ? [{ text: options.revision.label ?? `${options.revision.name} — ${options.revision.colour} revision` }] : null;

  const pages: PageWriter[] = [];
  if (layout.titlePage) {
    const w = new PageWriter(height);
    if (header) w.text(header, COLUMNS.action, COLUMNS.pageNumberRow);
    for (const line of layout.titlePage) w.text(line.runs, line.column, line.row);
    pages.push(w);
  }
  for (const page of layout.pages) {
    const w = new PageWriter(height);
    if (header) w.text(header, COLUMNS.action, COLUMNS.pageNumberRow);
    if (page.showNumber) {
      const label = `${page.number}.`;
      w.text([{ text: label }], COLUMNS.right - label.length, COLUMNS.pageNumberRow);
    }
    const marked = new Set<number>();
    for (const line of page.lines) {
      w.text(line.runs, line.column, line.row);
      if (line.sceneNumber) {
        w.text([{ text: line.sceneNumber }], Math.max(0, COLUMNS.sceneNumberLeftEnd - line.sceneNumber.length), line.row);
        w.text([{ text: line.sceneNumber }], COLUMNS.sceneNumberRight, line.row);
      }
      if (line.revised && !marked.has(line.row)) {
        marked.add(line.row); // one mark a row, dual dialogue included
        w.text([{ text: "*" }], COLUMNS.revisionMark, line.row);
      }
    }
    pages.push(w);
  }

  // Objects: 1 catalog, 2 page tree, 3 info, 4–7 fonts, then a page and its content each.
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const put = (b: Buffer | string) => {
    const buf = typeof b === "string" ? Buffer.from(b, "latin1") : b;
    chunks.push(buf);
    length += buf.length;
  };
  const object = (n: number, body: string, stream?: Buffer) => {
    offsets[n] = length;
    if (stream) {
      put(`${n} 0 obj\n<< ${body} /Length ${stream.length} >>\nstream\n`);
      put(stream);
      put("\nendstream\nendobj\n");
    } else put(`${n} 0 obj\n${body}\nendobj\n`);
  };

  put("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  const firstPage = 8;
  const kids = pages.map((_, i) => `${firstPage + 2 * i} 0 R`).join(" ");
  object(1, "<< /Type /Catalog /Pages 2 0 R >>");
  object(2, `<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  object(3, `<< /Title ${infoString(titleOf(script, options))} /Producer (Claquette) /Creator (Claquette) >>`);
  ["Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique"].forEach((name, i) => {
    object(4 + i, `<< /Type /Font /Subtype /Type1 /BaseFont /${name} /Encoding /WinAnsiEncoding >>`);
  });
  const mediaBox = `[0 0 ${num(width)} ${num(height)}]`;
  const resources = "<< /Font << /F1 4 0 R /F2 5 0 R /F3 6 0 R /F4 7 0 R >> >>";
  pages.forEach((w, i) => {
    const n = firstPage + 2 * i;
    object(n, `<< /Type /Page /Parent 2 0 R /MediaBox ${mediaBox} /Resources ${resources} /Contents ${n + 1} 0 R >>`);
    object(n + 1, "/Filter /FlateDecode", w.content());
  });

  const size = firstPage + 2 * pages.length;
  const xref = length;
  let table = `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let n = 1; n < size; n++) table += `${String(offsets[n]).padStart(10, "0")} 00000 n \n`;
  put(table);
  put(`trailer\n<< /Size ${size} /Root 1 0 R /Info 3 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const file = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    file.set(chunk, at);
    at += chunk.length;
  }
  return file;
}
