import { readFileSync } from "node:fs";
import path from "node:path";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseFountain } from "./fountain";
import { layoutScript } from "./layout";
import type { Element, Script } from "./model";
import { scriptPdf, winAnsi } from "./pdf";

const corpus = (name: string) => readFileSync(path.join(import.meta.dirname, "corpus", name), "utf8");
const veilleurs = () => parseFountain(corpus("les-veilleurs.fountain")).script;

type Text = { font: string; x: number; y: number; text: string };
type Parsed = { objects: Map<number, string>; pages: { mediaBox: number[]; content: string; texts: Text[] }[]; info: string; raw: string };

/** Reads our own PDF back: checks the xref, then gives pages, their text and boxes. */
function readPdf(bytes: Uint8Array): Parsed {
  const raw = Buffer.from(bytes).toString("latin1");
  expect(raw.startsWith("%PDF-1.4\n")).toBe(true);
  expect(raw.endsWith("%%EOF\n")).toBe(true);
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(raw)![1]);
  expect(raw.slice(startxref, startxref + 5)).toBe("xref\n");
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(raw.slice(startxref))!;
  expect(Number(first)).toBe(0);
  const size = Number(count);
  const trailer = raw.slice(raw.indexOf("trailer", startxref));
  expect(trailer).toContain(`/Size ${size}`);
  const table = raw.slice(startxref).split("\n").slice(2, 2 + size);
  expect(table[0]).toBe("0000000000 65535 f ");
  const objects = new Map<number, string>();
  for (let n = 1; n < size; n++) {
    const entry = table[n]!;
    expect(entry).toMatch(/^\d{10} 00000 n $/); // 20 bytes with the newline
    const offset = Number(entry.slice(0, 10));
    expect(raw.slice(offset, offset + `${n} 0 obj`.length)).toBe(`${n} 0 obj`);
    const end = raw.indexOf("endobj", offset);
    let body = raw.slice(offset, end);
    const length = /\/Length (\d+)/.exec(body);
    if (length) {
      // a stream: its bytes may hold anything, read exactly /Length of them
      const start = raw.indexOf("stream\n", offset) + "stream\n".length;
      const data = Buffer.from(raw.slice(start, start + Number(length[1])), "latin1");
      expect(raw.slice(start + data.length, start + data.length + 10)).toBe("\nendstream");
      body = body.slice(0, body.indexOf("stream\n")) + inflateSync(data).toString("latin1");
    }
    objects.set(n, body);
  }
  const root = Number(/\/Root (\d+) 0 R/.exec(trailer)![1]);
  const pagesRef = Number(/\/Pages (\d+) 0 R/.exec(objects.get(root)!)![1]);
  const kids = [.../\/Kids \[([^\]]*)\]/.exec(objects.get(pagesRef)!)![1]!.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  expect(objects.get(pagesRef)).toContain(`/Count ${kids.length}`);
  const pages = kids.map((k) => {
    const page = objects.get(k)!;
    const mediaBox = /\/MediaBox \[([^\]]*)\]/.exec(page)![1]!.split(" ").map(Number);
    const content = objects.get(Number(/\/Contents (\d+) 0 R/.exec(page)![1]))!;
    const texts = [...content.matchAll(/BT (\/F\d) 12 Tf ([\d.]+) ([\d.]+) Td \(((?:\\.|[^\\)])*)\) Tj ET/g)].map((m) => ({
      font: m[1]!,
      x: Number(m[2]),
      y: Number(m[3]),
      text: m[4]!.replace(/\\(.)/g, "$1"),
    }));
    return { mediaBox, content, texts };
  });
  const info = objects.get(Number(/\/Info (\d+) 0 R/.exec(trailer)![1]))!;
  return { objects, pages, info, raw };
}

/** The baseline of a row, counted from the bottom of the page. */
const y = (height: number, row: number) => Math.round((height - 72 - row * 12 - 9) * 100) / 100;
const at = (texts: Text[], text: string) => texts.filter((t) => t.text === text);

describe("the PDF file", () => {
  it("has a correct xref table, one page per layout page plus the title page, and the title in Info", () => {
    const script = veilleurs();
    const layout = layoutScript(script);
    const pdf = readPdf(scriptPdf(script));
    expect(pdf.pages).toHaveLength(layout.pages.length + 1);
    // the title page's Title, its lines joined, parentheses escaped
    expect(pdf.info).toContain("/Title (LES VEILLEURS \\(The Night Watchers\\))");
    const withTitle = readPdf(scriptPdf(script, { title: "Les Veilleurs" }));
    expect(withTitle.info).toContain("/Title (Les Veilleurs)");
    const french = readPdf(scriptPdf(script, { title: "Ça tourne" }));
    const hex = /\/Title <FEFF([0-9A-F]+)>/.exec(french.info)![1]!;
    expect(Buffer.from(hex, "hex").swap16().toString("utf16le")).toBe("Ça tourne");
    expect(Object.fromEntries([4, 5, 6, 7].map((n) => [n, /\/BaseFont \/(\S+)/.exec(pdf.objects.get(n)!)![1]]))).toEqual({ 4: "Courier", 5: "Courier-Bold", 6: "Courier-Oblique", 7: "Courier-BoldOblique" });
    for (const n of [4, 5, 6, 7]) expect(pdf.objects.get(n)).toContain("/Encoding /WinAnsiEncoding");
    expect(pdf.raw).toContain("/Filter /FlateDecode");
  });

  it("uses the paper's size: Letter 612×792, A4 595.28×841.89", () => {
    const script = veilleurs();
    expect(readPdf(scriptPdf(script)).pages[0]!.mediaBox).toEqual([0, 0, 612, 792]);
    expect(readPdf(scriptPdf(script, { paper: "a4" })).pages[0]!.mediaBox).toEqual([0, 0, 595.28, 841.89]);
  });

  it("prints each line at its column and row, and the title page first", () => {
    const script = veilleurs();
    const layout = layoutScript(script);
    const { pages } = readPdf(scriptPdf(script));
    const [title, one, two] = pages;
    expect(at(title!.texts, "LES VEILLEURS")).toEqual([{ font: "/F1", x: 38 * 7.2, y: y(792, 18), text: "LES VEILLEURS" }]);
    // every line of page 1 of the layout, where it should be
    for (const line of layout.pages[0]!.lines) {
      const text = line.runs[0]!.text;
      expect(at(one!.texts, winAnsi(text)).some((t) => Math.abs(t.x - line.column * 7.2) < 0.01 && t.y === y(792, line.row))).toBe(true);
    }
    expect(at(one!.texts, "EXT. RUE DES TANNEURS - NIGHT")[0]).toMatchObject({ x: 108, y: y(792, 2) });
    expect(at(one!.texts, "NOOR")[0]).toMatchObject({ x: 266.4 });
    // page numbers: "2." ending at 7.5", 0.5" from the top; none on page 1 nor on the title page
    expect(at(two!.texts, "2.")).toEqual([{ font: "/F1", x: 73 * 7.2, y: 792 - 36 - 9, text: "2." }]);
    expect(one!.texts.some((t) => /^\d+\.$/.test(t.text))).toBe(false);
    expect(title!.texts.some((t) => /^\d+\.$/.test(t.text))).toBe(false);
  });

  it("prints French accents in WinAnsi and replaces what it cannot encode with ?", () => {
    expect(winAnsi("Mercière — « œuvre » 5 €")).toBe("Merci\xe8re \x97 \xab \x9cuvre \xbb 5 \x80");
    expect(winAnsi("東京 🎬 e\u0301")).toBe("?? ? \xe9");
    const script: Script = { titlePage: [], elements: [{ type: "action", text: [{ text: "Rue Mercière, 東京" }] }] };
    const { pages } = readPdf(scriptPdf(script));
    expect(pages[0]!.texts.map((t) => t.text)).toEqual(["Rue Merci\xe8re, ??"]);
  });

  it("switches fonts for bold and italic and draws underlines as lines", () => {
    const script: Script = {
      titlePage: [],
      elements: [{ type: "action", text: [{ text: "a " }, { text: "bold", bold: true }, { text: " " }, { text: "it", italic: true }, { text: " " }, { text: "both", bold: true, italic: true }, { text: " " }, { text: "under", underline: true }] }],
    };
    const { pages } = readPdf(scriptPdf(script));
    const texts = pages[0]!.texts;
    expect(texts.map((t) => [t.font, t.text, Math.round(t.x / 7.2)])).toEqual([
      ["/F1", "a ", 15],
      ["/F2", "bold", 17],
      ["/F1", " ", 21],
      ["/F3", "it", 22],
      ["/F1", " ", 24],
      ["/F4", "both", 25],
      ["/F1", " ", 29],
      ["/F1", "under", 30],
    ]);
    const line = /([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S/.exec(pages[0]!.content)!.slice(1).map(Number);
    expect(line).toEqual([216, y(792, 0) - 1.2, 216 + 5 * 7.2, y(792, 0) - 1.2]);
  });

  it("marks revised lines with * in the right margin and names the revision on every page", () => {
    const script = veilleurs();
    const layout = layoutScript(script, { changed: new Set([4]) });
    const revisedRows = layout.pages[0]!.lines.filter((l) => l.revised).map((l) => l.row);
    expect(revisedRows).toEqual([4, 5]);
    const { pages } = readPdf(scriptPdf(script, { changed: new Set([4]), revision: { name: "Shooting script", colour: "Blue" } }));
    expect(at(pages[1]!.texts, "*").map((t) => [t.x, t.y])).toEqual(revisedRows.map((r) => [80 * 7.2, y(792, r)]));
    for (const page of pages) expect(at(page.texts, "Shooting script \x97 Blue revision")).toHaveLength(1);
    expect(pages.slice(2).every((p) => at(p.texts, "*").length === 0)).toBe(true);
    expect(readPdf(scriptPdf(script)).pages.every((p) => !p.texts.some((t) => t.text === "*" || t.text.includes("revision")))).toBe(true);
  });

  it("prints scene numbers in both margins when asked", () => {
    const script = veilleurs();
    const plain = readPdf(scriptPdf(script)).pages[1]!;
    expect(at(plain.texts, "1")).toEqual([]);
    const { pages } = readPdf(scriptPdf(script, { sceneNumbers: true }));
    expect(at(pages[1]!.texts, "1").map((t) => [t.x, t.y])).toEqual([
      [11 * 7.2, y(792, 2)],
      [76 * 7.2, y(792, 2)],
    ]);
  });

  it("writes a 120-page script well under 1.5 s", () => {
    const elements: Element[] = [];
    for (let s = 0; s < 400; s++) {
      elements.push({ type: "sceneHeading", text: [{ text: `INT. PLACE ${s} - DAY` }] });
      elements.push({ type: "action", text: [{ text: `Something happens in scene ${s}, slowly. `.repeat(4) }] });
      for (let k = 0; k < 5; k++) {
        elements.push({ type: "character", text: [{ text: ["NOOR", "BASILE", "ANA"][k % 3]! }] });
        elements.push({ type: "dialogue", text: [{ text: `Line ${k}, scène ${s}. `.repeat(1 + ((s + k) % 6)) }] });
      }
    }
    const script: Script = { titlePage: [{ key: "Title", value: "Long" }], elements };
    scriptPdf(script); // warm up
    const t = performance.now();
    const bytes = scriptPdf(script);
    const ms = performance.now() - t;
    const { pages } = readPdf(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(121);
    expect(ms).toBeLessThan(1500);
  });
});
