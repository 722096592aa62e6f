import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { codePointColumns } from "../../app/features/script/layout";

/**
 * The text of a screenplay PDF as a reader extracts it (pdf.js): each printed row is a
 * line, each character at its column of the 7.2-pt grid (a wide character takes two),
 * rows from the top of the page down, pages one after the other.
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const task = getDocument({ data: bytes.slice(), verbosity: 0 });
  const doc = await task.promise;
  const out: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const rows = new Map<number, string[]>();
    for (const item of (await page.getTextContent()).items) {
      if (!("str" in item) || !item.str) continue;
      const y = Math.round(item.transform[5]! * 100) / 100;
      const cells = rows.get(y) ?? [];
      rows.set(y, cells);
      let col = Math.round(item.transform[4]! / 7.2);
      for (const ch of item.str) {
        cells[col++] = ch;
        if (codePointColumns(ch.codePointAt(0)!) === 2) cells[col++] = "";
      }
    }
    for (const y of [...rows.keys()].sort((a, b) => b - a)) out.push(Array.from(rows.get(y)!, (c) => c ?? " ").join("").trimEnd());
  }
  await task.destroy();
  return out.join("\n");
}
