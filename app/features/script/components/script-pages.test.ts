import { readFileSync } from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { parseFountain } from "../fountain";
import { layoutScript } from "../layout";
import type { Script } from "../model";
import { ScriptPages } from "./script-pages";

const veilleurs = () => parseFountain(readFileSync(path.join(import.meta.dirname, "..", "corpus", "les-veilleurs.fountain"), "utf8")).script;
const render = (script: Script, options: Parameters<typeof layoutScript>[1] = {}) => {
  const layout = layoutScript(script, options);
  const html = renderToStaticMarkup(createElement(ScriptPages, { layout }));
  return { layout, html, doc: parse(html) };
};

/** The <section> and <div> elements of static markup, with their attributes and text (no DOM library here). */
function parse(html: string) {
  const elements = [...html.matchAll(/<(section|div)([^>]*)>/g)].map((m) => {
    const attrs = Object.fromEntries([...m[2]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
    const start = m.index + m[0].length;
    const inner = html.slice(start, html.indexOf(`</${m[1]}>`, start));
    return { tag: m[1]!, attrs, text: inner.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/&lt;/g, "<") };
  });
  return { elements, lines: elements.filter((e) => e.attrs.class?.startsWith("script-line ")) };
}

describe("ScriptPages", () => {
  it("draws one box per page, the title page first, inside a .script-pages container", () => {
    const { layout, doc, html } = render(veilleurs());
    expect(html.startsWith('<div class="script-pages script-pages-letter">')).toBe(true);
    const pages = doc.elements.filter((e) => e.tag === "section");
    expect(pages.map((p) => p.attrs["data-page"])).toEqual(["title", ...layout.pages.map((p) => String(p.number))]);
    expect(pages[1]!.attrs["aria-label"]).toBe("Page 1");
    expect(render(veilleurs(), { paper: "a4" }).html).toContain('class="script-pages script-pages-a4"');
  });

  it("places every line at its row and column, with data attributes for its page, row and kind", () => {
    const { layout, doc } = render(veilleurs());
    const lines = doc.lines.filter((l) => l.attrs["data-page"] !== "title");
    expect(lines).toHaveLength(layout.pages.reduce((n, p) => n + p.lines.length, 0));
    const expected = layout.pages.flatMap((p) => p.lines.map((l) => [String(p.number), String(l.row), l.kind, `--col:${l.column};--row:${l.row}`, l.runs.map((r) => r.text).join("")]));
    expect(lines.map((l) => [l.attrs["data-page"], l.attrs["data-row"], l.attrs["data-kind"], l.attrs.style, l.text])).toEqual(expected);
    const cue = lines.find((l) => l.text === "THE GROOM (V.O.)")!;
    expect(cue.attrs).toMatchObject({ "data-kind": "character", style: "--col:37;--row:9", "data-page": "2" });
  });

  it("numbers pages from the second, top right, and marks revised lines with *", () => {
    const { doc } = render(veilleurs(), { changed: new Set([26, 27]) }); // Basile's dual speech
    const numbers = doc.elements.filter((e) => e.attrs.class === "script-page-number");
    expect(numbers.map((n) => [n.text, n.attrs.style])).toEqual([
      ["2.", "--col:73;--row:-3"],
      ["3.", "--col:73;--row:-3"],
    ]);
    const marks = doc.elements.filter((e) => e.attrs.class === "script-revision-mark");
    // the dual cue and its line share rows with Noor's: one mark a row
    expect(marks.map((m) => [m.text, m.attrs["data-row"], m.attrs.style])).toEqual([
      ["*", "47", "--col:80;--row:47"],
      ["*", "48", "--col:80;--row:48"],
    ]);
  });

  it("shows emphasis with strong, em and u, and script text only as text", () => {
    const script: Script = {
      titlePage: [],
      elements: [{ type: "action", text: [{ text: "<img src=x onerror=alert(1)> " }, { text: "bold", bold: true }, { text: " " }, { text: "both", bold: true, italic: true, underline: true }] }],
    };
    const { html } = render(script);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; <strong>bold</strong> <strong><em><u>both</u></em></strong>");
    expect(html).not.toContain("<img");
  });

  it("prints scene numbers in both margins when the layout has them", () => {
    const { doc } = render(veilleurs(), { sceneNumbers: true });
    const numbers = doc.elements.filter((e) => e.attrs.class === "script-scene-number");
    expect(numbers.slice(0, 2).map((n) => [n.text, n.attrs.style])).toEqual([
      ["1", "--col:11;--row:2"],
      ["1", "--col:76;--row:2"],
    ]);
  });

  it("sizes pages from the container's width, so that they never scroll sideways", () => {
    const css = readFileSync(path.join(import.meta.dirname, "script-pages.css"), "utf8");
    expect(css).toMatch(/\.script-pages \{[^}]*container-type: inline-size/);
    expect(css).toMatch(/--page-w: min\(100cqw, var\(--paper-width\)\)/);
    expect(css).toMatch(/\.script-page \{[^}]*overflow: hidden/);
  });
});
