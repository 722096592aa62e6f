import type { Node as PMNode } from "@tiptap/pm/model";
import { EditorState, type Transaction } from "@tiptap/pm/state";
import { initProseMirrorDoc, ProsemirrorBinding } from "@tiptap/y-tiptap";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { FRAGMENT } from "~/features/collab/content";
// The editor syncs through it: tested as it runs.
import "~/features/collab/local-changes";
import { parseFountain } from "./fountain";
import { screenplaySchema } from "./schema";
import { scriptWithClients, writersOf } from "./writers";
import { docOfScript } from "./ydoc";

/** A writer's editor on a copy of the document (y-tiptap's real binding, as the editor runs it). */
function writer(source: Y.Doc) {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(source));
  const fragment = ydoc.getXmlFragment(FRAGMENT);
  const { doc, mapping } = initProseMirrorDoc(fragment, screenplaySchema());
  const binding = new ProsemirrorBinding(fragment, mapping) as unknown as {
    prosemirrorView: { state: EditorState } | null;
    _prosemirrorChanged(doc: PMNode): void;
  };
  let state = EditorState.create({ doc: doc as PMNode, schema: screenplaySchema() });
  return {
    ydoc,
    get doc() {
      return state.doc;
    },
    edit(change: (tr: Transaction, doc: PMNode) => void) {
      const tr = state.tr;
      change(tr, state.doc);
      state = state.apply(tr);
      binding.prosemirrorView = { state };
      binding._prosemirrorChanged(state.doc);
    },
    /** What this writer did, sent to another copy (as the server relays it). */
    sendTo(other: Y.Doc) {
      Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc, Y.encodeStateVector(other)));
    },
  };
}

/** Where the text of the index-th element ends (elements in scene blocks). */
function endOf(doc: PMNode, index: number): number {
  let seen = -1;
  let end = -1;
  doc.descendants((node, pos) => {
    if (end >= 0) return false;
    if (node.isTextblock && ++seen === index) end = pos + 1 + node.content.size;
    return !node.isTextblock;
  });
  if (end < 0) throw new Error(`no element ${index}`);
  return end;
}

const schema = screenplaySchema();
const line = (type: string, text: string) => schema.nodes[type]!.create(null, text ? schema.text(text) : null);

/** Who wrote each element of the document, as names. */
function writtenBy(doc: Y.Doc, names: Map<number, string>) {
  const { script, clients } = scriptWithClients(doc);
  return script.elements.map((e, i) => {
    const { writers, unknown } = writersOf(clients[i]!, names);
    return { text: "text" in e && Array.isArray(e.text) ? e.text.map((r) => r.text).join("") : "", writers: writers.map((w) => `${w.userId}:${w.chars}`), unknown };
  });
}

describe("who wrote each line", () => {
  test("two writers: each line is named with whoever wrote its characters; one adding to the other's line makes two writers", () => {
    const server = docOfScript({ titlePage: [], elements: [] });
    const margaux = writer(server);
    // Margaux writes a heading and an action.
    margaux.edit((tr, doc) => {
      const end = endOf(doc, 0);
      tr.insertText("INT. BAKERY - NIGHT", end);
      tr.setBlockType(end, end, schema.nodes.sceneHeading!);
    });
    margaux.edit((tr, doc) => void tr.insert(endOf(doc, 0) + 1, line("action", "Flour in the air.")));
    margaux.sendTo(server);

    // Lena, on her copy, adds to Margaux's line and writes a cue and its dialogue.
    const lena = writer(server);
    lena.edit((tr, doc) => void tr.insertText(" Thick.", endOf(doc, 1)));
    lena.edit((tr, doc) => void tr.insert(endOf(doc, 1) + 1, [line("character", "NOOR"), line("dialogue", "Who's there?")]));
    // Margaux, concurrently, finishes her heading's line in the middle of it.
    margaux.edit((tr, doc) => void tr.insertText(" (LATER)", endOf(doc, 0)));
    lena.sendTo(server);
    margaux.sendTo(server);

    const names = new Map([
      [margaux.ydoc.clientID, "margaux"],
      [lena.ydoc.clientID, "lena"],
    ]);
    expect(writtenBy(server, names)).toEqual([
      { text: "INT. BAKERY - NIGHT (LATER)", writers: ["margaux:27"], unknown: false },
      { text: "Flour in the air. Thick.", writers: ["margaux:17", "lena:7"], unknown: false },
      { text: "NOOR", writers: ["lena:4"], unknown: false },
      { text: "Who's there?", writers: ["lena:12"], unknown: false },
    ]);
    // Every copy says the same.
    lena.edit(() => {});
    margaux.sendTo(lena.ydoc);
    expect(writtenBy(lena.ydoc, names)).toEqual(writtenBy(server, names));
  });

  test("a writer who rewrites most of another's line comes first; deleted words leave no writer", () => {
    const imported = docOfScript({ titlePage: [], elements: [{ type: "action", text: [{ text: "The door is shut." }] }] });
    // A copy that keeps deleted text as it was (no garbage collection): deleted is not written.
    const server = new Y.Doc({ gc: false });
    Y.applyUpdate(server, Y.encodeStateAsUpdate(imported));
    const first = writer(server);
    first.edit((tr, doc) => void tr.insertText(" Nobody comes.", endOf(doc, 0)));
    first.sendTo(server);
    const second = writer(server);
    // "The door is shut." goes; its place is taken by a longer sentence.
    second.edit((tr, doc) => void tr.insertText("A bell rings somewhere far below.", endOf(doc, 0) - " Nobody comes.".length - "The door is shut.".length, endOf(doc, 0) - " Nobody comes.".length));
    second.sendTo(server);
    const names = new Map([
      [imported.clientID, "importer"],
      [first.ydoc.clientID, "first"],
      [second.ydoc.clientID, "second"],
    ]);
    // Of the imported sentence only its full stop is left (the editor keeps what the old
    // and new text share).
    expect(writtenBy(server, names)).toEqual([{ text: "A bell rings somewhere far below. Nobody comes.", writers: ["second:32", "first:14", "importer:1"], unknown: false }]);
  });

  test("a line split by Enter: the part moved to the new line is credited to whoever split it (Yjs has no move)", () => {
    const server = docOfScript({ titlePage: [], elements: [] });
    const margaux = writer(server);
    margaux.edit((tr, doc) => void tr.insertText("Flour in the air. Wind.", endOf(doc, 0)));
    margaux.sendTo(server);
    const lena = writer(server);
    lena.edit((tr, doc) => void tr.split(endOf(doc, 0) - " Wind.".length));
    lena.sendTo(server);
    const names = new Map([
      [margaux.ydoc.clientID, "margaux"],
      [lena.ydoc.clientID, "lena"],
    ]);
    expect(writtenBy(server, names)).toEqual([
      { text: "Flour in the air.", writers: ["margaux:17"], unknown: false },
      { text: " Wind.", writers: ["lena:6"], unknown: false },
    ]);
  });

  test("text whose writer is not recorded is flagged, not given to anyone", () => {
    const server = docOfScript({ titlePage: [], elements: [{ type: "action", text: [{ text: "Before." }] }] });
    const w = writer(server);
    w.edit((tr, doc) => void tr.insertText(" After.", endOf(doc, 0)));
    w.sendTo(server);
    expect(writtenBy(server, new Map([[w.ydoc.clientID, "w"]]))).toEqual([{ text: "Before. After.", writers: ["w:7"], unknown: true }]);
  });

  test("a script's elements and their writers line up, in scene blocks and title page included", () => {
    const { script } = parseFountain("Title: Veilleurs\n\nINT. ROOF - NIGHT\n\nWind.\n\nNOOR\n(low)\nStay.\n\nCUT TO:\n\nEXT. STREET - DAY\n\nRain.\n");
    const doc = docOfScript(script);
    const { script: read, clients } = scriptWithClients(doc);
    expect(read).toEqual(script);
    expect(clients).toHaveLength(script.elements.length);
    const names = new Map([[doc.clientID, "importer"]]);
    expect(clients.map((c) => writersOf(c, names).writers.map((w) => w.userId))).toEqual(script.elements.map(() => ["importer"]));
  });
});
