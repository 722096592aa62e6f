// Files as other tools write them: the bytes are built here, as those tools would.
import { describe, expect, it } from "vitest";
import { accentedLines, readFileText } from "./file-text";

const script = "Title: Big Fish\n\nINT. CAFÉ DES ÉTOILES – SOIR\n\nHélène entre, « à l’heure ». Ça sent le crème brûlée.\n\nEDWARD\n(naïf)\nGarçon !\n";

/** UTF-16 as Windows' Notepad and Word write it: a byte-order mark, then the code units. */
function utf16(text: string, order: "le" | "be"): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0xfeff, order === "le");
  for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), order === "le");
  return bytes;
}

/** Latin-1 / Windows-1252, as fountain-js's bigfish.fountain is saved: one byte a character. */
function windows1252(text: string): Uint8Array {
  const cp1252: Record<string, number> = { "–": 0x96, "’": 0x92, "€": 0x80, "…": 0x85 };
  return Uint8Array.from(text, (c) => cp1252[c] ?? c.charCodeAt(0));
}

const ascii = (text: string) => new TextEncoder().encode(text);

describe("reading a file's text", () => {
  it("reads UTF-8, with or without its byte-order mark", () => {
    expect(readFileText(ascii(script))).toEqual({ ok: true, text: script, encoding: "utf-8" });
    expect(readFileText(new Uint8Array([0xef, 0xbb, 0xbf, ...ascii(script)]))).toEqual({ ok: true, text: script, encoding: "utf-8" });
  });

  it("reads UTF-16 with a byte-order mark, little- and big-endian", () => {
    expect(readFileText(utf16(script, "le"))).toEqual({ ok: true, text: script, encoding: "utf-16le" });
    expect(readFileText(utf16(script, "be"))).toEqual({ ok: true, text: script, encoding: "utf-16be" });
  });

  it("reads a file that is not UTF-8 as Windows-1252, accents and curly quotes intact, and says so", () => {
    const bytes = windows1252(script);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    expect(readFileText(bytes)).toEqual({ ok: true, text: script, encoding: "windows-1252" });
    // Latin-1 proper (no curly quotes) is Windows-1252 too.
    expect(readFileText(Uint8Array.from("Hélène à Noël", (c) => c.charCodeAt(0)))).toEqual({ ok: true, text: "Hélène à Noël", encoding: "windows-1252" });
  });

  it("keeps the UTF-8 of a file that is all ASCII, and an empty file", () => {
    expect(readFileText(ascii("INT. HALL - DAY\n"))).toMatchObject({ ok: true, encoding: "utf-8" });
    expect(readFileText(new Uint8Array())).toEqual({ ok: true, text: "", encoding: "utf-8" });
  });

  it("refuses binary files: NUL bytes, PDF, PNG, JPEG, ZIP (.docx), Word, RTF", () => {
    const notText = { ok: false, problem: "notText" };
    expect(readFileText(new Uint8Array([0x49, 0x00, 0x4e, 0x00, 0x54, 0x00]))).toEqual(notText); // UTF-16 without its mark
    expect(readFileText(ascii("INT. HALL - DAY\n\0\n"))).toEqual(notText);
    // An all-ASCII PDF has no NUL byte, yet it is no script.
    expect(readFileText(ascii("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"))).toEqual(notText);
    expect(readFileText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toEqual(notText);
    expect(readFileText(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x10, 0x4a, 0x46, 0x49, 0x46]))).toEqual(notText);
    expect(readFileText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x06]))).toEqual(notText);
    expect(readFileText(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toEqual(notText);
    expect(readFileText(ascii("{\\rtf1\\ansi Hello}"))).toEqual(notText);
    // UTF-16 whose code units are not text either.
    expect(readFileText(new Uint8Array([0xff, 0xfe, 0x00, 0xd8]))).toEqual(notText); // a lone surrogate
    expect(readFileText(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x00, 0x00]))).toEqual(notText); // NUL
  });

  it("refuses bytes without NULs that Windows-1252 would read as control characters, keeps a text with a stray one", () => {
    // What a compressed or encrypted file looks like: every byte value but 0.
    const noise = Uint8Array.from({ length: 4096 }, (_, i) => (i * 197 + 13) % 255 + 1);
    expect(readFileText(noise)).toEqual({ ok: false, problem: "notText" });
    const stray = `${script}\x07\x1b`;
    expect(readFileText(ascii(stray))).toEqual({ ok: true, text: stray, encoding: "utf-8" });
  });

  it("refuses a Final Draft file (.fdx, XML) as what it is", () => {
    const fdx = '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>\n<FinalDraft DocumentType="Script" Template="No" Version="5">\n<Content>\n<Paragraph Type="Scene Heading"><Text>INT. HALL - DAY</Text></Paragraph>\n</Content>\n</FinalDraft>\n';
    expect(readFileText(ascii(fdx))).toEqual({ ok: false, problem: "finalDraft" });
    expect(readFileText(utf16(fdx, "le"))).toEqual({ ok: false, problem: "finalDraft" });
    // Text that only mentions the tag is a script like any other.
    expect(readFileText(ascii("INT. HALL - DAY\n\nShe types <FinalDraft> into the terminal.\n"))).toMatchObject({ ok: true });
  });
});

describe("the lines a person checks", () => {
  it("are the first lines with letters beyond ASCII, as read", () => {
    expect(accentedLines(script)).toEqual(["INT. CAFÉ DES ÉTOILES – SOIR", "Hélène entre, « à l’heure ». Ça sent le crème brûlée.", "(naïf)"]);
    expect(accentedLines("INT. HALL - DAY\n\nNoor waits.\n")).toEqual([]);
  });
});
