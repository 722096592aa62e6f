import { readFileSync } from "node:fs";
import type { JSONContent } from "@tiptap/core";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { parseFountain } from "~/features/script/fountain";
import { screenplaySchema } from "~/features/script/schema";
import { docOfScript, scriptOfDoc } from "~/features/script/ydoc";
import { blocksOf, FRAGMENT, writeBlocks } from "./content";
import { schemaFor } from "./schemas";
import { problemInUpdate, readableDoc, readableJSON, rulesFor, type UpdateProblem } from "./validate";

const corpus = (name: string) => readFileSync(new URL(`../script/corpus/${name}`, import.meta.url), "utf8");

/** The server's copy of a document, as it was before a change. */
function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  copy.getXmlFragment(FRAGMENT);
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** What the server finds in the update this change makes, read against the document as it was. */
function checkAfter(doc: Y.Doc, kind: "script" | "notes" | "wiki", change: (doc: Y.Doc) => void): UpdateProblem | null {
  const server = copyOf(doc);
  const sv = Y.encodeStateVector(doc);
  change(doc);
  const update = Y.encodeStateAsUpdate(doc, sv);
  const before = Y.encodeStateAsUpdate(server);
  const found = problemInUpdate(rulesFor(schemaFor(kind)), server, update);
  // Reading the update changes nothing of the document.
  expect(Y.encodeStateAsUpdate(server)).toEqual(before);
  return found;
}

/** What the first broken rule is once this change is made to the document. */
const problemAfter = (doc: Y.Doc, kind: "script" | "notes" | "wiki", change: (doc: Y.Doc) => void) => checkAfter(doc, kind, change)?.problem ?? null;

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

describe("reading an update before applying it", () => {
  const script = () => docOfScript(parseFountain("INT. ROOM\n\nNoor waits.\n").script);
  const fragmentOf = (d: Y.Doc) => d.getXmlFragment(FRAGMENT);

  it("finds an item's place through the update's own items, as Yjs will", () => {
    // A new scene block whose second child is unknown: that child's parent is known only
    // from its left origin, the block's first child, itself new.
    const block = (text = new Y.XmlText("Noor runs.")) => {
      const b = new Y.XmlElement("sceneBlock");
      const action = new Y.XmlElement("action");
      action.insert(0, [text]);
      b.insert(0, [action]);
      return b;
    };
    expect(problemAfter(script(), "script", (d) => fragmentOf(d).insert(1, [block()]))).toBeNull();
    expect(problemAfter(script(), "script", (d) => {
      const b = block();
      b.insert(1, [new Y.XmlElement("script")]);
      fragmentOf(d).insert(1, [b]);
    })).toBe('node "script" not allowed here');
    // Text in a new element carries what its element allows, in the same update.
    expect(problemAfter(script(), "script", (d) => {
      const text = new Y.XmlText("Noor runs.");
      text.insertEmbed(3, { weird: true });
      fragmentOf(d).insert(1, [block(text)]);
    })).toBe("ContentEmbed in text");
    // Typed after stored text: its place is the stored text's.
    const doc = script();
    const text = () => ((fragmentOf(doc).get(0) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    expect(problemAfter(doc, "script", () => text().insert(4, " still"))).toBeNull();
    expect(problemAfter(doc, "script", () => text().insertEmbed(4, 42 as never))).toBe("ContentEmbed in text");
  });

  it("says out of step when the update needs changes the document does not have", () => {
    const doc = script();
    const server = copyOf(doc);
    const text = ((fragmentOf(doc).get(0) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    text.insert(4, " still");
    text.insert(10, " now");
    const rules = rulesFor(schemaFor("script"));
    // The second keystroke without the first: a gap in its writer's changes.
    expect(problemInUpdate(rules, server, updates[1]!)).toEqual({ problem: expect.any(String), outOfStep: true });
    // Another writer's keystroke after a change the server has not read yet.
    const other = copyOf(doc);
    const otherText = ((fragmentOf(other).get(0) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    const sv = Y.encodeStateVector(other);
    otherText.insert(10, "!");
    expect(problemInUpdate(rules, server, Y.encodeStateAsUpdate(other, sv))).toEqual({ problem: expect.any(String), outOfStep: true });
    // With what it needs, in the document or in the same update, it is accepted.
    expect(problemInUpdate(rules, server, Y.mergeUpdates(updates))).toBeNull();
    Y.applyUpdate(server, Y.mergeUpdates(updates));
    expect(problemInUpdate(rules, server, Y.encodeStateAsUpdate(other, sv))).toBeNull();
  });

  it("agrees with Yjs on what it can integrate, for three editors' changes reaching the server in any order", () => {
    const rules = rulesFor(schemaFor("notes"));
    let seed = 1;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const below = (n: number) => Math.floor(random() * n);
    const seen = { accepted: 0, outOfStep: 0 };
    for (let round = 0; round < 100; round++) {
      const editors = [0, 1, 2].map(() => new Y.Doc());
      const server = copyOf(new Y.Doc());
      const unsent = editors.map(() => [] as Uint8Array[]);
      editors.forEach((d, i) => d.on("update", (u: Uint8Array, origin: unknown) => origin !== "synced" && unsent[i]!.push(u)));
      for (let step = 0; step < 40; step++) {
        const i = below(3);
        const fragment = fragmentOf(editors[i]!);
        const op = random();
        const paragraph = fragment.length ? (fragment.get(below(fragment.length)) as Y.XmlElement) : null;
        const text = paragraph?.get(0) as Y.XmlText | undefined;
        if (op < 0.3 || !paragraph) {
          const p = new Y.XmlElement("paragraph");
          p.insert(0, [new Y.XmlText("hi")]);
          fragment.insert(below(fragment.length + 1), [p]);
        } else if (op < 0.7 && text) text.insert(below(text.length + 1), ["a", "bc", "def"][below(3)]!, random() < 0.2 ? { bold: {} } : undefined);
        else if (op < 0.85 && text && text.length > 1) text.delete(below(text.length - 1), 1);
        else if (op < 0.92) fragment.delete(below(fragment.length), 1);
        else {
          // Two editors sync, so that one's changes build on the other's.
          const j = below(3);
          if (j !== i) Y.applyUpdate(editors[j]!, Y.encodeStateAsUpdate(editors[i]!, Y.encodeStateVector(editors[j]!)), "synced");
        }
        if (random() < 0.4) continue;
        // The server gets an editor's oldest unsent change, one out of order, or all it lacks.
        const k = below(3);
        const queue = unsent[k]!;
        if (!queue.length) continue;
        const at = random() < 0.8 ? 0 : below(queue.length);
        const update = random() < 0.3 ? Y.encodeStateAsUpdate(editors[k]!, Y.encodeStateVector(server)) : queue[at]!;
        const found = problemInUpdate(rules, server, update);
        const yjs = copyOf(server);
        Y.applyUpdate(yjs, update);
        const pending = yjs.store.pendingStructs !== null;
        // Refused only as out of step, exactly when Yjs would leave something pending.
        expect(found?.outOfStep ?? false).toBe(pending);
        if (found) {
          seen.outOfStep++;
          continue;
        }
        seen.accepted++;
        Y.applyUpdate(server, update);
        if (update === queue[0]) queue.shift();
      }
    }
    expect(seen.accepted).toBeGreaterThan(1_000);
    expect(seen.outOfStep).toBeGreaterThan(20);
  });

  // Hand-encoded updates (Yjs's own encoding, version 1): what no Yjs client writes.
  type Struct = { client: number; clock: number; origin?: [number, number]; parent?: [number, number]; root?: string; text: string };
  function handMade(structs: Struct[]): Uint8Array {
    const e = encoding.createEncoder();
    const clients = [...new Set(structs.map((s) => s.client))];
    encoding.writeVarUint(e, clients.length);
    for (const client of clients) {
      const own = structs.filter((s) => s.client === client);
      encoding.writeVarUint(e, own.length);
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, own[0]!.clock);
      for (const s of own) {
        encoding.writeUint8(e, 4 | (s.origin ? 0x80 : 0)); // a string, with or without a left origin
        if (s.origin) {
          encoding.writeVarUint(e, s.origin[0]);
          encoding.writeVarUint(e, s.origin[1]);
        } else if (s.parent) {
          encoding.writeVarUint(e, 0); // its parent is a type, by id
          encoding.writeVarUint(e, s.parent[0]);
          encoding.writeVarUint(e, s.parent[1]);
        } else {
          encoding.writeVarUint(e, 1); // its parent is a root, by name
          encoding.writeVarString(e, s.root ?? FRAGMENT);
        }
        encoding.writeVarString(e, s.text);
      }
    }
    encoding.writeVarUint(e, 0); // no deletions
    return encoding.toUint8Array(e);
  }

  it("refuses an item that names a later change of its own writer, which Yjs cannot integrate", () => {
    const update = handMade([
      { client: 7, clock: 0, origin: [7, 1], text: "x" },
      { client: 7, clock: 1, root: "elsewhere", text: "y" },
    ]);
    expect(() => Y.applyUpdate(new Y.Doc(), update)).toThrow();
    expect(problemInUpdate(rulesFor(schemaFor("notes")), new Y.Doc(), update)).toEqual({ problem: "it refers to a later change of its own", outOfStep: false });
  });

  it("refuses the rest of a change the document holds the start of, sent as if it were elsewhere", () => {
    // Writer 4242 added five elements and removed them: the document keeps a removed run.
    const doc = script();
    doc.clientID = 4242;
    const end = fragmentOf(doc).length;
    fragmentOf(doc).insert(end, [1, 2, 3, 4, 5].map(() => new Y.XmlElement("action")));
    fragmentOf(doc).delete(end, 5);
    const server = copyOf(doc);
    const text = ((fragmentOf(server).get(0) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    const textId = text._item!.id;
    // The same run, one longer, as text in an action line: Yjs keeps the parent it says
    // (the line's text) but links the new character after the run, at the top.
    const update = handMade([{ client: 4242, clock: 0, parent: [textId.client, textId.clock], text: "aaaaaX" }]);
    const yjs = copyOf(server);
    Y.applyUpdate(yjs, update);
    expect(fragmentOf(yjs).toArray().some((n) => !(n instanceof Y.XmlElement))).toBe(true);
    expect(problemInUpdate(rulesFor(schemaFor("script")), server, update)).toEqual({ problem: "it continues a change that is elsewhere", outOfStep: false });
    // The rest of a run where its start is: a writer's editor may send what the server
    // partly has (a keystroke, then its whole state at a reconnection).
    const writer = script();
    const line = ((fragmentOf(writer).get(0) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    const before = copyOf(writer);
    const sv = Y.encodeStateVector(writer);
    line.insert(4, "a");
    Y.applyUpdate(before, Y.encodeStateAsUpdate(writer, sv));
    line.insert(5, "bc");
    const whole = Y.encodeStateAsUpdate(writer, sv);
    expect(Y.decodeUpdate(whole).structs.some((s) => s.length === 3)).toBe(true); // "abc", one item
    expect(problemInUpdate(rulesFor(schemaFor("script")), before, whole)).toBeNull();
  });

  it("refuses an update that lists a writer's changes twice, of which Yjs applies the last", () => {
    // Writer 7's changes 0–2 twice: removed content at the top, then a string there.
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 2); // two lists
    for (const [info, write] of [
      [1, () => encoding.writeVarUint(e, 3)], // removed content, three long
      [4, () => encoding.writeVarString(e, "xyz")], // a string
    ] as const) {
      encoding.writeVarUint(e, 1); // one struct
      encoding.writeVarUint(e, 7); // writer
      encoding.writeVarUint(e, 0); // from clock 0
      encoding.writeUint8(e, info);
      encoding.writeVarUint(e, 1); // its parent is a root, by name
      encoding.writeVarString(e, FRAGMENT);
      write();
    }
    encoding.writeVarUint(e, 0); // no deletions
    const update = encoding.toUint8Array(e);
    const yjs = copyOf(new Y.Doc());
    Y.applyUpdate(yjs, update);
    expect(fragmentOf(yjs).toString()).toBe("xyz");
    expect(problemInUpdate(rulesFor(schemaFor("notes")), copyOf(new Y.Doc()), update)).toEqual({ problem: "it lists a writer's changes twice", outOfStep: false });
  });

  it("says out of step for writers whose items wait on each other, which Yjs leaves pending", () => {
    const update = handMade([
      { client: 7, clock: 0, origin: [8, 0], text: "x" },
      { client: 8, clock: 0, origin: [7, 0], text: "y" },
    ]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    expect(doc.store.pendingStructs).not.toBeNull();
    expect(problemInUpdate(rulesFor(schemaFor("notes")), new Y.Doc(), update)).toEqual({ problem: expect.any(String), outOfStep: true });
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
