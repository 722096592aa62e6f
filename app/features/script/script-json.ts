// The screenplay's editor JSON ⇄ the model (./model.ts), without the editor: the server,
// the editor (./schema.ts re-exports these) and the reading view, which draws the live
// document with no Tiptap or ProseMirror in the page (decision 0047). See ./schema.ts for
// the choices where the model and the editor differ.
import type { JSONContent } from "@tiptap/core";
import type { Element, Run, Script, SectionDepth, TitleField } from "./model";

// Elements are grouped in scene blocks (decision 0016); see ./schema.ts.
export const SCENE_BLOCK = "sceneBlock";

// ─── editor JSON ⇄ model ────────────────────────────────────────────────────

type MarkName = "bold" | "italic" | "underline" | "inlineNote" | "inlineBoneyard";

function runsToContent(runs: readonly Run[]): JSONContent[] {
  const out: JSONContent[] = [];
  for (const run of runs) {
    const marks: JSONContent["marks"] = [];
    if (run.note) marks.push({ type: "inlineNote" });
    else if (run.boneyard) marks.push({ type: "inlineBoneyard" });
    else {
      if (run.bold) marks.push({ type: "bold" });
      if (run.italic) marks.push({ type: "italic" });
      if (run.underline) marks.push({ type: "underline" });
    }
    const lineBreak: JSONContent = run.note || run.boneyard ? { type: "inlineBreak", attrs: { of: run.note ? "note" : "boneyard" } } : { type: "hardBreak" };
    run.text.split("\n").forEach((part, i) => {
      if (i > 0) out.push(lineBreak);
      if (part) out.push(marks.length ? { type: "text", text: part, marks } : { type: "text", text: part });
    });
  }
  return out;
}

function linesToContent(text: string): JSONContent[] {
  return runsToContent([{ text }]);
}

function runsOf(content: readonly JSONContent[] | undefined): Run[] {
  const runs: Run[] = [];
  let within: Run | null = null; // the note or boneyard an inline break continues
  for (const node of content ?? []) {
    let run: Run;
    if (node.type === "inlineBreak") {
      const boneyard = attrsOf(node).of === "boneyard";
      const last = runs.at(-1);
      if (last && (boneyard ? last.boneyard : last.note)) last.text += "\n";
      else runs.push(boneyard ? { text: "\n", boneyard: true } : { text: "\n", note: true });
      within = runs.at(-1)!;
      continue;
    }
    if (node.type === "hardBreak") run = { text: "\n" };
    else if (node.type === "text" && node.text) {
      const names = new Set((node.marks ?? []).map((m) => m.type as MarkName));
      run = { text: node.text };
      if (names.has("inlineNote")) run.note = true;
      else if (names.has("inlineBoneyard")) run.boneyard = true;
      else {
        if (names.has("bold")) run.bold = true;
        if (names.has("italic")) run.italic = true;
        if (names.has("underline")) run.underline = true;
      }
    } else continue;
    const last = runs.at(-1);
    // Notes and boneyard stay one run each, as the parser gives them (the text after a line break inside one is still it).
    if (last && last === within && !!run.note === !!last.note && !!run.boneyard === !!last.boneyard) last.text += run.text;
    else if (last && !run.note && !run.boneyard && !last.note && !last.boneyard && sameMarks(last, run)) last.text += run.text;
    else runs.push(run);
    within = null;
  }
  return runs;
}

const sameMarks = (a: Run, b: Run) => !a.bold === !b.bold && !a.italic === !b.italic && !a.underline === !b.underline;

const plainText = (content: readonly JSONContent[] | undefined) =>
  (content ?? []).map((n) => (n.type === "hardBreak" ? "\n" : (n.text ?? ""))).join("");

/** Cut runs at a character offset of their joined text. */
function splitRuns(runs: readonly Run[], at: number): [Run[], Run[]] {
  const head: Run[] = [];
  const tail: Run[] = [];
  let seen = 0;
  for (const run of runs) {
    const end = seen + run.text.length;
    if (end <= at) head.push(run);
    else if (seen >= at) tail.push(run);
    else {
      head.push({ ...run, text: run.text.slice(0, at - seen) });
      tail.push({ ...run, text: run.text.slice(at - seen) });
    }
    seen = end;
  }
  return [head, tail];
}

function trimRuns(runs: Run[]): Run[] {
  const out = runs.map((r) => ({ ...r }));
  while (out.length && !out[0]!.note && !out[0]!.boneyard && !(out[0]!.text = out[0]!.text.trimStart())) out.shift();
  while (out.length && !out.at(-1)!.note && !out.at(-1)!.boneyard && !(out.at(-1)!.text = out.at(-1)!.text.trimEnd())) out.pop();
  return out;
}

const attrsOf = (node: JSONContent) => (node.attrs ?? {}) as Record<string, unknown>;
const optionalFlag = (on: unknown) => (on === true ? (true as const) : undefined);

function withFlags<T extends object>(base: T, flags: Record<string, true | undefined | string>): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(flags)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** A model element as the editor's node. */
export function elementToNode(e: Element): JSONContent {
  switch (e.type) {
    case "sceneHeading":
      return { type: e.type, attrs: { sceneNumber: e.sceneNumber ?? null, forced: !!e.forced }, content: runsToContent(e.text) };
    case "action":
      return { type: e.type, attrs: { centered: !!e.centered, forced: !!e.forced }, content: runsToContent(e.text) };
    case "character": {
      const runs = e.extension !== undefined ? [...e.text, { text: ` (${e.extension})` }] : e.text;
      return { type: e.type, attrs: { dual: !!e.dual, forced: !!e.forced }, content: runsToContent(runs) };
    }
    case "parenthetical":
      return { type: e.type, content: runsToContent([{ text: "(" }, ...e.text, { text: ")" }]) };
    case "transition":
      return { type: e.type, attrs: { forced: !!e.forced }, content: runsToContent(e.text) };
    case "dialogue":
    case "lyrics":
      return { type: e.type, content: runsToContent(e.text) };
    case "pageBreak":
      return { type: "pageBreak" };
    case "section":
      return { type: e.type, attrs: { depth: e.depth }, content: linesToContent(e.text) };
    case "synopsis":
    case "note":
    case "boneyard":
      return { type: e.type, content: linesToContent(e.text) };
  }
}

/** The editor's node as a model element (null for what the model has no place for). */
export function nodeToElement(node: JSONContent): Element | null {
  const attrs = attrsOf(node);
  const runs = () => runsOf(node.content);
  switch (node.type) {
    case "sceneHeading":
      return withFlags({ type: "sceneHeading" as const, text: runs() }, { sceneNumber: typeof attrs.sceneNumber === "string" && attrs.sceneNumber ? attrs.sceneNumber : undefined, forced: optionalFlag(attrs.forced) });
    case "action":
      return withFlags({ type: "action" as const, text: runs() }, { forced: optionalFlag(attrs.forced), centered: optionalFlag(attrs.centered) });
    case "character": {
      const all = runs();
      const text = all.map((r) => r.text).join("");
      const open = text.indexOf("(");
      const close = text.lastIndexOf(")");
      if (open > 0 && close > open && !text.slice(close + 1).trim()) {
        const [name] = splitRuns(all, open);
        const extension = text.slice(open + 1, close);
        return withFlags({ type: "character" as const, text: trimRuns(name), extension }, { dual: optionalFlag(attrs.dual), forced: optionalFlag(attrs.forced) });
      }
      return withFlags({ type: "character" as const, text: all }, { dual: optionalFlag(attrs.dual), forced: optionalFlag(attrs.forced) });
    }
    case "parenthetical": {
      const all = runs();
      const text = all.map((r) => r.text).join("");
      if (text.startsWith("(") && text.endsWith(")") && text.length >= 2) {
        const [, rest] = splitRuns(all, 1);
        const [inner] = splitRuns(rest, text.length - 2);
        return { type: "parenthetical", text: inner };
      }
      return { type: "parenthetical", text: all };
    }
    case "transition":
      return withFlags({ type: "transition" as const, text: runs() }, { forced: optionalFlag(attrs.forced) });
    case "dialogue":
    case "lyrics":
      return { type: node.type, text: runs() };
    case "pageBreak":
      return { type: "pageBreak" };
    case "section": {
      const d = Math.min(6, Math.max(1, Number(attrs.depth) || 1)) as SectionDepth;
      return { type: "section", depth: d, text: plainText(node.content) };
    }
    case "synopsis":
    case "note":
    case "boneyard":
      return { type: node.type, text: plainText(node.content) };
    default:
      return null;
  }
}

/** The model as the editor's document. */
export function scriptToJSON(script: Script): JSONContent {
  const content: JSONContent[] = [];
  if (script.titlePage.length) {
    content.push({
      type: "titlePage",
      content: script.titlePage.map((f) => ({ type: "titleField", attrs: { key: f.key }, content: linesToContent(f.value) })),
    });
  }
  // A block for each scene (and one for what comes before the first).
  let block: JSONContent[] | null = null;
  for (const e of script.elements) {
    if (e.type === "sceneHeading" || !block) content.push({ type: SCENE_BLOCK, content: (block = []) });
    block.push(elementToNode(e));
  }
  // The schema needs one element: an empty script is one empty action.
  if (!script.elements.length) content.push({ type: SCENE_BLOCK, content: [{ type: "action", attrs: { centered: false, forced: false } }] });
  return { type: "doc", content };
}

/** The editor's document as the model. */
export function scriptFromJSON(json: JSONContent): Script {
  const titlePage: TitleField[] = [];
  const elements: Element[] = [];
  for (const node of (json.content ?? []).flatMap((n) => (n.type === SCENE_BLOCK ? (n.content ?? []) : [n]))) {
    if (node.type === "titlePage") {
      titlePage.push(...titleFieldsOf(node));
      continue;
    }
    const e = nodeToElement(node);
    if (e) elements.push(e);
  }
  return { titlePage, elements: scriptYet(elements) };
}

export function titleFieldsOf(titlePage: JSONContent): TitleField[] {
  const fields: TitleField[] = [];
  for (const field of titlePage.content ?? []) {
    const key = String(attrsOf(field).key ?? "").trim();
    if (key) fields.push({ key, value: plainText(field.content) });
  }
  return fields;
}

/** One empty action is what an empty editor holds: it is no script yet. */
export const scriptYet = (elements: Element[]) => (elements.length === 1 && elements[0]!.type === "action" && !elements[0]!.text.length ? [] : elements);
