// On screen as on paper, in Chromium: the whole corpus imported into one script; each
// element's text starts (a transition's ends) in the same column of the page on screen as
// in the PDF's layout, counted in character widths of the page's font, within one
// character; the two halves of dual dialogue sit side by side. In the live editor on a
// desk, in the read-only live view on a phone, and in the page the server sends. Readers
// are told they read live, with no words about changes of their own.
import { readdirSync, readFileSync } from "node:fs";
import type { Locator } from "playwright-core";
import type { Layout, Line } from "~/features/script/layout";
import type { Element, Script } from "~/features/script/model";
import { testProduction, testUser } from "../support/collab";
import { a11y, baseUrl, expect, signInAs, test, visit } from "../support/browser";
import { connected, scriptEditor, scriptReader } from "../support/screenplay";


/** Two dual dialogues in a row, the first one's left half the longer, the second's right. */
const unevenDuals = `BOB
(softly, with a parenthetical long enough to wrap twice over)
Hi.

ANA ^
No.

NOOR
Still here?

BASILE ^
Every word of this line is a word too many for a column of twenty-eight.

They stop.
`;

/** Every file of the corpus, one after the other, as one script (the first title page),
 *  and uneven dual dialogues. */
async function corpusScript(): Promise<Script> {
  const { parseFountain } = await import("~/features/script/fountain");
  const dir = new URL("../../app/features/script/corpus/", import.meta.url);
  const out: Script = { titlePage: [], elements: [] };
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".fountain")).sort()) {
    const { script } = parseFountain(readFileSync(new URL(file, dir), "utf8"));
    if (!out.titlePage.length) out.titlePage = script.titlePage;
    out.elements.push(...script.elements);
  }
  out.elements.push(...parseFountain(unevenDuals).script.elements);
  return out;
}

type Shown = { type: string; left: number; right: number; top: number } | { type: string; empty: true };

/**
 * Each element of a page box (`.screenplay`) in order: its type, where its text starts
 * (first character's left edge) and ends (last character's right edge), in columns from
 * the page's left edge, and the top of its first line in pixels.
 */
function shownElements(page: Locator): Promise<Shown[]> {
  return page.evaluate((root) => {
    const origin = root.getBoundingClientRect().left + root.clientLeft;
    const probe = document.createElement("span");
    probe.textContent = "0".repeat(100);
    probe.style.cssText = "position: absolute; visibility: hidden; white-space: pre";
    const style = getComputedStyle(root);
    probe.style.fontFamily = style.fontFamily;
    probe.style.fontSize = style.fontSize;
    document.body.append(probe);
    const column = probe.getBoundingClientRect().width / 100;
    probe.remove();
    const range = document.createRange();
    return [...root.querySelectorAll<HTMLElement>("p.sp, hr.sp")].map((el) => {
      const type = [...el.classList].find((c) => c.startsWith("sp-") && !c.startsWith("sp-dual") && c !== "sp-in-speech") ?? "?";
      const texts: Text[] = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.textContent && !n.parentElement?.closest(".collaboration-carets__caret")) texts.push(n as Text);
      }
      const first = texts[0];
      const last = texts[texts.length - 1];
      if (!first || !last) return { type, empty: true as const };
      range.setStart(first, 0);
      range.setEnd(first, 1);
      const start = range.getClientRects()[0]!;
      range.setStart(last, last.length - 1);
      range.setEnd(last, last.length);
      const rects = range.getClientRects();
      const end = rects[rects.length - 1]!;
      return { type, left: (start.left - origin) / column, right: (end.right - origin) / column, top: start.top };
    });
  });
}

const typeOf = (e: Element) => (e.type === "action" && e.centered ? "action" : e.type);

/**
 * Where each printing element is on screen against where the layout prints it; the
 * differences, one line each (none is right), and which kinds of line were compared.
 */
function compare(script: Script, layout: Layout, shown: Shown[], right: number, skip: (e: Element) => boolean) {
  const first = new Map<number, Line>();
  for (const page of layout.pages) for (const line of page.lines) if (line.element >= 0 && !first.has(line.element) && line.kind !== "more" && line.kind !== "contd") first.set(line.element, line);
  const indices = script.elements.flatMap((e, i) => (skip(e) ? [] : [i]));
  expect(shown.map((s) => s.type)).toEqual(indices.map((i) => `sp-${typeOf(script.elements[i]!)}`));
  const wrong: string[] = [];
  const kinds = new Set<string>();
  const at = new Map<number, Shown>();
  indices.forEach((index, k) => {
    const line = first.get(index);
    const s = shown[k]!;
    at.set(index, s);
    if (!line || "empty" in s) return;
    kinds.add(line.side ? `${line.kind} (${line.side})` : line.kind);
    const text = line.runs.map((r) => r.text).join("");
    // A transition is flush right: its last character ends at the right margin.
    const [what, got, want] = line.kind === "transition" ? ["ends", s.right, right] : ["starts", s.left, line.column];
    if (Math.abs(got - want) > 1) wrong.push(`${line.kind}${line.side ? ` (${line.side})` : ""} "${text}" ${what} at column ${got.toFixed(1)}, printed at ${want}`);
  });
  // Dual dialogue: the right cue on the left cue's row, the halves side by side.
  const duals: string[] = [];
  const placed = (i: number) => {
    const s = at.get(i);
    return s && !("empty" in s) ? s : undefined;
  };
  const sideOf = (i: number) => first.get(i)?.side;
  for (const [index, line] of first) {
    if (line.side !== "right" || line.kind !== "character") continue;
    let start = index - 1;
    while (sideOf(start - 1) === "left") start--;
    let end = index;
    while (sideOf(end + 1) === "right") end++;
    const lefts = Array.from({ length: index - start }, (_, k) => placed(start + k)).filter((s) => s !== undefined);
    const rights = Array.from({ length: end - index + 1 }, (_, k) => placed(index + k)).filter((s) => s !== undefined);
    const [l, r] = [lefts[0], rights[0]];
    if (!l || !r) continue;
    const row = Math.abs(l.top - r.top) < 2 ? "same row" : `rows at ${l.top}px and ${r.top}px`;
    const apart = Math.max(...lefts.map((s) => s.right)) <= Math.min(...rights.map((s) => s.left)) ? "side by side" : "overlapping";
    duals.push(`${row}, ${apart}`);
  }
  return { wrong, kinds: [...kinds].sort(), duals };
}

const everyKind = [
  "action",
  "centered",
  "character",
  "character (left)",
  "character (right)",
  "dialogue",
  "dialogue (left)",
  "dialogue (right)",
  "lyrics",
  "parenthetical",
  "parenthetical (left)",
  "sceneHeading",
  "transition",
];

/** One production holding the corpus, shared by the tests of this file. */
let prepared: Promise<{ script: Script; layout: Layout; path: string; producer: Awaited<ReturnType<typeof testUser>>; right: number; duals: string[] }> | undefined;
function corpusProduction() {
  prepared ??= (async () => {
    const producer = await testUser("margaux");
    const { production } = await testProduction(producer);
    const { importFountain, scriptDocName, currentScript } = await import("~/features/script/script.server");
    const { resolveDocument } = await import("~/features/collab/store.server");
    const { writeFountain } = await import("~/features/script/fountain");
    const { COLUMNS, layoutScript } = await import("~/features/script/layout");
    const info = (await resolveDocument(scriptDocName(production.id)))!;
    const outcome = await importFountain(info, writeFountain(await corpusScript()), producer.id, "corpus.fountain");
    expect(outcome.ok).toBe(true);
    const script = await currentScript(info.name);
    const layout = layoutScript(script);
    const dualCount = layout.pages.flatMap((p) => p.lines).filter((l) => l.side === "right" && l.kind === "character").length;
    expect(dualCount).toBeGreaterThan(0);
    // what each dual dialogue must look like
    const duals = Array.from({ length: dualCount }, () => "same row, side by side");
    return { script, layout, path: `/p/${production.slug}/script`, producer, right: COLUMNS.right, duals };
  })();
  return prepared;
}

test("in the writer's live editor, every element of the corpus sits where the PDF prints it", async ({ person }) => {
  const { script, layout, path, producer, right, duals } = await corpusProduction();
  const writer = await person();
  await signInAs(writer, producer);
  await visit(writer, path);
  await connected(writer);
  // Dual dialogue is placed once the editor has laid the script out.
  await expect.poll(() => scriptEditor(writer).locator(".sp-dual-right").count(), { timeout: 10_000 }).toBeGreaterThan(0);
  const shown = compare(script, layout, await shownElements(scriptEditor(writer)), right, () => false);
  expect(shown.wrong).toEqual([]);
  expect(shown.kinds).toEqual(everyKind);
  expect(shown.duals).toEqual(duals);
});

test("a visitor on a phone reads live, told so in English and French, the page in its columns", async ({ person }) => {
  const { script, layout, path, right, duals } = await corpusProduction();
  const visitor = await person({ viewport: { width: 390, height: 844 }, hasTouch: true });
  await visit(visitor, path);
  await expect.poll(() => visitor.getByTestId("connection-state").textContent()).toBe("Reading live: the writers' changes appear as they type.");
  expect(await visitor.locator("main").textContent()).not.toContain("your changes");
  // The page scrolls sideways inside its frame, never the whole screen.
  expect(await visitor.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  // The visitor's live view has no editor (decision 0047): a boneyard is not shown, as on the page the server sends.
  await expect.poll(() => scriptReader(visitor).locator(".sp-dual-right").count(), { timeout: 10_000 }).toBeGreaterThan(0);
  const shown = compare(script, layout, await shownElements(scriptReader(visitor)), right, (e) => e.type === "boneyard");
  expect(shown.wrong).toEqual([]);
  expect(shown.duals).toEqual(duals);
  await a11y(visitor);

  const lecteur = await person({ locale: "fr-FR" });
  await visit(lecteur, path);
  await expect.poll(() => lecteur.getByTestId("connection-state").textContent()).toBe("Lecture en direct : les modifications des auteurs apparaissent à mesure qu'ils écrivent.");
  expect(await lecteur.locator("main").textContent()).not.toContain("vos modifications");
});

test("the page the server sends (before the live view, or without JavaScript) has the same columns", async ({ browser }) => {
  const { script, layout, path, right, duals } = await corpusProduction();
  const context = await browser.newContext({ baseURL: baseUrl, javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(path);
    const shown = compare(script, layout, await shownElements(page.getByTestId("script-view")), right, (e) => e.type === "boneyard");
    expect(shown.wrong).toEqual([]);
    expect(shown.kinds).toEqual(everyKind);
    expect(shown.duals).toEqual(duals);
  } finally {
    await context.close();
  }
});

test("the wiki's and the notes' read-only views say nothing of a reader's changes", async ({ person }) => {
  const producer = await testUser("margaux");
  const { production } = await testProduction(producer);
  const { createPage } = await import("~/features/wiki/wiki.server");
  const created = await createPage(production.id, producer.id, { title: "Noor", category: "character" });
  if (!created.ok) throw new Error(created.problem);
  const visitor = await person();
  for (const path of [`/p/${production.slug}/notes`, `/p/${production.slug}/wiki/${created.page.slug}`]) {
    await visit(visitor, path);
    expect(await visitor.locator("main").textContent(), path).not.toContain("your changes");
  }
});
