// Reading a rich-text Yjs document without an editor: its blocks as plain text
// (for version views and the pages visitors read), a readable diff between two
// versions, and how much an update inserted and deleted (for attribution).
import * as Y from "yjs";

/** The XML fragment Tiptap's Collaboration extension edits. */
export const FRAGMENT = "default";

/** `cells` for a table row, `src` for an image (its `text` is the image's description). */
export type Picture = { src: string; alt: string };
/** A table row has its cells' text, and the pictures placed in each cell (if any). */
export type Block = { type: string; level?: number; text: string; cells?: string[]; cellImages?: Picture[][]; src?: string };

const pictureOf = (node: Y.XmlElement): Picture => {
  const src = node.getAttribute("src");
  return { src: typeof src === "string" ? src : "", alt: String(node.getAttribute("alt") ?? "") };
};
const isImage = (node: unknown): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === "image";

function textOf(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as { insert?: unknown }[]).map((d) => (typeof d.insert === "string" ? d.insert : "")).join("");
  }
  if (node instanceof Y.XmlElement) {
    if (node.nodeName === "hardBreak" || node.nodeName === "inlineBreak") return "\n";
    return node.toArray().map(textOf).join("");
  }
  return "";
}

const containers = new Set(["bulletList", "orderedList", "blockquote", "listItem", "taskList", "taskItem"]);

/** Blocks in reading order; list items and quotes are flattened to their paragraphs. */
export function blocksOf(doc: Y.Doc): Block[] {
  const blocks: Block[] = [];
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook, context: string | undefined) => {
    if (!(node instanceof Y.XmlElement)) {
      const text = textOf(node);
      if (text) blocks.push({ type: "paragraph", text });
      return;
    }
    if (node.nodeName === "table") {
      for (const row of node.toArray()) walk(row, undefined);
      return;
    }
    if (node.nodeName === "tableRow") {
      const contents = node.toArray().map((cell) => (cell instanceof Y.XmlElement ? cell.toArray() : []));
      const cells = contents.map((children) => children.filter((c) => !isImage(c)).map(textOf).join("\n"));
      const cellImages = contents.map((children) => children.filter(isImage).map(pictureOf));
      blocks.push({ type: "tableRow", text: cells.join(" | "), cells, ...(cellImages.some((list) => list.length) ? { cellImages } : {}) });
      return;
    }
    if (node.nodeName === "image") {
      const { src, alt } = pictureOf(node);
      blocks.push({ type: "image", text: alt, src });
      return;
    }
    if (containers.has(node.nodeName)) {
      const inner = node.nodeName === "listItem" || node.nodeName === "taskItem" ? context : node.nodeName;
      for (const child of node.toArray()) walk(child, inner);
      return;
    }
    const level = Number(node.getAttribute("level")) || undefined;
    const type = context && node.nodeName === "paragraph" ? context : node.nodeName;
    blocks.push({ type, ...(level ? { level } : {}), text: textOf(node) });
  };
  for (const node of doc.getXmlFragment(FRAGMENT).toArray()) walk(node, undefined);
  return blocks;
}

export function docFromState(state: Uint8Array | null | undefined): Y.Doc {
  const doc = new Y.Doc();
  if (state && state.length) Y.applyUpdate(doc, state);
  return doc;
}

/**
 * Apply many updates at once. One transaction, one update at a time: linear, where
 * Y.mergeUpdates grows much faster than the number of updates (50k: ~30 s).
 */
export function applyUpdates(doc: Y.Doc, updates: Uint8Array[], origin?: unknown) {
  doc.transact(() => {
    for (const u of updates) Y.applyUpdate(doc, u);
  }, origin);
}

/**
 * Fold a stored state and later updates into one state, in a Y.Doc, so that
 * deleted content is really dropped (merging the updates alone would keep it).
 * CPU-bound: the collaboration server runs it in a worker thread.
 */
export function foldUpdates(state: Uint8Array | null | undefined, updates: Uint8Array[]): Uint8Array {
  const doc = docFromState(state);
  applyUpdates(doc, updates);
  const folded = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return folded;
}

export type Fold = (state: Uint8Array | null | undefined, updates: Uint8Array[]) => Uint8Array | Promise<Uint8Array>;

export type DiffLine = { op: "same" | "added" | "removed"; block: Block };

/** A line-by-line diff of two block lists (longest common subsequence). */
export function diffBlocks(before: Block[], after: Block[]): DiffLine[] {
  const key = (b: Block) => `${b.type}|${b.level ?? ""}|${b.text}`;
  const a = before.map(key);
  const b = after.map(key);
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: "same", block: after[j]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ op: "removed", block: before[i++]! });
    } else {
      out.push({ op: "added", block: after[j++]! });
    }
  }
  while (i < n) out.push({ op: "removed", block: before[i++]! });
  while (j < m) out.push({ op: "added", block: after[j++]! });
  return out;
}

/** Characters an update inserts and deletes: the measure of a contribution. */
export function updateStats(update: Uint8Array): { inserted: number; deleted: number; clients: number[] } {
  const { structs, ds } = Y.decodeUpdate(update);
  let inserted = 0;
  // The Yjs client ids whose content it carries: each character keeps its id, which
  // tells who wrote it long after the update is folded (decision 0031).
  const clients = new Set<number>();
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    clients.add(s.id.client);
    if (s.content instanceof Y.ContentString) inserted += s.content.str.length;
  }
  let deleted = 0;
  for (const items of ds.clients.values()) for (const item of items) deleted += item.len;
  return { inserted, deleted, clients: [...clients] };
}

/** Whether an update carries no change at all (what a read-only client may send). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

/**
 * Replace the document's content with another's, as a new change on top of the
 * history (restoring a version never rewrites what happened).
 */
export function replaceContent(doc: Y.Doc, source: Y.Doc, origin: unknown) {
  const target = doc.getXmlFragment(FRAGMENT);
  const nodes = source.getXmlFragment(FRAGMENT).toArray().map((n) => n.clone());
  doc.transact(() => {
    target.delete(0, target.length);
    target.insert(0, nodes as (Y.XmlElement | Y.XmlText)[]);
  }, origin);
}

/**
 * Append blocks to a document as the editor's nodes (headings, paragraphs, bullet
 * lists; consecutive list lines make one list): how a new document starts from a
 * template, written as a change like any other.
 */
export function writeBlocks(doc: Y.Doc, blocks: Block[], origin?: unknown) {
  const fragment = doc.getXmlFragment(FRAGMENT);
  const paragraph = (text: string) => {
    const p = new Y.XmlElement("paragraph");
    if (text) p.insert(0, [new Y.XmlText(text)]);
    return p;
  };
  const nodes: Y.XmlElement[] = [];
  // Counted here: a list not yet in the document cannot be asked its length.
  let list: { element: Y.XmlElement; items: number } | null = null;
  for (const b of blocks) {
    if (b.type === "bulletList") {
      if (!list) nodes.push((list = { element: new Y.XmlElement("bulletList"), items: 0 }).element);
      const item = new Y.XmlElement("listItem");
      item.insert(0, [paragraph(b.text)]);
      list.element.insert(list.items++, [item]);
      continue;
    }
    list = null;
    if (b.type === "heading") {
      const h = new Y.XmlElement("heading");
      h.setAttribute("level", (b.level ?? 2) as never); // a number, as the editor stores it
      if (b.text) h.insert(0, [new Y.XmlText(b.text)]);
      nodes.push(h);
    } else nodes.push(paragraph(b.text));
  }
  doc.transact(() => fragment.insert(fragment.length, nodes), origin);
}

/** A node of the document as editor JSON (the shape of Tiptap's `JSONContent`). */
export type NodeJSON = { type: string; attrs?: Record<string, unknown>; content?: NodeJSON[]; text?: string; marks?: { type: string; attrs?: Record<string, unknown> }[] };

/**
 * The document as the editor's JSON, read straight from Yjs as y-tiptap lays it out (marks
 * as text attributes), for a page that shows the live text without an editor (the
 * screenplay's readers, decision 0047). Nothing is checked against a schema: the server
 * refuses changes outside it (decision 0018), and the reader only draws text.
 */
export function fragmentJSON(fragment: Y.XmlFragment): NodeJSON {
  const children = (nodes: (Y.XmlElement | Y.XmlText | Y.XmlHook)[]): NodeJSON[] =>
    nodes.flatMap((node): NodeJSON[] => {
      if (node instanceof Y.XmlText) {
        return (node.toDelta() as { insert?: unknown; attributes?: Record<string, Record<string, unknown> | null> }[]).flatMap((d) => {
          if (typeof d.insert !== "string" || !d.insert) return [];
          // y-tiptap names a mark that may overlap itself "name--hash".
          const marks = Object.entries(d.attributes ?? {}).map(([name, attrs]) => ({ type: name.split("--")[0]!, attrs: attrs ?? {} }));
          return [{ type: "text", text: d.insert, ...(marks.length ? { marks } : {}) }];
        });
      }
      if (!(node instanceof Y.XmlElement)) return [];
      const attrs = node.getAttributes() as Record<string, unknown>;
      const content = children(node.toArray());
      return [{ type: node.nodeName, ...(Object.keys(attrs).length ? { attrs } : {}), ...(content.length ? { content } : {}) }];
    });
  return { type: "doc", content: children(fragment.toArray()) };
}
