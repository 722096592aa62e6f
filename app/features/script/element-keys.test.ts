import { describe, expect, test } from "vitest";
import { enterAfter, keyRow, keyTable, opensParenthetical, tabFrom, typesSceneHeading } from "./element-keys";
import { elementTypes } from "./schema";

describe("the element keys follow Final Draft's defaults", () => {
  test.each([
    ["sceneHeading", "action"],
    ["action", "action"],
    ["character", "dialogue"],
    ["parenthetical", "dialogue"],
    ["dialogue", "action"],
    ["transition", "sceneHeading"],
    ["lyrics", "dialogue"],
    ["centered", "action"],
  ])("Enter after %s gives %s", (type, next) => {
    expect(enterAfter(type)).toBe(next);
  });

  test("the line after lyrics is never lyrics, nor after anything but lyrics", () => {
    for (const type of elementTypes) expect(enterAfter(type), type).not.toBe("lyrics");
  });

  test.each([
    ["action", "character"],
    ["character", "transition"],
    ["transition", "sceneHeading"],
    ["sceneHeading", "action"],
    ["dialogue", "parenthetical"],
    ["parenthetical", "dialogue"],
  ])("Tab on %s gives %s", (type, next) => {
    expect(tabFrom(type)).toBe(next);
  });

  test("Shift+Tab takes back what Tab did: action → character → transition → scene heading, dialogue → parenthetical", () => {
    for (const type of ["action", "character", "transition", "sceneHeading", "dialogue"]) {
      expect(tabFrom(tabFrom(type), true), type).toBe(type);
    }
  });

  test("Shift+Tab on a dialogue line goes back to its cue, never to a scene heading", () => {
    expect(tabFrom("dialogue", true)).toBe("character");
  });

  test("no key gives lyrics: they are chosen from the element menu", () => {
    for (const row of keyTable) expect([row.enter, row.tab, row.shiftTab], row.type).not.toContain("lyrics");
  });

  test("every element of the menu has its row, in the menu's order; anything else behaves as action", () => {
    expect(keyTable.map((r) => r.type)).toEqual([...elementTypes]);
    expect(keyRow("titleField")).toEqual(keyRow("action"));
  });

  test("'(' at the start of an empty dialogue line opens a parenthetical, nowhere else", () => {
    expect(opensParenthetical("dialogue", "", "(")).toBe(true);
    expect(opensParenthetical("dialogue", "Well", "(")).toBe(false);
    expect(opensParenthetical("action", "", "(")).toBe(false);
    expect(opensParenthetical("dialogue", "", "a")).toBe(false);
  });
});

describe("typing a scene heading's prefix at the start of an action makes it a heading", () => {
  test.each(["INT.", "ext ", "EST.", "INT./EXT ", "INT/EXT.", "I/E ", "I./E.", "i./e "])("%s", (typed) => {
    expect(typesSceneHeading(typed)).toBe(true);
  });
  test.each(["I.", "INTO", "EXTRA ", "E.", "INT./", "Ext", "I./E"])("not %s", (typed) => {
    expect(typesSceneHeading(typed)).toBe(false);
  });
});
