import fc from "fast-check";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseFountain } from "./fountain";
import { layoutScript, type Layout, type Line } from "./layout";
import type { Element, Run, Script } from "./model";

const corpus = (name: string) => readFileSync(path.join(import.meta.dirname, "corpus", name), "utf8");
const text = (l: { runs: Run[] }) => l.runs.map((r) => r.text).join("");
const script = (...elements: Element[]): Script => ({ titlePage: [], elements });
const heading = (t: string, sceneNumber?: string): Element => ({ type: "sceneHeading", text: [{ text: t }], ...(sceneNumber ? { sceneNumber } : {}) });
const action = (t: string): Element => ({ type: "action", text: [{ text: t }] });
const cue = (t: string, more: { extension?: string; dual?: true } = {}): Element => ({ type: "character", text: [{ text: t }], ...more });
const dialogue = (t: string): Element => ({ type: "dialogue", text: [{ text: t }] });
const paren = (t: string): Element => ({ type: "parenthetical", text: [{ text: t }] });
const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join("\n");
/** Where each line is: "row:column kind text". */
const positions = (lines: Line[]) => lines.map((l) => `${l.row}:${l.column} ${l.kind} ${text(l)}`);

/** A long script with all kinds of elements, deterministic. */
function longScript(scenes: number): Script {
  const elements: Element[] = [];
  const names = ["NOOR", "BASILE", "ANA", "THE GROOM", "SAMIR"];
  for (let s = 0; s < scenes; s++) {
    elements.push(heading(`${s % 3 ? "INT" : "EXT"}. PLACE ${s} - ${s % 2 ? "DAY" : "NIGHT"}`));
    elements.push(action(`Something happens in scene ${s}. `.repeat(1 + (s % 5))));
    for (let k = 0; k < 3 + (s % 4); k++) {
      const name = names[(s + k) % names.length]!;
      elements.push(cue(name, k === 2 && s % 3 === 0 ? { dual: true } : {}));
      if ((s + k) % 3 === 0) elements.push(paren("quietly, then louder and louder until the whole street hears"));
      elements.push(dialogue(`Line ${k} of scene ${s}. `.repeat(1 + ((s * 7 + k) % 9))));
    }
    if (s % 4 === 3) elements.push({ type: "transition", text: [{ text: "CUT TO:" }] });
    if (s % 17 === 16) elements.push({ type: "pageBreak" });
  }
  return script(...elements);
}

/** Invariants any layout must keep, whatever the script. */
function checkPages(layout: Layout, script: Script) {
  const L = layout.linesPerPage;
  layout.pages.forEach((page, p) => {
    expect(page.number).toBe(p + 1);
    expect(page.showNumber).toBe(p > 0);
    const seen = new Map<number, Line>();
    for (const line of page.lines) {
      expect(line.row).toBeGreaterThanOrEqual(0);
      expect(line.row).toBeLessThan(L);
      expect(line.column + text(line).length).toBeLessThanOrEqual(75);
      const other = seen.get(line.row);
      if (other) expect([other.side, line.side].sort()).toEqual(["left", "right"]); // only dual dialogue shares a row
      seen.set(line.row, line);
    }
    const last = page.lines.reduce<Line | undefined>((a, l) => (!a || l.row > a.row ? l : a), undefined);
    const forced = last && script.elements.slice(last.element + 1).find((e) => e.type !== "dialogue" && e.type !== "parenthetical")?.type === "pageBreak";
    if (last && p < layout.pages.length - 1 && !forced) {
      expect(last.kind).not.toBe("sceneHeading");
      expect(last.kind).not.toBe("character");
      expect(last.kind).not.toBe("parenthetical");
    }
    for (const more of page.lines.filter((l) => l.kind === "more")) {
      const next = layout.pages[p + 1]!;
      const contd = next.lines.find((l) => l.row === 0)!;
      expect(contd.kind).toBe("contd");
      expect(text(contd)).toMatch(/\(CONT'D\)$/);
      // two lines of dialogue above MORE, two lines of the speech under CONT'D
      const above = page.lines.filter((l) => l.row === more.row - 1 || l.row === more.row - 2);
      expect(above.map((l) => l.kind).sort()).toEqual(["dialogue", "dialogue"]);
      expect(next.lines.filter((l) => l.row === 1 || l.row === 2).every((l) => l.kind === "dialogue" || l.kind === "lyrics" || l.kind === "parenthetical")).toBe(true);
    }
  });
}

describe("positions on the page", () => {
  it("puts each kind of element at its row and column, with blank rows where a typist would", () => {
    const { script: s } = parseFountain("INT. KITCHEN - NIGHT\n\nNoor enters.\n\nNOOR (V.O.)\n(quietly)\nHello.\nIt's me.\n\nCUT TO:\n\n>THE END<\n");
    const layout = layoutScript(s);
    expect(layout.pages).toHaveLength(1);
    expect(positions(layout.pages[0]!.lines)).toEqual([
      "0:15 sceneHeading INT. KITCHEN - NIGHT",
      "2:15 action Noor enters.",
      "4:37 character NOOR (V.O.)",
      "5:31 parenthetical (quietly)",
      "6:25 dialogue Hello.",
      "7:25 dialogue It's me.",
      "9:68 transition CUT TO:",
      "11:41 centered THE END",
    ]);
  });

  it("wraps action at 60 columns and dialogue at 35, cutting words longer than the line", () => {
    const long = "word ".repeat(30).trim();
    const layout = layoutScript(script(action(long), cue("NOOR"), dialogue(long), action("x".repeat(70))));
    const lines = layout.pages[0]!.lines;
    const act = lines.filter((l) => l.element === 0).map(text);
    expect(act).toEqual(["word ".repeat(12).trim(), "word ".repeat(12).trim(), "word ".repeat(6).trim()]);
    const dia = lines.filter((l) => l.element === 2).map(text);
    expect(dia[0]).toBe("word ".repeat(7).trim());
    expect(dia.every((t) => t.length <= 35)).toBe(true);
    expect(lines.filter((l) => l.element === 3).map(text)).toEqual(["x".repeat(60), "x".repeat(10)]);
  });

  it("keeps leading spaces of action lines and empty lines inside an element", () => {
    const layout = layoutScript(script(action("    indented\n\nafter a gap")));
    expect(positions(layout.pages[0]!.lines)).toEqual(["0:15 action     indented", "2:15 action after a gap"]);
  });

  it("wraps a long parenthetical inside its parentheses, one column further in", () => {
    const layout = layoutScript(script(cue("ANA"), paren("counting on her floury fingers, one by one"), dialogue("Rue Mercière.")));
    const lines = layout.pages[0]!.lines.filter((l) => l.kind === "parenthetical");
    expect(lines.map((l) => [l.column, text(l)])).toEqual([
      [31, "(counting on her floury"],
      [32, "fingers, one by one)"],
    ]);
    expect(lines.every((l) => l.column + text(l).length <= 56)).toBe(true);
  });

  it("prints scene headings in capitals and keeps the marks of the text, without notes or boneyard", () => {
    const s = script(
      { type: "sceneHeading", text: [{ text: "int. cave - day" }], forced: true },
      { type: "action", text: [{ text: "She " }, { text: "runs", bold: true }, { text: " fast", note: true }, { text: " away", boneyard: true }, { text: "." }] },
    );
    const lines = layoutScript(s).pages[0]!.lines;
    expect(text(lines[0]!)).toBe("INT. CAVE - DAY");
    expect(lines[1]!.runs).toEqual([{ text: "She " }, { text: "runs", bold: true }, { text: "." }]);
  });

  it("prints stars and underscores that mark nothing as they were written (Fountain's emphasis hugs its text)", () => {
    const { script: s } = parseFountain("He writes 5 * 3 * 2 and opens my_secret_file.txt.\n");
    expect(layoutScript(s).pages[0]!.lines.map((l) => l.runs)).toEqual([
      [{ text: "He writes 5 * 3 * 2 and opens my_secret_file.txt." }],
    ]);
  });

  it("gives no lines to sections, synopses, notes and boneyard", () => {
    const s = script({ type: "section", depth: 1, text: "Act one" }, { type: "synopsis", text: "x" }, action("A."), { type: "note", text: "n" }, { type: "boneyard", text: "b" }, action("B."));
    expect(positions(layoutScript(s).pages[0]!.lines)).toEqual(["0:15 action A.", "2:15 action B."]);
  });

  it("sets dual dialogue side by side, both speeches from the same row", () => {
    const { script: s } = parseFountain(corpus("dual-dialogue.fountain"));
    const lines = layoutScript(s).pages[0]!.lines;
    expect(positions(lines)).toEqual([
      "0:24 character NOOR",
      "0:54 character BASILE",
      "1:15 dialogue Did you see that?",
      "1:45 dialogue Did you see that?",
      "3:24 character ANA (O.S.)",
      "3:54 character NOOR (V.O.)",
      "4:15 dialogue Who's there?",
      "4:45 dialogue Nobody.",
    ]);
    expect(lines.map((l) => l.side)).toEqual(["left", "right", "left", "right", "left", "right", "left", "right"]);
  });

  it("centres centred action on the action area and puts transitions flush right", () => {
    const s = script({ type: "action", text: [{ text: "THE END" }], centered: true }, { type: "transition", text: [{ text: "SMASH CUT TO:" }] });
    const [centred, transition] = layoutScript(s).pages[0]!.lines;
    expect(centred!.column).toBe(15 + Math.floor((60 - 7) / 2));
    expect(transition!.column + "SMASH CUT TO:".length).toBe(75);
  });

  it("counts CJK characters as two columns: Japanese dialogue wraps at 17 characters, a transition ends at col 75", () => {
    const japanese = "東京の夜は静かだった。誰も彼女の名前を知らない。でも私は覚えている。"; // 34 characters, no spaces
    const s = script(cue("ノール"), dialogue(japanese), { type: "transition", text: [{ text: "カットアウト" }] }, { type: "action", text: [{ text: "終" }], centered: true });
    const lines = layoutScript(s).pages[0]!.lines;
    const dia = lines.filter((l) => l.kind === "dialogue").map(text);
    expect(dia).toEqual([japanese.slice(0, 17), japanese.slice(17)]);
    expect(dia.join("")).toBe(japanese);
    const transition = lines.find((l) => l.kind === "transition")!;
    expect(transition.column).toBe(75 - 12); // six characters, twelve columns
    expect(lines.find((l) => l.kind === "centered")!.column).toBe(15 + 29);
    // Latin and Cyrillic stay one column each: 35 of them fit a dialogue line
    const russian = "Я".repeat(35);
    expect(layoutScript(script(cue("NOOR"), dialogue(russian))).pages[0]!.lines.filter((l) => l.kind === "dialogue").map(text)).toEqual([russian]);
  });

  it("never cuts inside a character: surrogate pairs and combining marks stay whole, text is read in NFC", () => {
    const emoji = "🎬".repeat(20); // 20 wide characters, 40 UTF-16 units
    const dia = layoutScript(script(cue("NOOR"), dialogue(emoji))).pages[0]!.lines.filter((l) => l.kind === "dialogue").map(text);
    expect(dia).toEqual(["🎬".repeat(17), "🎬".repeat(3)]);
    const decomposed = "Cafe\u0301 ".repeat(12).trim(); // "Café" with a combining accent, 4 columns each
    const act = layoutScript(script(action(decomposed))).pages[0]!.lines.map(text);
    expect(act).toEqual(["Café ".repeat(12).trim()]);
    expect(act[0]!.normalize("NFD")).toBe(decomposed);
  });
});

describe("page breaks", () => {
  it("splits a long speech with (MORE) under its last line and the cue again with (CONT'D)", () => {
    // heading row 0, 44 rows of action (2–45), the cue at 47: room for 5 lines and MORE
    const s = script(heading("INT. HALL - DAY"), action(numbered("line", 44)), cue("NOOR", { extension: "V.O." }), dialogue(numbered("Speech", 10)));
    const [one, two] = layoutScript(s).pages;
    expect(positions(one!.lines.filter((l) => l.row >= 47))).toEqual([
      "47:37 character NOOR (V.O.)",
      "48:25 dialogue Speech 1",
      "49:25 dialogue Speech 2",
      "50:25 dialogue Speech 3",
      "51:25 dialogue Speech 4",
      "52:25 dialogue Speech 5",
      "53:37 more (MORE)",
    ]);
    expect(positions(two!.lines).slice(0, 3)).toEqual(["0:37 contd NOOR (V.O.) (CONT'D)", "1:25 dialogue Speech 6", "2:25 dialogue Speech 7"]);
    expect(two!.lines.filter((l) => l.kind === "dialogue")).toHaveLength(5);
  });

  it("does not say CONT'D twice when the cue already says it", () => {
    const s = script(action(numbered("line", 46)), cue("ANA", { extension: "CONT'D" }), dialogue(numbered("Speech", 8)));
    const [, two] = layoutScript(s).pages;
    expect(text(two!.lines[0]!)).toBe("ANA (CONT'D)");
  });

  it("never ends a page on a parenthetical: the break moves up", () => {
    // rows free for the speech: 47–53; the natural break would leave "(beat)" above MORE
    const s = script(heading("INT. HALL - DAY"), action(numbered("line", 44)), cue("NOOR"), dialogue(numbered("Speech", 4)), paren("beat"), dialogue(numbered("More", 4)));
    const [one, two] = layoutScript(s).pages;
    const more = one!.lines.find((l) => l.kind === "more")!;
    expect(more.row).toBe(52);
    expect(one!.lines.find((l) => l.row === 51)!.kind).toBe("dialogue");
    expect(positions(two!.lines).slice(0, 2)).toEqual(["0:37 contd NOOR (CONT'D)", "1:31 parenthetical (beat)"]);
  });

  it("moves a cue with only room for one line of its speech to the next page", () => {
    // cue at 51, MORE at 53 would leave a single line above it
    const s = script(action(numbered("line", 50)), cue("NOOR"), dialogue(numbered("Speech", 6)));
    const [one, two] = layoutScript(s).pages;
    expect(one!.lines.some((l) => l.kind === "character" || l.kind === "more")).toBe(false);
    expect(positions(two!.lines)[0]).toBe("0:37 character NOOR");
  });

  it("moves a scene heading that would land on the last row to the next page", () => {
    const s = script(heading("INT. HALL - DAY"), action(numbered("line", 50)), heading("EXT. STREET - NIGHT"), action("Rain."));
    const [one, two] = layoutScript(s).pages;
    expect(one!.lines.at(-1)!.row).toBe(51);
    expect(positions(two!.lines)).toEqual(["0:15 sceneHeading EXT. STREET - NIGHT", "2:15 action Rain."]);
  });

  it("keeps a heading with at least two lines of the action under it", () => {
    // the heading fits at 51, but only one row of the 4-line action (split 2 + 2 at best) would follow it
    const s = script(action(numbered("line", 50)), heading("EXT. STREET - NIGHT"), action(numbered("rain", 4)));
    const [one, two] = layoutScript(s).pages;
    expect(one!.lines.some((l) => l.kind === "sceneHeading")).toBe(false);
    expect(two!.lines[0]!.kind).toBe("sceneHeading");
  });

  it("splits action with at least two lines on either side", () => {
    const s = script(action(numbered("a", 48)), action(numbered("b", 6)));
    const [one, two] = layoutScript(s).pages;
    // b starts at row 49: b1–b5 fit, but that would leave b6 alone on the next page
    expect(one!.lines.filter((l) => l.element === 1).map(text)).toEqual(["b 1", "b 2", "b 3", "b 4"]);
    expect(positions(two!.lines)).toEqual(["0:15 action b 5", "1:15 action b 6"]);
  });

  it("starts a new page at a page break, and not for a page break on an empty page", () => {
    const s = script(action("A."), { type: "pageBreak" }, { type: "pageBreak" }, action("B."));
    const { pages } = layoutScript(s);
    expect(pages.map((p) => positions(p.lines))).toEqual([["0:15 action A."], ["0:15 action B."]]);
  });

  it("lays out a 120-page script: rows within the page, numbers from page 2 on", () => {
    const s = longScript(400);
    const layout = layoutScript(s);
    expect(layout.pages.length).toBeGreaterThanOrEqual(120);
    checkPages(layout, s);
    expect(layout.pages.filter((p) => p.lines.some((l) => l.kind === "more")).length).toBeGreaterThan(5);
    // every printed word is on some page, in order
    const words = (t: string) => t.split(/\s+/).filter(Boolean);
    const printed = layout.pages.flatMap((p) => p.lines.filter((l) => l.kind !== "more" && l.kind !== "contd").sort((a, b) => a.row - b.row || a.column - b.column)).filter((l) => l.element >= 0);
    const byElement = new Map<number, string[]>();
    for (const l of printed) byElement.set(l.element, [...(byElement.get(l.element) ?? []), ...words(text(l))]);
    s.elements.forEach((e, i) => {
      if (e.type === "action" || e.type === "dialogue") expect(byElement.get(i)).toEqual(words(e.text[0]!.text));
    });
  });

  it("fits more rows on A4 than on Letter", () => {
    const s = longScript(200);
    const letter = layoutScript(s, { paper: "letter" });
    const a4 = layoutScript(s, { paper: "a4" });
    expect(letter.linesPerPage).toBe(54);
    expect(a4.linesPerPage).toBe(58);
    expect(a4.pages.length).toBeLessThan(letter.pages.length);
    checkPages(a4, s);
    expect(a4.pages.some((p) => p.lines.some((l) => l.row >= 54))).toBe(true);
  });

  it("keeps its rules on any script", () => {
    const el = fc.oneof(
      fc.constantFrom<Element>(heading("INT. ROOM - DAY"), { type: "pageBreak" }, { type: "transition", text: [{ text: "CUT TO:" }] }),
      fc.integer({ min: 1, max: 70 }).map((n) => action(numbered("act", n))),
      fc.tuple(fc.integer({ min: 1, max: 70 }), fc.boolean()).map(([n, p]) => [cue("NOOR"), ...(p ? [paren("beat")] : []), dialogue(numbered("say", n))]),
      // dual dialogue never splits: a pair nearly a page long could not follow its heading, keep them short
      fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 })).map(([a, b]) => [cue("ANA"), dialogue(numbered("hey", a)), cue("NOOR", { dual: true }), paren("beat"), dialogue(numbered("say", b))]),
    );
    fc.assert(
      fc.property(fc.array(el, { maxLength: 40 }), fc.constantFrom("letter" as const, "a4" as const), (parts, paper) => {
        const s = script(...parts.flat());
        checkPages(layoutScript(s, { paper }), s);
      }),
      { numRuns: 150 },
    );
  });
});

describe("scenes, numbers and revisions", () => {
  it("numbers scenes with their own number or their position, on the heading lines when asked", () => {
    const s = script(heading("INT. A - DAY", "12A"), action("x"), heading("INT. B - DAY"), action("y"));
    const plain = layoutScript(s);
    expect(plain.scenes.map((sc) => sc.sceneNumber)).toEqual(["12A", "2"]);
    expect(plain.pages[0]!.lines.some((l) => l.sceneNumber)).toBe(false);
    const shown = layoutScript(s, { sceneNumbers: true });
    expect(shown.pages[0]!.lines.filter((l) => l.sceneNumber).map((l) => [l.row, l.sceneNumber])).toEqual([
      [0, "12A"],
      [4, "2"],
    ]);
  });

  it("measures scenes in eighths of a page, at least one eighth, and knows their page", () => {
    const s = script(heading("INT. A - DAY"), action("x"), heading("INT. B - DAY"), action(numbered("l", 80)), heading("INT. C - DAY"), action("z"));
    const { scenes, pages } = layoutScript(s);
    expect(pages).toHaveLength(2);
    expect(scenes.map((sc) => sc.page)).toEqual([1, 1, 2]);
    // A: 4 rows of 54 → 1/8; B: 2 rows + 80 rows + the blank before C = 83 rows → 12/8
    expect(scenes.map((sc) => sc.eighths)).toEqual([1, 12, 1]);
  });

  it("marks the lines of changed elements as revised, and only those", () => {
    const s = script(heading("INT. A - DAY"), action("Old."), action("New line\nand another."), cue("NOOR"), dialogue("Changed."));
    const lines = layoutScript(s, { changed: new Set([2, 4]) }).pages[0]!.lines;
    expect(lines.filter((l) => l.revised).map(text)).toEqual(["New line", "and another.", "Changed."]);
  });

  it("lays out the title page: title a third down, centred; contact and draft date at the bottom corners", () => {
    const { script: s } = parseFountain(corpus("les-veilleurs.fountain"));
    const title = layoutScript(s).titlePage!;
    const at = (t: string) => title.find((l) => text(l) === t)!;
    expect(at("LES VEILLEURS")).toMatchObject({ row: 18, column: 15 + Math.floor((60 - 13) / 2) });
    expect(at("Written by").row).toBe(21);
    expect(at("Margaux Lefèvre, producer")).toMatchObject({ row: 52, column: 15 });
    expect(at("Second draft")).toMatchObject({ row: 53, column: 75 - 12 });
    expect(title.some((l) => text(l).includes("CC BY-SA"))).toBe(false); // unknown keys are metadata
    expect(layoutScript(script(action("x"))).titlePage).toBeNull();
  });
});
