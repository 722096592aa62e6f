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
import type { Element, Script } from "./model";
import { nodeToElement, SCENE_BLOCK, scriptYet, titleFieldsOf } from "./script-json";

export { elementToNode, SCENE_BLOCK, scriptFromJSON, scriptToJSON } from "./script-json";

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
