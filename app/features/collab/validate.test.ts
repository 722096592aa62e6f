import { readFileSync } from "node:fs";
import type { JSONContent } from "@tiptap/core";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { parseFountain } from "~/features/script/fountain";
import { screenplaySchema } from "~/features/script/schema";
import { docOfScript, scriptOfDoc } from "~/features/script/ydoc";
import { blocksOf, FRAGMENT, writeBlocks } from "./content";
import { schemaFor } from "./schemas";
import { problemIn, readableDoc, readableJSON, rulesFor } from "./validate";

const corpus = (name: string) => readFileSync(new URL(`../script/corpus/${name}`, import.meta.url), "utf8");

/** What the first broken rule is once this change is made to the document (as the server's probe sees it). */
function problemAfter(doc: Y.Doc, kind: "script" | "notes" | "wiki", change: (doc: Y.Doc) => void): string | null {
  const probe = new Y.Doc();
  probe.getXmlFragment(FRAGMENT);
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(doc));
  const sv = Y.encodeStateVector(doc);
  change(doc);
  const update = Y.encodeStateAsUpdate(doc, sv);
  let problem: string | null = null;
  probe.transact((tr) => {
    Y.applyUpdate(probe, update);
    problem = problemIn(rulesFor(schemaFor(kind)), probe, tr.beforeState);
  });
  return problem;
}

const richText: JSONContent = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Night shift" }] },
    {
      type: "paragraph",
      content: [
        { type: "text", text: "bold", marks: [{ type: "bold" }] },
        { type: "hardBreak" },
        { type: "text", text: "a link", marks: [{ type: "link", attrs: { href: "https://example.org/", target: "_blank" } }] },
      ],
    },
    { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "the lamp" }] }] }] },
    { type: "orderedList", attrs: { start: 3 }, content: [{ type: "listItem", content: [{ type: "paragraph" }] }] },
    { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "quoted", marks: [{ type: "italic" }, { type: "strike" }] }] }] },
    { type: "codeBlock", attrs: { language: "js" }, content: [{ type: "text", text: "let x;" }] },
    { type: "horizontalRule" },
  ],
};
const wikiExtras: JSONContent[] = [
  {
    type: "table",
    content: [
      {
        type: "tableRow",
        content: [
          { type: "tableHeader", attrs: { colspan: 2, colwidth: [120, 80] }, content: [{ type: "paragraph", content: [{ type: "text", text: "Prop" }] }] },
          { type: "tableCell", content: [{ type: "paragraph" }] },
        ],
      },
    ],
  },
  { type: "image", attrs: { src: "/p/x/wiki/images/abc", alt: "the lamp", width: 320 } },
];

function editorDoc(kind: "notes" | "wiki", json: JSONContent): Y.Doc {
  const doc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(schemaFor(kind), json, doc.getXmlFragment(FRAGMENT));
  return doc;
}

describe("what the editors write reads under the schema", () => {
  it("a long script, in scene blocks, and each later keystroke", () => {
    const script = parseFountain(corpus("les-veilleurs.fountain")).script;
    expect(problemAfter(new Y.Doc(), "script", (d) => Y.applyUpdate(d, Y.encodeStateAsUpdate(docOfScript(script))))).toBeNull();
    const doc = docOfScript(script);
    const block = doc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement;
    const element = block.get(0) as Y.XmlElement;
    expect(problemAfter(doc, "script", () => (element.get(0) as Y.XmlText).insert(0, "more ", { bold: {} }))).toBeNull();
    expect(problemAfter(doc, "script", () => element.setAttribute("sceneNumber", "12A"))).toBeNull();
    expect(problemAfter(doc, "script", () => block.insert(1, [new Y.XmlElement("pageBreak")]))).toBeNull();
  });

  it("notes, decisions and wiki pages with every node and mark their editor offers", () => {
    expect(problemAfter(new Y.Doc(), "notes", (d) => Y.applyUpdate(d, Y.encodeStateAsUpdate(editorDoc("notes", richText))))).toBeNull();
    const wiki = { ...richText, content: [...richText.content!, ...wikiExtras] };
    expect(problemAfter(new Y.Doc(), "wiki", (d) => Y.applyUpdate(d, Y.encodeStateAsUpdate(editorDoc("wiki", wiki))))).toBeNull();
    expect(problemAfter(new Y.Doc(), "notes", (d) => writeBlocks(d, [{ type: "heading", level: 2, text: "Context" }, { type: "bulletList", text: "one" }, { type: "paragraph", text: "" }]))).toBeNull();
  });

  it("concurrent edits that leave a block empty or out of order are not a schema break", () => {
    const doc = docOfScript(parseFountain("INT. ROOM\n\nNoor waits.\n").script);
    const fragment = doc.getXmlFragment(FRAGMENT);
    expect(problemAfter(doc, "script", () => (fragment.get(0) as Y.XmlElement).delete(0, (fragment.get(0) as Y.XmlElement).length))).toBeNull();
    expect(problemAfter(doc, "script", () => fragment.insert(0, [new Y.XmlElement("action"), new Y.XmlElement("titlePage")]))).toBeNull();
  });
});

describe("hand-built updates that break the schema", () => {
  const script = () => docOfScript(parseFountain("INT. ROOM\n\nNoor waits.\n").script);
  const firstElement = (doc: Y.Doc) => (doc.getXmlFragment(FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlElement;
  const cases: [string, (doc: Y.Doc) => void][] = [
    ["raw values in the fragment", (d) => d.getXmlFragment(FRAGMENT).insert(0, [{ weird: true }, 42, "str", null] as never)],
    ["a raw value in an element", (d) => firstElement(d).insert(0, [42] as never)],
    ["an unknown node", (d) => d.getXmlFragment(FRAGMENT).insert(0, [new Y.XmlElement("script")])],
    ["text at the top", (d) => d.getXmlFragment(FRAGMENT).insert(0, [new Y.XmlText("loose")])],
    ["an element where its parent has no place for it", (d) => firstElement(d).insert(0, [new Y.XmlElement("sceneBlock")])],
    ["an embed in text", (d) => (firstElement(d).get(0) as Y.XmlText).insertEmbed(0, { weird: true })],
    ["an unknown mark", (d) => (firstElement(d).get(0) as Y.XmlText).format(0, 2, { blink: {} })],
    ["a mark with attributes that are not an object", (d) => (firstElement(d).get(0) as Y.XmlText).format(0, 2, { bold: 42 })],
    ["an unknown attribute", (d) => firstElement(d).setAttribute("onclick", "alert(1)")],
    ["an attribute of the wrong kind", (d) => firstElement(d).setAttribute("forced", { weird: true } as never)],
    ["a hook", (d) => d.getXmlFragment(FRAGMENT).insert(0, [new Y.XmlHook("x")] as never)],
    ["another root", (d) => d.getMap("elsewhere").set("x", 1)],
    ["a sub-document", (d) => firstElement(d).insert(0, [new Y.Doc()] as never)],
  ];
  it.each(cases)("%s", (_, change) => {
    expect(problemAfter(script(), "script", change)).toEqual(expect.any(String));
  });

  it("a table cell spanning a billion columns", () => {
    const doc = editorDoc("wiki", { type: "doc", content: wikiExtras });
    const cell = ((doc.getXmlFragment(FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlElement;
    expect(problemAfter(doc, "wiki", () => cell.setAttribute("colspan", 1e9 as never))).toEqual(expect.any(String));
    expect(problemAfter(doc, "wiki", () => cell.setAttribute("colspan", 3 as never))).toBeNull();
  });
});

describe("reading what can be read", () => {
  it("leaves out raw values, unknown nodes, marks and attributes, and keeps the rest", () => {
    const doc = docOfScript(parseFountain("INT. ROOM\n\nNoor *waits*.\n").script);
    const fragment = doc.getXmlFragment(FRAGMENT);
    fragment.insert(0, [{ weird: true }, 42, "str", null] as never);
    fragment.insert(fragment.length, [new Y.XmlElement("script")]);
    const block = fragment.get(4) as Y.XmlElement;
    (block.get(1) as Y.XmlElement).insert(0, [7] as never);
    ((block.get(1) as Y.XmlElement).get(1) as Y.XmlText).insertEmbed(0, { weird: true });
    ((block.get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 3, { blink: {} });
    (block.get(0) as Y.XmlElement).setAttribute("forced", { weird: true } as never);
    expect(scriptOfDoc(doc)).toEqual(parseFountain("INT. ROOM\n\nNoor *waits*.\n").script);
    expect(() => screenplaySchema().nodeFromJSON(readableJSON(fragment, screenplaySchema()))).not.toThrow();
    // A copy of the readable part holds nothing the check refuses.
    const copy = readableDoc(doc, screenplaySchema());
    expect(problemAfter(new Y.Doc(), "script", (d) => Y.applyUpdate(d, Y.encodeStateAsUpdate(copy)))).toBeNull();
    expect(scriptOfDoc(copy)).toEqual(scriptOfDoc(doc));
  });

  it("a rich-text copy keeps headings, marks and lists", () => {
    const doc = editorDoc("wiki", { ...richText, content: [...richText.content!, ...wikiExtras] });
    doc.getXmlFragment(FRAGMENT).insert(1, [42] as never);
    const copy = readableDoc(doc, schemaFor("wiki"));
    expect(blocksOf(copy)).toEqual(blocksOf(doc));
    expect(readableJSON(copy.getXmlFragment(FRAGMENT), schemaFor("wiki"))).toEqual(readableJSON(doc.getXmlFragment(FRAGMENT), schemaFor("wiki")));
  });
});
