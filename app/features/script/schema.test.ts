import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { parseFountain, writeFountain } from "./fountain";
import { EditorState } from "@tiptap/pm/state";
import { scriptFromDoc, scriptFromJSON, scriptToJSON, screenplaySchema } from "./schema";
import { layoutScript } from "./layout";
import { docOfScript, replaceScript, scriptOfDoc } from "./ydoc";

const corpusDir = new URL("./corpus/", import.meta.url);
const files = readdirSync(corpusDir).filter((f) => f.endsWith(".fountain"));

describe("the screenplay in the live editor", () => {
  it.each(files)("%s: the editor's document holds every element, mark and attribute", (file) => {
    const { script } = parseFountain(readFileSync(new URL(file, corpusDir), "utf8"));
    const json = scriptToJSON(script);
    // A valid document for the editor's schema, or the editor would drop content.
    expect(() => screenplaySchema().nodeFromJSON(json).check()).not.toThrow();
    expect(scriptFromJSON(json)).toStrictEqual(script);
    // As the editor reads its own document to lay out pages.
    expect(scriptFromDoc(screenplaySchema().nodeFromJSON(json))).toStrictEqual(script);
    // Through the Yjs document the editors share, and back out as Fountain.
    const doc = docOfScript(script);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(scriptOfDoc(copy)).toStrictEqual(script);
    expect(writeFountain(scriptOfDoc(copy))).toBe(writeFountain(script));
  });

  it("reads the editor's document again after an edit, converting only the element that changed", () => {
    const { script } = parseFountain(readFileSync(new URL("les-veilleurs.fountain", corpusDir), "utf8"));
    const doc = screenplaySchema().nodeFromJSON(scriptToJSON(script));
    const before = scriptFromDoc(doc);
    let at = -1;
    doc.descendants((node, pos) => {
      if (at < 0 && node.type.name === "dialogue") at = pos + node.nodeSize - 1;
      return at < 0;
    });
    const state = EditorState.create({ doc });
    const edited = state.apply(state.tr.insertText(" Really.", at));
    const after = scriptFromDoc(edited.doc);
    expect(after).toStrictEqual(scriptFromJSON(edited.doc.toJSON()));
    const changed = after.elements.filter((e, i) => e !== before.elements[i]);
    expect(changed).toHaveLength(1);
    expect(changed[0]!.type).toBe("dialogue");
  });

  it("reads what a writer typed in the editor: a cue with its extension, a parenthetical with its brackets", () => {
    const script = scriptFromJSON({
      type: "doc",
      content: [
        { type: "character", content: [{ type: "text", text: "NOOR (V.O.)" }] },
        { type: "parenthetical", content: [{ type: "text", text: "(quietly)" }] },
        { type: "dialogue", content: [{ type: "text", text: "Come on." }, { type: "hardBreak" }, { type: "text", text: "Come on!", marks: [{ type: "bold" }] }] },
      ],
    });
    expect(script.elements).toStrictEqual([
      { type: "character", text: [{ text: "NOOR" }], extension: "V.O." },
      { type: "parenthetical", text: [{ text: "quietly" }] },
      { type: "dialogue", text: [{ text: "Come on.\n" }, { text: "Come on!", bold: true }] },
    ]);
  });

  it("keeps a note spanning lines one note through an import, and the page prints no line for it", () => {
    const source = "Noor taps the glass [[too long?\ncut the tapping\nif the scene runs over]] and the lamp holds.\n\nNOOR\nHere. [[one]]\n[[two]]\n";
    const { script } = parseFountain(source);
    const doc = docOfScript(script); // what an import stores
    const imported = scriptOfDoc(doc);
    // notes are not printed: the action is one line on the page, with no blank line inside it
    const lines = layoutScript(imported).pages[0]!.lines.filter((l) => l.element === 0);
    expect(lines.map((l) => l.runs.map((r) => r.text).join(""))).toEqual(["Noor taps the glass  and the lamp holds."]);
    expect(imported).toStrictEqual(script);
    expect(imported.elements[0]).toEqual({
      type: "action",
      text: [{ text: "Noor taps the glass " }, { text: "too long?\ncut the tapping\nif the scene runs over", note: true }, { text: " and the lamp holds." }],
    });
    // two notes on two lines stay two, with the line break between them
    expect(imported.elements[2]).toEqual({ type: "dialogue", text: [{ text: "Here. " }, { text: "one", note: true }, { text: "\n" }, { text: "two", note: true }] });
    expect(writeFountain(imported)).toBe(source);
  });

  it("an empty editor is an empty script, and an empty script opens as one empty action", () => {
    expect(scriptFromJSON(scriptToJSON({ titlePage: [], elements: [] }))).toStrictEqual({ titlePage: [], elements: [] });
  });

  it("replacing the script is one change that other copies receive", () => {
    const live = docOfScript(parseFountain("INT. KITCHEN - NIGHT\n\nNoor waits.\n").script);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(live));
    const next = parseFountain("EXT. STREET - DAY\n\nBasile drives.\n\nBASILE\nLast bus.\n").script;
    const update = replaceScript(live, next, "import");
    expect(update).not.toBeNull();
    Y.applyUpdate(other, update!);
    expect(scriptOfDoc(other)).toStrictEqual(next);
  });
});
