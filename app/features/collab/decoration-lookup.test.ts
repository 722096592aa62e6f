import { readFileSync } from "node:fs";
import path from "node:path";
import type { Node as PMNode } from "@tiptap/pm/model";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { describe, expect, test } from "vitest";
import { parseFountain } from "~/features/script/fountain";
import { SCENE_BLOCK, screenplaySchema } from "~/features/script/schema";
import { elementsOf, scriptForms } from "../../../tests/support/script-docs";
import { scanningForChild, searchingForChild } from "./decoration-lookup";

const script = parseFountain(readFileSync(path.join(import.meta.dirname, "../script/corpus/les-veilleurs.fountain"), "utf8")).script;
const widget = (pos: number) => Decoration.widget(pos, () => document.createElement("div"), { side: -1 });

test("the search is what the editor uses", () => {
  expect(DecorationSet.prototype.forChild).toBe(searchingForChild);
});

describe.each(scriptForms)("decorations of an element, found by search, $form", ({ jsonOf }) => {
  const doc: PMNode = screenplaySchema().nodeFromJSON(jsonOf(script));
  const elements = elementsOf(doc);
  const starts = elements.map(({ pos }) => pos);

  /** What each node the editor asks about gets from the set, both ways: each top-level node
   * and, inside a scene block, each of its elements (from what the block got). */
  function bothWays(set: DecorationSet) {
    const asked: { node: PMNode; searched: unknown; scanned: unknown }[] = [];
    const ask = (source: DecorationSet, parent: PMNode) =>
      parent.forEach((node, offset) => {
        const searched = searchingForChild.call(source, offset, node);
        asked.push({ node, searched, scanned: scanningForChild.call(source, offset, node) });
        if (node.type.name !== SCENE_BLOCK) return;
        expect(searched).toBeInstanceOf(DecorationSet);
        ask(searched as DecorationSet, node);
      });
    ask(set, doc);
    const pairs = asked.map(({ searched, scanned }) => [searched, scanned]);
    /** The same, for the elements only (in the order of `elements`). */
    const ofElements = asked.filter(({ node }) => node.type.name !== SCENE_BLOCK).map(({ searched, scanned }) => [searched, scanned]);
    expect(ofElements).toHaveLength(elements.length);
    return { pairs, ofElements };
  }

  test("page markers, carets and passages: each element gets what ProseMirror's scan gives it", () => {
    const textblocks = elements.filter(({ node }) => node.content.size > 4).map(({ pos }) => pos);
    const set = DecorationSet.create(doc, [
      ...starts.filter((_, i) => i % 7 === 3).map(widget), // page markers between elements
      ...textblocks.filter((_, i) => i % 5 === 0).map((s) => widget(s + 2)), // carets
      ...textblocks.filter((_, i) => i % 9 === 0).map((s) => Decoration.inline(s + 1, s + 4, { class: "sp-commented" })), // passages
      ...elements.filter((_, i) => i % 11 === 0).map(({ pos, node }) => Decoration.node(pos, pos + node.nodeSize, { class: "x" })),
    ]);
    const { pairs, ofElements } = bothWays(set);
    for (const [searched, scanned] of pairs) expect(searched).toBe(scanned);
    expect(ofElements.filter(([s]) => s !== DecorationSet.empty).length).toBeGreaterThan(10);
  });

  test("a selection across elements (an inline decoration at the top) is left to ProseMirror", () => {
    // In scene blocks, these elements share a block: the decoration is at the top of the
    // block's set, where its elements are looked up.
    const from = starts[10]! + 2;
    const to = starts[14]! + 2;
    const set = DecorationSet.create(doc, [...starts.map(widget), Decoration.inline(from, to, { class: "sel" })]);
    const { pairs, ofElements } = bothWays(set);
    for (const [searched, scanned] of pairs) expect(searched).toEqual(scanned);
    expect(ofElements.slice(10, 15).every(([s]) => s !== DecorationSet.empty)).toBe(true);
  });
});
