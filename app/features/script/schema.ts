// The screenplay as the live editor holds it: Tiptap nodes, one per element of the
// model (./model.ts), and the conversions between the editor's JSON and the model.
// Shared by the browser editor and the server (import, export, reports), so it holds
// no DOM code and no keyboard behaviour (see ./editor-keys.ts).
//
// Choices, where the model and the editor differ:
// - A character cue is typed whole, "NOOR (V.O.)": the extension is read back from the
//   first "(" to the last ")". It is what writers type, and nothing hides it.
// - A parenthetical keeps its "( )" as text in the editor (writers type them; the
//   editor adds them when an empty line becomes a parenthetical).
// - Centred text is an action with `centered`; line breaks are hard breaks.
// - Inline notes and boneyard are marks that exclude every other mark. A line break inside
//   one is an `inlineBreak` node, not a hard break: a Yjs document keeps no marks on
//   nodes, and a note spanning lines ("[[one⏎two]]") must stay one note, not become two
//   notes around a printed line break (two notes on two lines stay two).
import { Mark, Node, getSchema, mergeAttributes, type AnyExtension, type JSONContent } from "@tiptap/core";
import Bold from "@tiptap/extension-bold";
import Document from "@tiptap/extension-document";
import HardBreak from "@tiptap/extension-hard-break";
import Italic from "@tiptap/extension-italic";
import Text from "@tiptap/extension-text";
import Underline from "@tiptap/extension-underline";
import type { Node as PMNode } from "@tiptap/pm/model";
import type { Element, Run, Script, SectionDepth, TitleField } from "./model";

/** Element node names, in the order the element menu lists them. */
export const elementTypes = [
  "sceneHeading",
  "action",
  "character",
  "parenthetical",
  "dialogue",
  "transition",
  "lyrics",
  "centered",
  "section",
  "synopsis",
  "note",
  "boneyard",
] as const;
/** What the editor offers: the model's types, with centred text as its own choice. */
export type EditorElementType = (typeof elementTypes)[number];

const flag = (name: string) => ({
  default: false,
  parseHTML: (el: HTMLElement) => el.hasAttribute(`data-${name}`),
  renderHTML: (attrs: Record<string, unknown>) => (attrs[name] ? { [`data-${name}`]: "" } : {}),
});

function element(name: string, options: { content?: string; marks?: string; attributes?: Record<string, object> } = {}) {
  const cls = `sp sp-${name}`;
  return Node.create({
    name,
    group: "scriptElement",
    content: options.content ?? "(text | hardBreak | inlineBreak)*",
    marks: options.marks ?? "_",
    defining: true,
    addAttributes: () => options.attributes ?? {},
    parseHTML: () => [{ tag: `p[data-sp="${name}"]` }],
    renderHTML: ({ HTMLAttributes }) => ["p", mergeAttributes(HTMLAttributes, { "data-sp": name, class: cls }), 0],
  });
}

const plain = "text*";
const plainLines = "(text | hardBreak)*";

// Elements are grouped in scene blocks (decision 0016): a browser types into one block of
// a few dozen paragraphs far faster than into one editable element with 3,500 children.
// Blocks carry no meaning: the script is its elements in order, whatever the grouping.
// Scripts written before blocks existed hold their elements at the top level, and still do.
export const SCENE_BLOCK = "sceneBlock";
const ScriptDocument = Document.extend({ content: "titlePage? (sceneBlock | scriptElement)+" });

const SceneBlock = Node.create({
  name: SCENE_BLOCK,
  content: "scriptElement+",
  // Never selected or dragged as a whole: what a writer selects is text and elements.
  selectable: false,
  parseHTML: () => [{ tag: "section[data-scene-block]" }],
  renderHTML: () => ["section", { "data-scene-block": "", class: "sp-scene-block" }, 0],
});

const TitlePage = Node.create({
  name: "titlePage",
  content: "titleField+",
  defining: true,
  isolating: true,
  parseHTML: () => [{ tag: "section[data-title-page]" }],
  renderHTML: () => ["section", { "data-title-page": "", class: "sp-title-page" }, 0],
});

const TitleFieldNode = Node.create({
  name: "titleField",
  content: plainLines,
  marks: "",
  defining: true,
  addAttributes: () => ({
    key: {
      default: "Title",
      parseHTML: (el: HTMLElement) => el.getAttribute("data-key") ?? "Title",
      renderHTML: (attrs: Record<string, unknown>) => ({ "data-key": String(attrs.key ?? "") }),
    },
  }),
  parseHTML: () => [{ tag: "p[data-key]" }],
  renderHTML: ({ HTMLAttributes }) => ["p", mergeAttributes(HTMLAttributes, { class: "sp-title-field" }), 0],
});

const PageBreak = Node.create({
  name: "pageBreak",
  group: "scriptElement",
  atom: true,
  selectable: true,
  parseHTML: () => [{ tag: "hr[data-sp]" }],
  renderHTML: () => ["hr", { "data-sp": "pageBreak", class: "sp sp-pageBreak" }],
});

/** A line break inside an inline note (`of: "note"`) or inline boneyard (`of: "boneyard"`). */
const InlineBreak = Node.create({
  name: "inlineBreak",
  inline: true,
  atom: true,
  selectable: false,
  addAttributes: () => ({
    of: {
      default: "note",
      parseHTML: (el: HTMLElement) => (el.getAttribute("data-inline-break") === "boneyard" ? "boneyard" : "note"),
      renderHTML: (attrs: Record<string, unknown>) => ({ "data-inline-break": attrs.of === "boneyard" ? "boneyard" : "note" }),
    },
  }),
  parseHTML: () => [{ tag: "br[data-inline-break]", priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ["br", HTMLAttributes],
  renderText: () => "\n",
});

const exclusiveMark = (name: string, tag: string) =>
  Mark.create({
    name,
    excludes: "_",
    inclusive: false,
    parseHTML: () => [{ tag: `${tag}[data-${name}]` }],
    renderHTML: () => [tag, { [`data-${name}`]: "", class: `sp-${name}` }, 0],
  });

const sceneNumber = {
  default: null,
  parseHTML: (el: HTMLElement) => el.getAttribute("data-scene-number"),
  renderHTML: (attrs: Record<string, unknown>) => (attrs.sceneNumber ? { "data-scene-number": String(attrs.sceneNumber) } : {}),
};
const depth = {
  default: 1,
  parseHTML: (el: HTMLElement) => Number(el.getAttribute("data-depth")) || 1,
  renderHTML: (attrs: Record<string, unknown>) => ({ "data-depth": String(attrs.depth ?? 1) }),
};

/** Every extension the screenplay's schema needs (the editor adds behaviour on top). */
export const screenplayExtensions: AnyExtension[] = [
  ScriptDocument,
  SceneBlock,
  Text,
  HardBreak,
  InlineBreak,
  Bold,
  Italic,
  Underline,
  exclusiveMark("inlineNote", "span"),
  exclusiveMark("inlineBoneyard", "span"),
  TitlePage,
  TitleFieldNode,
  element("sceneHeading", { attributes: { sceneNumber, forced: flag("forced") } }),
  element("action", { attributes: { centered: flag("centered"), forced: flag("forced") } }),
  element("character", { attributes: { dual: flag("dual"), forced: flag("forced") } }),
  element("parenthetical"),
  element("dialogue"),
  element("transition", { attributes: { forced: flag("forced") } }),
  element("lyrics"),
  element("section", { content: plain, marks: "", attributes: { depth } }),
  element("synopsis", { content: plain, marks: "" }),
  element("note", { content: plainLines, marks: "" }),
  element("boneyard", { content: plainLines, marks: "" }),
  PageBreak,
];

let schema: ReturnType<typeof getSchema> | undefined;
export function screenplaySchema() {
  return (schema ??= getSchema(screenplayExtensions));
}

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
function nodeToElement(node: JSONContent): Element | null {
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

function titleFieldsOf(titlePage: JSONContent): TitleField[] {
  const fields: TitleField[] = [];
  for (const field of titlePage.content ?? []) {
    const key = String(attrsOf(field).key ?? "").trim();
    if (key) fields.push({ key, value: plainText(field.content) });
  }
  return fields;
}

/** One empty action is what an empty editor holds: it is no script yet. */
const scriptYet = (elements: Element[]) => (elements.length === 1 && elements[0]!.type === "action" && !elements[0]!.text.length ? [] : elements);

// Nodes never change: an element node seen before is the same element of the model.
const converted = new WeakMap<PMNode, Element | null>();

/**
 * The editor's own document as the model, as `scriptFromJSON(doc.toJSON())` gives it; the
 * elements unchanged since the last call are not converted again (the editor lays out its
 * pages every few seconds while others type).
 */
export function scriptFromDoc(doc: PMNode): Script {
  const elements: Element[] = [];
  forEachElement(doc, (node) => {
    let e = converted.get(node);
    if (e === undefined) converted.set(node, (e = nodeToElement(node.toJSON() as JSONContent)));
    if (e) elements.push(e);
  });
  const title = doc.firstChild?.type.name === "titlePage" ? titleFieldsOf(doc.firstChild.toJSON() as JSONContent) : [];
  return { titlePage: title, elements: scriptYet(elements) };
}

/** Each element of the editor's document and its position, in order, in a scene block or not. */
export function forEachElement(doc: PMNode, f: (node: PMNode, pos: number) => void) {
  doc.forEach((node, offset) => {
    if (node.type.name === SCENE_BLOCK) node.forEach((child, inner) => f(child, offset + 1 + inner));
    else if (node.type.name !== "titlePage") f(node, offset);
  });
}

/** The editor node type (and centred flag) an element menu choice means. */
export function nodeTypeFor(choice: EditorElementType): { type: string; attrs?: Record<string, unknown> } {
  if (choice === "centered") return { type: "action", attrs: { centered: true } };
  if (choice === "action") return { type: "action", attrs: { centered: false } };
  return { type: choice };
}
