import fc from "fast-check";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { commonSubsequence, compareScripts } from "./compare";
import { parseFountain } from "./fountain";
import type { Element, Script } from "./model";

const veilleurs = () => parseFountain(readFileSync(path.join(import.meta.dirname, "corpus", "les-veilleurs.fountain"), "utf8")).script;
const clone = (s: Script): Script => structuredClone(s);
const action = (t: string): Element => ({ type: "action", text: [{ text: t }] });
const index = (s: Script, text: string) => s.elements.findIndex((e) => "text" in e && Array.isArray(e.text) && e.text.map((r) => r.text).join("") === text);

/** Length of a longest common subsequence, by dynamic programming. */
function lcsLength(a: number[], b: number[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(up, row[j - 1]!);
      diag = up;
    }
  }
  return row[b.length]!;
}

describe("the common subsequence", () => {
  it("is a longest one, with increasing positions on equal items", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 }), (a, b) => {
        const pairs = commonSubsequence(Int32Array.from(a), Int32Array.from(b));
        expect(pairs.length).toBe(lcsLength(a, b));
        pairs.forEach(([i, j], k) => {
          expect(a[i]).toBe(b[j]);
          if (k) {
            expect(i).toBeGreaterThan(pairs[k - 1]![0]);
            expect(j).toBeGreaterThan(pairs[k - 1]![1]);
          }
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe("comparing drafts", () => {
  it("marks nothing between a draft and itself, nor for changes that do not print", () => {
    const before = veilleurs();
    expect(compareScripts(before, clone(before))).toEqual({ changed: new Set(), removed: 0 });
    const after = clone(before);
    after.elements.splice(5, 0, { type: "note", text: "new note" }, { type: "synopsis", text: "s" });
    after.elements.push({ type: "boneyard", text: "cut scene" });
    const heading = after.elements[3]!;
    if (heading.type === "sceneHeading") heading.sceneNumber = "1A";
    const action = after.elements[11]!; // with an inline italic run: add a note inside it, split a run
    if (action.type === "action") action.text = [{ text: "A warm orange light falls on the pavement. " }, { text: "[not printed]", note: true }, ...action.text.map((r, i) => (i === 0 ? { text: r.text.slice(43) } : r))];
    expect(compareScripts(before, after)).toEqual({ changed: new Set(), removed: 0 });
  });

  it("marks a rewritten line and a new one, and only those", () => {
    const before = veilleurs();
    const after = clone(before);
    const okay = index(after, "Okay. That's new.");
    after.elements[okay] = { type: "dialogue", text: [{ text: "Okay. That's different." }] };
    after.elements.splice(20, 0, action("A cat crosses the street."));
    const result = compareScripts(before, after);
    expect([...result.changed].sort((x, y) => x - y)).toEqual([okay, 20]);
    expect(result.removed).toBe(0);
  });

  it("marks a change of emphasis, of a cue's extension, of centring", () => {
    const before = veilleurs();
    const after = clone(before);
    after.elements[12] = { type: "action", text: [{ text: "Noor nearly drops her " }, { text: "pliers", bold: true }, { text: "." }] };
    after.elements[35] = { type: "character", text: [{ text: "THE GROOM" }], extension: "O.S." };
    after.elements[69] = action("THE END");
    expect([...compareScripts(before, after).changed].sort((x, y) => x - y)).toEqual([12, 35, 69]);
  });

  it("marks the line standing where text was cut, and counts what was removed", () => {
    const before = veilleurs();
    const after = clone(before);
    after.elements.splice(12, 2); // "Noor nearly drops her pliers." and the next action
    const result = compareScripts(before, after);
    expect(result.removed).toBe(2);
    expect([...result.changed]).toEqual([12]); // NOOR's cue now stands there
    expect(after.elements[12]).toMatchObject({ type: "character" });

    const end = clone(before);
    end.elements.pop(); // "THE END" cut: the last line gets the mark
    expect(compareScripts(before, end)).toEqual({ changed: new Set([68]), removed: 1 });
  });

  it("counts a replaced element as modified, not removed", () => {
    const before = veilleurs();
    const after = clone(before);
    after.elements.splice(12, 2, action("Noor drops her pliers."));
    expect(compareScripts(before, after)).toEqual({ changed: new Set([12]), removed: 1 });
  });

  it("compares two 120-page drafts quickly", () => {
    const base = veilleurs().elements;
    const elements: Element[] = [];
    for (let copy = 0; elements.length < 3000; copy++) {
      for (const e of base) elements.push(e.type === "action" ? action(`${e.text.map((r) => r.text).join("")} (${copy})`) : structuredClone(e));
    }
    const before: Script = { titlePage: [], elements };
    const after = clone(before);
    for (let k = 0; k < 60; k++) after.elements[(k * 97 + 13) % after.elements.length] = action(`Rewritten ${k}.`);
    after.elements.splice(1500, 30);
    let t = performance.now();
    const result = compareScripts(before, after);
    expect(performance.now() - t).toBeLessThan(500);
    expect(result.changed.size).toBeGreaterThanOrEqual(55);
    expect(result.changed.size).toBeLessThanOrEqual(61);
    // two unrelated drafts: the worst case, still bounded
    const other: Script = { titlePage: [], elements: elements.map((e, i) => action(`Other ${i}`)) };
    t = performance.now();
    const worst = compareScripts(before, other);
    expect(performance.now() - t).toBeLessThan(3000);
    expect(worst.changed.size).toBe(other.elements.length);
  });
});
