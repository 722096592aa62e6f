import { describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { blocksOf, diffBlocks, docFromState, isEmptyUpdate, replaceContent, updateStats, writeBlocks, FRAGMENT } from "./content";

function paragraph(text: string, name = "paragraph", attrs: Record<string, string> = {}) {
  const el = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.insert(0, [new Y.XmlText(text)]);
  return el;
}

function docWith(...nodes: Y.XmlElement[]) {
  const doc = new Y.Doc();
  doc.getXmlFragment(FRAGMENT).insert(0, nodes);
  return doc;
}

describe("blocksOf", () => {
  it("reads headings, paragraphs and list items as text", () => {
    const list = new Y.XmlElement("bulletList");
    const item = new Y.XmlElement("listItem");
    item.insert(0, [paragraph("a prop: the lamp")]);
    list.insert(0, [item]);
    const doc = docWith(paragraph("Night shift", "heading", { level: "2" }), paragraph("Noor climbs the ladder."), list);
    expect(blocksOf(doc)).toEqual([
      { type: "heading", level: 2, text: "Night shift" },
      { type: "paragraph", text: "Noor climbs the ladder." },
      { type: "bulletList", text: "a prop: the lamp" },
    ]);
  });

  it("keeps text with formatting as plain text (never markup)", () => {
    const doc = new Y.Doc();
    const p = new Y.XmlElement("paragraph");
    const t = new Y.XmlText();
    p.insert(0, [t]);
    doc.getXmlFragment(FRAGMENT).insert(0, [p]);
    t.insert(0, "bold <script>", { bold: true });
    t.insert(13, " move");
    expect(blocksOf(doc)).toEqual([{ type: "paragraph", text: "bold <script> move" }]);
  });
});

describe("diffBlocks", () => {
  it("marks what was added and removed, in order", () => {
    const before = [{ type: "paragraph", text: "one" }, { type: "paragraph", text: "two" }, { type: "paragraph", text: "three" }];
    const after = [{ type: "paragraph", text: "one" }, { type: "paragraph", text: "2" }, { type: "paragraph", text: "three" }, { type: "paragraph", text: "four" }];
    expect(diffBlocks(before, after).map((d) => `${d.op}:${d.block.text}`)).toEqual([
      "same:one",
      "removed:two",
      "added:2",
      "same:three",
      "added:four",
    ]);
  });
  it("handles empty sides", () => {
    expect(diffBlocks([], [{ type: "paragraph", text: "x" }])).toEqual([{ op: "added", block: { type: "paragraph", text: "x" } }]);
    expect(diffBlocks([{ type: "paragraph", text: "x" }], [])).toEqual([{ op: "removed", block: { type: "paragraph", text: "x" } }]);
  });
});

describe("updateStats", () => {
  it("counts characters inserted and deleted by an update", () => {
    const doc = new Y.Doc();
    const text = doc.getText("t");
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    text.insert(0, "hello world");
    text.delete(0, 6);
    expect(updateStats(updates[0]!)).toEqual({ inserted: 11, deleted: 0, clients: [doc.clientID] });
    expect(updateStats(updates[1]!)).toEqual({ inserted: 0, deleted: 6, clients: [] });
  });
  it("recognises an empty update", () => {
    expect(isEmptyUpdate(Y.encodeStateAsUpdate(new Y.Doc()))).toBe(true);
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "x");
    expect(isEmptyUpdate(Y.encodeStateAsUpdate(doc))).toBe(false);
  });
});

describe("replaceContent", () => {
  it("brings back a version's content as a new change that other replicas receive", () => {
    const v1 = docWith(paragraph("first draft"));
    const live = docFromState(Y.encodeStateAsUpdate(v1));
    const replica = docFromState(Y.encodeStateAsUpdate(live));
    live.getXmlFragment(FRAGMENT).insert(1, [paragraph("a later line")]);
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(live));

    const before = Y.encodeStateVector(replica);
    replaceContent(live, docFromState(Y.encodeStateAsUpdate(v1)), "restore");
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(live, before));
    expect(blocksOf(replica)).toEqual([{ type: "paragraph", text: "first draft" }]);
  });
});

describe("writeBlocks", () => {
  it("writes headings, paragraphs and one list per run of list lines, read back as written", () => {
    const doc = new Y.Doc();
    const blocks = [
      { type: "heading", level: 2, text: "Context" },
      { type: "paragraph", text: "Which poster?" },
      { type: "bulletList", text: "Night" },
      { type: "bulletList", text: "Rocket" },
      { type: "paragraph", text: "" },
    ];
    writeBlocks(doc, blocks);
    expect(blocksOf(doc)).toEqual(blocks);
    const lists = doc.getXmlFragment(FRAGMENT).toArray().filter((n) => n instanceof Y.XmlElement && n.nodeName === "bulletList");
    expect(lists).toHaveLength(1);
  });

  it("writes without Yjs warnings (the demo's templates are written at the first start)", () => {
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      writeBlocks(new Y.Doc(), [1, 2, 3].map((n) => ({ type: "bulletList", text: `Line ${n}` })));
      expect(warnings).not.toHaveBeenCalled();
    } finally {
      warnings.mockRestore();
    }
  });
});

describe("blocksOf, tables and images", () => {
  it("reads a table row by row, with its cells, and an image with its description", () => {
    const doc = new Y.Doc();
    const cell = (name: string, text: string) => {
      const c = new Y.XmlElement(name);
      const p = new Y.XmlElement("paragraph");
      p.insert(0, [new Y.XmlText(text)]);
      c.insert(0, [p]);
      return c;
    };
    const row = (...cells: Y.XmlElement[]) => {
      const r = new Y.XmlElement("tableRow");
      r.insert(0, cells);
      return r;
    };
    const table = new Y.XmlElement("table");
    const picture = (src: string, alt: string) => {
      const image = new Y.XmlElement("image");
      image.setAttribute("src", src);
      image.setAttribute("alt", alt);
      return image;
    };
    const withPicture = cell("tableCell", "Aiko");
    withPicture.insert(1, [picture("/p/x/wiki/images/aiko", "Aiko in costume")]);
    table.insert(0, [row(cell("tableHeader", "Character"), cell("tableHeader", "Actor")), row(cell("tableCell", "Noor"), withPicture)]);
    doc.getXmlFragment(FRAGMENT).insert(0, [table, picture("/p/x/wiki/images/abc", "The lamp")]);
    expect(blocksOf(doc)).toEqual([
      { type: "tableRow", text: "Character | Actor", cells: ["Character", "Actor"] },
      { type: "tableRow", text: "Noor | Aiko", cells: ["Noor", "Aiko"], cellImages: [[], [{ src: "/p/x/wiki/images/aiko", alt: "Aiko in costume" }]] },
      { type: "image", text: "The lamp", src: "/p/x/wiki/images/abc" },
    ]);
  });
});
