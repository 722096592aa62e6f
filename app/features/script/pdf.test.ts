import { readFileSync } from "node:fs";
import path from "node:path";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseFountain } from "./fountain";
import { getDocument, OPS } from "pdfjs-dist/legacy/build/pdf.mjs";
import { codePointColumns, layoutScript } from "./layout";
import type { Element, Script } from "./model";
import { scriptPdf } from "./pdf";

const corpus = (name: string) => readFileSync(path.join(import.meta.dirname, "corpus", name), "utf8");
const veilleurs = () => parseFountain(corpus("les-veilleurs.fountain")).script;

type Cell = { ch: string; font: string };
type Text = { font: string; x: number; y: number; size: number; text: string; rtl: boolean };
type Page = { mediaBox: number[]; texts: Text[]; rows: Map<number, Cell[]>; content: string };
type Parsed = { pages: Page[]; info: Record<string, unknown>; objects: Map<number, string>; raw: string };

const COL = 7.2;
const SHAPED_FONT = /^NotoSans(Arabic|Hebrew|Devanagari|Thai)-/;
const round = (n: number) => Math.round(n * 100) / 100;
/** "BZZZZZ+CourierPrime-Bold" → "CourierPrime-Bold" */
const baseName = (name: string) => name.replace(/^[A-Z]{6}\+/, "");

/**
 * Reads a PDF back as a reader does, with pdf.js: the text of each page, where it starts
 * and in which font. Each row (a baseline) is rebuilt as the typewriter grid shows it: a
 * cell per column, a wide character in two (the second empty). Also checks the file's
 * frame (header, xref, trailer) and gives its objects, streams inflated.
 */
async function readPdf(bytes: Uint8Array): Promise<Parsed> {
  const raw = Buffer.from(bytes).toString("latin1");
  expect(raw.startsWith("%PDF-1.4\n")).toBe(true);
  expect(raw.trimEnd().endsWith("%%EOF")).toBe(true);
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(raw)![1]);
  expect(raw.slice(startxref, startxref + 4)).toBe("xref");
  const size = Number(/\/Size (\d+)/.exec(raw.slice(startxref))![1]);
  const objects = new Map<number, string>();
  for (const m of raw.matchAll(/(?:^|\n)(\d+) 0 obj\n/g)) {
    const at = m.index + m[0].length;
    let body = raw.slice(at, raw.indexOf("\nendobj", at));
    const length = /\/Length (\d+)/.exec(body);
    if (length && body.includes("\nstream\n")) {
      const start = at + body.indexOf("\nstream\n") + "\nstream\n".length;
      const data = Buffer.from(raw.slice(start, start + Number(length[1])), "latin1");
      const inflated = body.includes("/FlateDecode") ? inflateSync(data).toString("latin1") : data.toString("latin1");
      body = body.slice(0, body.indexOf("\nstream\n")) + "\nstream\n" + inflated;
    }
    objects.set(Number(m[1]), body);
  }
  expect(objects.size).toBe(size - 1);

  const task = getDocument({ data: bytes.slice(), verbosity: 0, fontExtraProperties: true });
  const doc = await task.promise;
  const { info } = await doc.getMetadata();
  const pages: Page[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    await page.getOperatorList(); // loads the page's fonts, with their names
    const texts: Text[] = [];
    for (const item of content.items) {
      // a mark that a shaped glyph split off (an Arabic letter's dots) maps to no text: pdf.js
      // gives its code, a control character
      const str = "str" in item ? item.str.replace(/\p{Cc}/gu, "") : "";
      if (!("str" in item) || !str.trim()) continue;
      const font = baseName((page.commonObjs.get(item.fontName) as { name: string }).name);
      texts.push({ font, x: round(item.transform[4]), y: round(item.transform[5]), size: round(item.transform[0]), text: str, rtl: item.dir === "rtl" });
    }
    const rows = new Map<number, Cell[]>();
    for (const t of texts) {
      // a mark that a shaped script's font places on its letter (an Arabic letter's dots)
      // is drawn on its own, off the grid: it takes no cell
      if (SHAPED_FONT.test(t.font) && Math.abs(t.x / COL - Math.round(t.x / COL)) > 0.01) continue;
      // every piece of text starts on the grid of columns
      expect(Math.abs(t.x / COL - Math.round(t.x / COL)), `${t.text} at x ${t.x}`).toBeLessThan(0.01);
      const cells = rows.get(t.y) ?? [];
      rows.set(t.y, cells);
      let col = Math.round(t.x / COL);
      // pdf.js gives a right-to-left piece's text in reading order: the grid shows it as printed
      for (const ch of t.rtl ? [...t.text].reverse() : t.text) {
        cells[col] = { ch, font: t.font };
        if (codePointColumns(ch.codePointAt(0)!) === 2) cells[++col] = { ch: "", font: t.font };
        col++;
      }
    }
    pages.push({ mediaBox: page.view.map(round), texts, rows, content: contentOf(objects, n) });
  }
  await task.destroy();
  return { pages, info: info as Record<string, unknown>, objects, raw };
}

/** The inflated content stream of page n (1-based), through the page tree. */
function contentOf(objects: Map<number, string>, n: number): string {
  const catalog = [...objects.values()].find((b) => /\/Type \/Catalog/.test(b))!;
  const tree = objects.get(Number(/\/Pages (\d+) 0 R/.exec(catalog)![1]))!;
  const kids = [.../\/Kids \[([^\]]*)\]/.exec(tree)![1]!.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  const page = objects.get(kids[n - 1]!)!;
  const body = objects.get(Number(/\/Contents (\d+) 0 R/.exec(page)![1]))!;
  return body.slice(body.indexOf("\nstream\n") + "\nstream\n".length);
}

/** A row as printed: its characters from column 0, spaces where nothing is. */
function rowText(page: Page, y: number): string {
  const cells = page.rows.get(y) ?? [];
  return Array.from(cells, (c) => c?.ch ?? " ").join("").trimEnd();
}

/** Where a text is printed on a page: column and baseline of each row that shows it whole. */
function at(page: Page, text: string): { column: number; y: number }[] {
  const out: { column: number; y: number }[] = [];
  for (const y of page.rows.keys()) {
    const row = rowText(page, y);
    for (let i = row.indexOf(text); i >= 0; i = row.indexOf(text, i + 1)) {
      const before = row[i - 1];
      const after = row[i + text.length];
      if ((before === undefined || before === " ") && (after === undefined || after === " ")) out.push({ column: cellColumn(page, y, i), y });
    }
  }
  return out.sort((a, b) => b.y - a.y || a.column - b.column);
}

/** The column of the i-th character of a row's text (wide characters take two cells). */
function cellColumn(page: Page, y: number, i: number): number {
  const cells = page.rows.get(y) ?? [];
  let seen = 0;
  for (let col = 0; col < cells.length; col++) {
    if (cells[col]?.ch === "") continue;
    if (seen === i) return col;
    seen++;
  }
  return cells.length;
}

/** A glyph as drawn: its font, its code (the glyph id in the embedded subset: 0 is .notdef)
 *  and the text it stands for; in the order they are drawn, left to right within a piece. */
type Drawn = { font: string; code: number; text: string };

/** The glyphs page n (1-based) draws, in drawing order, from pdf.js's operator list. */
async function drawnGlyphs(bytes: Uint8Array, n = 1): Promise<Drawn[]> {
  const task = getDocument({ data: bytes.slice(), verbosity: 0, fontExtraProperties: true });
  const page = await (await task.promise).getPage(n);
  const ops = await page.getOperatorList();
  const out: Drawn[] = [];
  let font = "";
  ops.fnArray.forEach((fn, i) => {
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.setFont) font = baseName((page.commonObjs.get(args[0] as string) as { name: string }).name);
    if (fn === OPS.showText)
      for (const g of args[0] as unknown[]) if (typeof g === "object" && g) out.push({ font, code: (g as { originalCharCode: number }).originalCharCode, text: (g as { unicode: string }).unicode });
  });
  await task.destroy();
  return out;
}

/** The baseline of a row, counted from the bottom of the page. */
const y = (height: number, row: number) => round(height - 72 - row * 12 - 9);

/** The embedded fonts: base name, the font file's stream and what the dictionaries say. */
function fontsOf(objects: Map<number, string>) {
  const ref = (body: string, key: string) => objects.get(Number(new RegExp(`/${key} (\\d+) 0 R`).exec(body)?.[1]))!;
  return [...objects.values()]
    .filter((b) => /\/Type \/Font\b/.test(b) && /\/Subtype \/Type0/.test(b))
    .map((type0) => {
      const descendant = objects.get(Number(/\/DescendantFonts \[(\d+) 0 R\]/.exec(type0)![1]))!;
      const descriptor = ref(descendant, "FontDescriptor");
      const file = ref(descriptor, "FontFile2") ?? ref(descriptor, "FontFile3");
      return {
        baseFont: /\/BaseFont \/(\S+)/.exec(type0)![1]!,
        encoding: /\/Encoding \/(\S+)/.exec(type0)![1]!,
        toUnicode: ref(type0, "ToUnicode"),
        fontFile: file,
        fontFileBytes: file ? file.length - file.indexOf("\nstream\n") - "\nstream\n".length : 0,
      };
    });
}

describe("the PDF file", () => {
  it("has a correct xref table, one page per layout page plus the title page, and the title in Info", async () => {
    const script = veilleurs();
    const layout = layoutScript(script);
    const pdf = await readPdf(await scriptPdf(script));
    expect(pdf.pages).toHaveLength(layout.pages.length + 1);
    // the title page's Title, its lines joined
    expect(pdf.info.Title).toBe("LES VEILLEURS (The Night Watchers)");
    expect((await readPdf(await scriptPdf(script, { title: "Les Veilleurs" }))).info.Title).toBe("Les Veilleurs");
    expect((await readPdf(await scriptPdf(script, { title: "Ça tourne" }))).info.Title).toBe("Ça tourne");
    expect(pdf.info.Producer).toBe("Claquette");
    // Courier Prime, embedded as a subset; nothing left to the reader's own fonts
    const fonts = fontsOf(pdf.objects);
    expect(fonts.map((f) => baseName(f.baseFont))).toEqual(expect.arrayContaining(["CourierPrime-Regular"]));
    expect(pdf.raw).not.toMatch(/\/Subtype \/Type1\b/);
    expect(pdf.raw).toContain("/Filter /FlateDecode");
  });

  it("uses the paper's size: Letter 612×792, A4 595.28×841.89", async () => {
    const script = veilleurs();
    expect((await readPdf(await scriptPdf(script))).pages[0]!.mediaBox).toEqual([0, 0, 612, 792]);
    expect((await readPdf(await scriptPdf(script, { paper: "a4" }))).pages[0]!.mediaBox).toEqual([0, 0, 595.28, 841.89]);
  });

  it("prints each line at its column and row, and the title page first", async () => {
    const script = veilleurs();
    const layout = layoutScript(script);
    const { pages } = await readPdf(await scriptPdf(script));
    const [title, one, two] = pages;
    expect(at(title!, "LES VEILLEURS")).toEqual([{ column: 38, y: y(792, 18) }]);
    expect(title!.rows.get(y(792, 18))![38]!.font).toBe("CourierPrime-Regular");
    // every line of page 1 of the layout, where it should be
    for (const line of layout.pages[0]!.lines) {
      const text = line.runs.map((r) => r.text).join("");
      expect(at(one!, text), text).toContainEqual({ column: line.column, y: y(792, line.row) });
    }
    expect(at(one!, "EXT. RUE DES TANNEURS - NIGHT")[0]).toEqual({ column: 15, y: y(792, 2) });
    expect(at(one!, "NOOR").some((p) => p.column === 37)).toBe(true);
    expect(one!.texts.some((t) => t.text === "NOOR" && t.x === 266.4)).toBe(true);
    // page numbers: "2." ending at 7.5", 0.5" from the top; none on page 1 nor on the title page
    expect(at(two!, "2.")).toEqual([{ column: 73, y: 792 - 36 - 9 }]);
    expect(one!.texts.some((t) => /^\d+\.$/.test(t.text) && t.y === 792 - 36 - 9)).toBe(false);
    expect(title!.texts.some((t) => /^\d+\.$/.test(t.text))).toBe(false);
  });

  it("prints every language: English, French, Russian, Greek, Japanese and Chinese come back out whole, in embedded subsets", async () => {
    const lines = {
      english: "Noor runs through the empty market.",
      french: "Rue Mercière, l'œuvre « à côté » coûte 5 € — déjà vu.",
      russian: "Москва не сразу строилась, сказала она.",
      greek: "Καλημέρα, κόσμε· ἡ νύχτα τελειώνει.",
      japanese: "東京の夜は静かだった。誰も名前を知らない。",
      chinese: "我们今天晚上见面，这是真的。",
    };
    const script: Script = {
      titlePage: [],
      elements: [
        { type: "sceneHeading", text: [{ text: "INT. МАРКЕТ / 市場 - NIGHT" }] },
        ...Object.values(lines).map((text): Element => ({ type: "action", text: [{ text }] })),
        { type: "character", text: [{ text: "ノール" }] },
        { type: "dialogue", text: [{ text: "ありがとう。" }] },
      ],
    };
    const layout = layoutScript(script);
    const pdf = await readPdf(await scriptPdf(script));
    const page = pdf.pages[0]!;
    const printed = [...page.rows.keys()].map((row) => rowText(page, row).trim());
    expect(printed).toEqual(expect.arrayContaining([...Object.values(lines), "INT. МАРКЕТ / 市場 - NIGHT", "ノール", "ありがとう。"]));
    expect(printed.join("\n")).not.toContain("?");
    // at the layout's columns: the Japanese line too, two columns a character
    for (const line of layout.pages[0]!.lines) {
      const text = line.runs.map((r) => r.text).join("");
      expect(at(page, text), text).toContainEqual({ column: line.column, y: y(792, line.row) });
    }
    const fontAt = (text: string, i = 0) => {
      const [place] = at(page, text);
      return page.rows.get(place!.y)![place!.column + i]!.font;
    };
    expect(fontAt(lines.english)).toBe("CourierPrime-Regular");
    expect(fontAt(lines.french, 9)).toBe("CourierPrime-Regular"); // è
    expect(fontAt(lines.russian)).toBe("NotoSansMono-Regular");
    expect(fontAt(lines.greek)).toBe("NotoSansMono-Regular");
    expect(fontAt(lines.japanese)).toBe("NotoSansJP-Regular"); // kana in the line: Japanese forms
    expect(fontAt(lines.chinese)).toBe("NotoSansSC-Regular");
    // every font embedded, as a subset with its ToUnicode map: Courier Prime, Noto Sans Mono
    // (Cyrillic, Greek), Noto Sans JP and SC; the CJK files are 5 and 10 MB whole
    const fonts = fontsOf(pdf.objects);
    expect(new Set(fonts.map((f) => baseName(f.baseFont)))).toEqual(new Set(["CourierPrime-Regular", "NotoSansMono-Regular", "NotoSansJP-Regular", "NotoSansSC-Regular"]));
    for (const font of fonts) {
      expect(font.baseFont).toMatch(/^[A-Z]{6}\+/);
      expect(font.encoding).toBe("Identity-H");
      expect(font.toUnicode).toContain("begincmap");
      expect(font.fontFile).toBeDefined();
      expect(font.fontFileBytes).toBeGreaterThan(0);
      expect(font.fontFileBytes).toBeLessThan(100_000);
    }
  });

  it("prints Korean: Hangul in Noto Sans KR, whole, at the layout's columns, while ideographs keep their Chinese design", async () => {
    const lines = { action: "서울의 밤은 조용했다. 아무도 이름을 몰랐다.", mixed: "市場 앞에서 만나요." };
    const script: Script = {
      titlePage: [],
      elements: [
        { type: "sceneHeading", text: [{ text: "INT. 시장 - NIGHT" }] },
        { type: "action", text: [{ text: lines.action }] },
        { type: "character", text: [{ text: "누르" }] },
        { type: "dialogue", text: [{ text: lines.mixed }] },
      ],
    };
    const layout = layoutScript(script);
    const page = (await readPdf(await scriptPdf(script))).pages[0]!;
    const printed = [...page.rows.keys()].map((row) => rowText(page, row).trim());
    expect(printed).toEqual(expect.arrayContaining(["INT. 시장 - NIGHT", lines.action, "누르", lines.mixed]));
    expect(printed.join("\n")).not.toContain("?");
    for (const line of layout.pages[0]!.lines) {
      const text = line.runs.map((r) => r.text).join("");
      expect(at(page, text), text).toContainEqual({ column: line.column, y: y(792, line.row) });
    }
    const fontAt = (text: string, i = 0) => {
      const [place] = at(page, text);
      return page.rows.get(place!.y)![place!.column + i]!.font;
    };
    expect(fontAt(lines.action)).toBe("NotoSansKR-Regular");
    expect(fontAt(lines.mixed)).toBe("NotoSansSC-Regular"); // 市
    expect(fontAt(lines.mixed, 6)).toBe("NotoSansKR-Regular"); // 에, after two ideographs of two columns each and a space
  });

  it("prints Hebrew in its font from the right edge of its column, right to left, its Latin words and numbers left to right", async () => {
    const script: Script = {
      titlePage: [],
      elements: [
        { type: "action", text: [{ text: "שלום עולם" }] },
        { type: "character", text: [{ text: "נור" }] },
        { type: "parenthetical", text: [{ text: "(בשקט)" }] },
        { type: "dialogue", text: [{ text: "אני בן 42 ויש לי " }, { text: "BMW", bold: true }, { text: "." }] },
        { type: "action", text: [{ text: "Noor says שלום twice." }] },
      ],
    };
    const bytes = await scriptPdf(script);
    const page = (await readPdf(bytes)).pages[0]!;
    const rows = [...page.rows.keys()].map((row) => rowText(page, row));
    // as printed, left to right: the words from the right, each read from the right; the
    // action ends at the right margin (col 75), the dialogue at its column's end (col 60),
    // the parenthetical at its own (col 56), its brackets mirrored; the cue keeps its place
    expect(rows).toContain(" ".repeat(66) + "םלוע םולש");
    expect(rows).toContain(" ".repeat(37) + "רונ");
    expect(rows).toContain(" ".repeat(50) + "(טקשב)");
    expect(rows).toContain(" ".repeat(39) + ".BMW יל שיו 42 ןב ינא");
    // a left-to-right line with a Hebrew word keeps its left edge and its order
    expect(rows).toContain(" ".repeat(15) + "Noor says םולש twice.");
    const fontOf = (row: string, ch: string) => page.rows.get([...page.rows.keys()].find((r) => rowText(page, r) === row)!)![row.indexOf(ch)]!.font;
    expect(fontOf(" ".repeat(66) + "םלוע םולש", "ם")).toBe("NotoSansHebrew-Regular");
    expect(fontOf(" ".repeat(39) + ".BMW יל שיו 42 ןב ינא", "B")).toBe("CourierPrime-Bold");
    const glyphs = await drawnGlyphs(bytes);
    expect(glyphs.filter((g) => /[\u0590-\u05ff]/.test(g.text)).every((g) => g.font === "NotoSansHebrew-Regular" && g.code !== 0)).toBe(true);
  });

  it("prints Arabic in its font, its letters joined, from the right", async () => {
    const script: Script = {
      titlePage: [],
      elements: [
        { type: "action", text: [{ text: "ببب ب" }] },
        { type: "action", text: [{ text: "سلام عليكم" }] },
      ],
    };
    const bytes = await scriptPdf(script);
    const page = (await readPdf(bytes)).pages[0]!;
    const rows = [...page.rows.keys()].map((row) => rowText(page, row));
    expect(rows).toContain(" ".repeat(65) + "مكيلع مالس");
    const glyphs = await drawnGlyphs(bytes);
    expect(glyphs.filter((g) => /[\u0600-\u06ff]/.test(g.text)).every((g) => g.font === "NotoSansArabic-Regular" && g.code !== 0)).toBe(true);
    // "ببب ب", drawn from the left: the lone beh, then final, medial and initial forms (the
    // beh's dot below is a glyph of its own): four shapes of one letter
    const beh = glyphs.filter((g) => g.text === "ب").map((g) => g.code);
    expect(beh).toHaveLength(4);
    expect(new Set(beh).size).toBe(4);
  });

  it("prints Devanagari and Thai in their fonts, shaped: conjuncts as one glyph, a vowel sign before its consonant", async () => {
    const script: Script = {
      titlePage: [],
      elements: [
        { type: "action", text: [{ text: "किताब क्षमा" }] },
        { type: "action", text: [{ text: "สวัสดีครับ" }] },
      ],
    };
    const bytes = await scriptPdf(script);
    const page = (await readPdf(bytes)).pages[0]!;
    // on the grid: the second word starts where its columns say (a vowel sign takes one)
    const deva = page.texts.filter((t) => t.font === "NotoSansDevanagari-Regular");
    expect(deva.map((t) => t.x)).toEqual([round(15 * COL), round(21 * COL)]);
    expect(page.texts.some((t) => t.font === "NotoSansThai-Regular" && t.x === 15 * COL)).toBe(true);
    const glyphs = await drawnGlyphs(bytes);
    expect(glyphs.every((g) => g.code !== 0 && g.text !== "?")).toBe(true);
    const devanagari = glyphs.filter((g) => g.font === "NotoSansDevanagari-Regular").map((g) => g.text);
    // "कि" is drawn vowel sign first; "क्ष" is one glyph
    expect(devanagari.slice(0, 2)).toEqual(["\u093f", "क"]);
    expect(devanagari).toContain("क्ष");
    expect(glyphs.filter((g) => g.font === "NotoSansThai-Regular").map((g) => g.text).join("")).toBe("สวัสดีครับ");
  });

  it("prints ? for a character no font has, in the columns it takes", async () => {
    const script: Script = { titlePage: [], elements: [{ type: "action", text: [{ text: "Clap 🎬 and e\u0301" }] }] };
    const { pages } = await readPdf(await scriptPdf(script));
    expect(rowText(pages[0]!, y(792, 0))).toBe(" ".repeat(15) + "Clap ?  and é");
  });

  it("switches fonts for bold and italic and draws underlines as lines", async () => {
    const script: Script = {
      titlePage: [],
      elements: [{ type: "action", text: [{ text: "a " }, { text: "bold", bold: true }, { text: " " }, { text: "it", italic: true }, { text: " " }, { text: "both", bold: true, italic: true }, { text: " " }, { text: "under", underline: true }] }],
    };
    const { pages } = await readPdf(await scriptPdf(script));
    const cells = pages[0]!.rows.get(y(792, 0))!;
    const runs: [string, string, number][] = [];
    cells.forEach((cell, col) => {
      if (!cell || cell.ch === " ") return;
      const last = runs[runs.length - 1];
      if (last && last[0] === cell.font && last[2] + last[1].length === col) last[1] += cell.ch;
      else runs.push([cell.font, cell.ch, col]);
    });
    expect(runs).toEqual([
      ["CourierPrime-Regular", "a", 15],
      ["CourierPrime-Bold", "bold", 17],
      ["CourierPrime-Italic", "it", 22],
      ["CourierPrime-BoldItalic", "both", 25],
      ["CourierPrime-Regular", "under", 30],
    ]);
    // PDFKit starts a page by flipping y (its origin is the top-left corner); the writer
    // flips it back, so the line is in the PDF's own coordinates
    const { content } = pages[0]!;
    expect(content.startsWith("1 0 0 -1 0 792 cm\nq 1 0 0 -1 0 792 cm\n")).toBe(true);
    const line = /0\.6 w\n([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l\nS/.exec(content)!.slice(1).map(Number);
    expect(line).toEqual([216, y(792, 0) - 1.2, 216 + 5 * 7.2, y(792, 0) - 1.2]);
  });

  it("marks revised lines with * in the right margin and names the revision on every page", async () => {
    const script = veilleurs();
    const layout = layoutScript(script, { changed: new Set([4]) });
    const revisedRows = layout.pages[0]!.lines.filter((l) => l.revised).map((l) => l.row);
    expect(revisedRows).toEqual([4, 5]);
    const { pages } = await readPdf(await scriptPdf(script, { changed: new Set([4]), revision: { name: "Shooting script", colour: "Blue" } }));
    expect(at(pages[1]!, "*")).toEqual(revisedRows.map((r) => ({ column: 80, y: y(792, r) })));
    for (const page of pages) expect(at(page, "Shooting script — Blue revision")).toHaveLength(1);
    expect(pages.slice(2).every((p) => at(p, "*").length === 0)).toBe(true);
    expect((await readPdf(await scriptPdf(script))).pages.every((p) => at(p, "*").length === 0 && !p.texts.some((t) => t.text.includes("revision")))).toBe(true);
  });

  it("prints scene numbers in both margins when asked", async () => {
    const script = veilleurs();
    const plain = (await readPdf(await scriptPdf(script))).pages[1]!;
    expect(at(plain, "1")).toEqual([]);
    const { pages } = await readPdf(await scriptPdf(script, { sceneNumbers: true }));
    expect(at(pages[1]!, "1")).toEqual([
      { column: 11, y: y(792, 2) },
      { column: 76, y: y(792, 2) },
    ]);
  });

  it("writes a 120-page script well under 1.5 s", async () => {
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
    await scriptPdf(script); // warm up
    // the processor time it costs, not the time it waits for a core on a shared machine
    // (npm run bench:script gives the time it takes)
    const cpu = process.cpuUsage();
    const bytes = await scriptPdf(script);
    const { user, system } = process.cpuUsage(cpu);
    const ms = (user + system) / 1000;
    const { pages } = await readPdf(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(121);
    expect(ms).toBeLessThan(1500);
  });
});
