// The text of a Fountain file written elsewhere (decision 0029). Fountain is meant to be
// UTF-8, but writing tools also save UTF-16 (with a byte-order mark) and, on older
// Windows set-ups, Windows-1252; a person may also pick a PDF, an image or a Final Draft
// file by mistake. Pure: the bytes in, the text (or why there is none) out.

/** How a file's bytes were read; only Windows-1252 is a guess, and the person is told. */
export type FileEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

/** notText: a binary file (PDF, image, word processor…); finalDraft: a .fdx (XML). */
export type TextRefusal = "notText" | "finalDraft";

export type FileText = { ok: true; text: string; encoding: FileEncoding } | { ok: false; problem: TextRefusal };

/** Binary formats people pick instead of a script; most hold NUL bytes too, not all. */
const BINARY_STARTS: number[][] = [
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0x50, 0x4b, 0x03, 0x04], // ZIP: .docx, .odt, Fade In, Highland 2
  [0x50, 0x4b, 0x05, 0x06], // an empty ZIP
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], // OLE: .doc, older word processors
  [0x1f, 0x8b], // gzip
  [0x7b, 0x5c, 0x72, 0x74, 0x66], // {\rtf: text, but of a word processor, not a script
];

const startsWith = (bytes: Uint8Array, start: number[]) => start.length <= bytes.length && start.every((b, i) => bytes[i] === b);

// Control characters other than tab, line feed, vertical tab, form feed and carriage
// return (which text files do hold), C1 included: where Windows-1252 has no character it
// gives one of those, so random bytes read that way are full of them.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x08\x0E-\x1F\x7F-\x9F]/g;

/**
 * Binary rather than text: a few stray control characters happen in real scripts (the
 * parser removes them, with a warning), one character in fifty does not.
 */
function looksBinary(text: string): boolean {
  if (text.includes("\0")) return true;
  const controls = text.match(CONTROL)?.length ?? 0;
  return controls > 2 && controls * 50 > text.length;
}

/** Final Draft's own format is XML: read as Fountain it would become pages of tags. */
function isFinalDraft(text: string): boolean {
  const head = text.slice(0, 2048).trimStart();
  return head.startsWith("<") && /<FinalDraft[\s>]/.test(head);
}

function decode(bytes: Uint8Array, encoding: FileEncoding): string | null {
  try {
    // fatal: an invalid sequence throws instead of becoming U+FFFD; the BOM is dropped.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The file's text: UTF-16 when it starts with a UTF-16 byte-order mark, else UTF-8 (with
 * or without its mark) when it is valid UTF-8, else Windows-1252 (the superset of
 * Latin-1 older tools write), which reads any byte. Refused: binary files, and Final
 * Draft's XML.
 */
export function readFileText(bytes: Uint8Array): FileText {
  if (BINARY_STARTS.some((start) => startsWith(bytes, start))) return { ok: false, problem: "notText" };
  let text: string | null;
  let encoding: FileEncoding;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) [text, encoding] = [decode(bytes, "utf-16le"), "utf-16le"];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [text, encoding] = [decode(bytes, "utf-16be"), "utf-16be"];
  // NUL is not in text: a binary file, or UTF-16 without its mark (no way to tell which).
  else if (bytes.includes(0)) return { ok: false, problem: "notText" };
  else {
    [text, encoding] = [decode(bytes, "utf-8"), "utf-8"];
    if (text === null) {
      const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
      [text, encoding] = [decode(bytes.subarray(bom), "windows-1252"), "windows-1252"];
    }
  }
  if (text === null || looksBinary(text)) return { ok: false, problem: "notText" };
  if (isFinalDraft(text)) return { ok: false, problem: "finalDraft" };
  return { ok: true, text, encoding };
}

/**
 * A few lines holding letters beyond ASCII, as read: what a person checks when the
 * encoding was a guess (a wrong guess shows as "Ã©" or "Ð" where "é" was meant).
 */
export function accentedLines(text: string, max = 3): string[] {
  const found: string[] = [];
  // eslint-disable-next-line no-control-regex -- ASCII is the point
  for (const m of text.matchAll(/^.*[^\x00-\x7F].*$/gm)) {
    found.push(m[0].trim().slice(0, 100));
    if (found.length === max) break;
  }
  return found;
}
