import { readFileSync } from "node:fs";
import path from "node:path";
import type { Node as PMNode } from "@tiptap/pm/model";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { describe, expect, test } from "vitest";
import { parseFountain } from "~/features/script/fountain";
import { scriptToJSON, screenplaySchema } from "~/features/script/schema";
import { scanningForChild, searchingForChild } from "./decoration-lookup";

const doc: PMNode = screenplaySchema().nodeFromJSON(
  scriptToJSON(parseFountain(readFileSync(path.join(import.meta.dirname, "../script/corpus/les-veilleurs.fountain"), "utf8")).script),
);
const starts: number[] = [];
doc.forEach((_, offset) => void starts.push(offset));
const widget = (pos: number) => Decoration.widget(pos, () => document.createElement("div"), { side: -1 });

/** What each top-level element gets from the set, both ways. */
function bothWays(set: DecorationSet) {
  return starts.map((offset, i) => {
    const child = doc.child(i);
    return [searchingForChild.call(set, offset, child), scanningForChild.call(set, offset, child)];
  });
}

describe("decorations of an element, found by search", () => {
  test("is what the editor uses", () => {
    expect(DecorationSet.prototype.forChild).toBe(searchingForChild);
  });

  test("page markers, carets and passages: each element gets what ProseMirror's scan gives it", () => {
    const textblocks = starts.filter((_, i) => doc.child(i).content.size > 4);
    const set = DecorationSet.create(doc, [
      ...starts.filter((_, i) => i % 7 === 3).map(widget), // page markers between elements
      ...textblocks.filter((_, i) => i % 5 === 0).map((s) => widget(s + 2)), // carets
      ...textblocks.filter((_, i) => i % 9 === 0).map((s) => Decoration.inline(s + 1, s + 4, { class: "sp-commented" })), // passages
      ...starts.filter((_, i) => i % 11 === 0).map((s, i) => Decoration.node(s, s + doc.child(i * 11).nodeSize, { class: "x" })),
    ]);
    const pairs = bothWays(set);
    for (const [searched, scanned] of pairs) expect(searched).toBe(scanned);
    expect(pairs.filter(([s]) => s !== DecorationSet.empty).length).toBeGreaterThan(10);
  });

  test("a selection across elements (an inline decoration at the top) is left to ProseMirror", () => {
    const from = starts[10]! + 2;
    const to = starts[14]! + 2;
    const set = DecorationSet.create(doc, [...starts.map(widget), Decoration.inline(from, to, { class: "sel" })]);
    const pairs = bothWays(set);
    for (const [searched, scanned] of pairs) expect(searched).toEqual(scanned);
    expect(pairs.slice(10, 15).every(([s]) => s !== DecorationSet.empty)).toBe(true);
  });
});
