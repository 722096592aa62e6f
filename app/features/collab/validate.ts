// Whether a live document reads under its kind's schema (./schemas.ts), item by item.
//
// The rules are local: each element is a node type of the schema, placed in a parent
// whose content can hold it somewhere, with attributes of the right kind; each text holds
// strings formatted with marks its element allows. Yjs merges concurrent edits without
// knowing the schema, so honest writers can together make an element empty or put two
// blocks in an order the content expression does not allow (the editors cope with that);
// no merge ever breaks a local rule. Raw values, embeds, unknown nodes, marks or
// attributes only come from a client that is not the editor.
//
// - `problemIn` checks what a Yjs transaction added (the server's probe, before it
//   accepts an update);
// - `readableJSON` reads a document as the editor's JSON, leaving out what breaks the
//   rules (pages, exports, documents stored before the check existed);
// - `readableDoc` copies the readable part into a fresh document (restoring a version).
import type { ContentMatch, MarkType, NodeType, Schema } from "@tiptap/pm/model";
import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import { FRAGMENT } from "./content";

type Check = (value: unknown) => boolean;
type NodeRule = {
  /** node names that may be children somewhere in the content ("text" for text) */
  children: Set<string>;
  /** marks its text may carry */
  marks: Set<string>;
  attrs: Map<string, Check>;
};
export type Rules = { top: NodeRule; nodes: Map<string, NodeRule>; marks: Map<string, Map<string, Check>> };

const MAX_ATTRIBUTE_LENGTH = 10_000;
const short = (v: unknown) => typeof v === "string" && v.length <= MAX_ATTRIBUTE_LENGTH;
const int = (min: number, max: number) => (v: unknown) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** Attributes whose values drive layout (a table 10⁹ columns wide would hang every editor). */
const bounded: Record<string, Check> = {
  colspan: int(1, 100),
  rowspan: int(1, 1_000),
  colwidth: (v) => v === null || (Array.isArray(v) && v.length <= 100 && v.every((w) => w === null || (typeof w === "number" && w >= 0 && w <= 10_000))),
  level: int(1, 6),
  depth: int(1, 6),
  start: int(-1_000_000, 1_000_000),
};

/** What a value of this attribute may be: its kind of default, bounded. */
function attributeCheck(name: string, fallback: unknown): Check {
  if (bounded[name]) return bounded[name];
  if (typeof fallback === "boolean") return (v) => typeof v === "boolean";
  if (typeof fallback === "number") return (v) => typeof v === "number" && Number.isFinite(v);
  if (typeof fallback === "string") return short;
  // No default (null): a short string or a number (an image's width), or nothing.
  return (v) => v === null || short(v) || (typeof v === "number" && Number.isFinite(v));
}

function attributeChecks(spec: Record<string, { default?: unknown }> | undefined): Map<string, Check> {
  return new Map(Object.entries(spec ?? {}).map(([name, a]) => [name, attributeCheck(name, a.default ?? null)]));
}

/** Every node type that content matching this expression can hold, wherever. */
function reachable(start: ContentMatch): Set<string> {
  const names = new Set<string>();
  const seen = new Set<ContentMatch>();
  const walk = (m: ContentMatch) => {
    if (seen.has(m)) return;
    seen.add(m);
    for (let i = 0; i < m.edgeCount; i++) {
      const { type, next } = m.edge(i);
      names.add(type.name);
      walk(next);
    }
  };
  walk(start);
  return names;
}

function nodeRule(type: NodeType, marks: MarkType[]): NodeRule {
  return {
    children: reachable(type.contentMatch),
    marks: new Set(marks.filter((m) => type.allowsMarkType(m)).map((m) => m.name)),
    attrs: attributeChecks(type.spec.attrs as Record<string, { default?: unknown }> | undefined),
  };
}

const rulesOf = new WeakMap<Schema, Rules>();

export function rulesFor(schema: Schema): Rules {
  let rules = rulesOf.get(schema);
  if (rules) return rules;
  const marks = Object.values(schema.marks);
  const nodes = new Map<string, NodeRule>();
  for (const type of Object.values(schema.nodes)) {
    if (type.isText || type === schema.topNodeType) continue;
    nodes.set(type.name, nodeRule(type, marks));
  }
  rules = {
    top: nodeRule(schema.topNodeType, marks),
    nodes,
    marks: new Map(marks.map((m) => [m.name, attributeChecks(m.spec.attrs as Record<string, { default?: unknown }> | undefined)])),
  };
  rulesOf.set(schema, rules);
  return rules;
}

// y-tiptap names a mark that may overlap itself "<name>--<hash>".
const markName = (key: string) => /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(key)?.[1] ?? key;

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null; // ProseMirror's attributes have none
};

/** Whether formatting `key: value` is a mark this element's text may carry (null ends one). */
function formatProblem(rules: Rules, holder: NodeRule, key: string, value: unknown): string | null {
  const name = markName(key);
  if (!holder.marks.has(name)) return `mark "${name.slice(0, 40)}" not allowed here`;
  if (value === null) return null;
  if (!isPlainObject(value)) return `mark "${name}" with attributes that are not an object`;
  const attrs = rules.marks.get(name)!;
  for (const [k, v] of Object.entries(value)) if (!attrs.get(k)?.(v)) return `mark "${name}" with a bad attribute "${k.slice(0, 40)}"`;
  return null;
}

/** Whether a child of this content may stand in an element with this rule. */
function childProblem(rule: NodeRule, content: Y.Item["content"]): string | null {
  if (content instanceof Y.ContentDeleted) return null;
  if (content instanceof Y.ContentType) {
    const type = content.type;
    if (type instanceof Y.XmlElement) return rule.children.has(type.nodeName) && type.nodeName !== "text" ? null : `node "${type.nodeName.slice(0, 40)}" not allowed here`;
    if (type instanceof Y.XmlText) return rule.children.has("text") ? null : "text not allowed here";
  }
  return `${content.constructor.name} is not a node`;
}

/** What breaks the rules in one item of the document (null: nothing). */
export function itemProblem(rules: Rules, root: Y.XmlFragment, item: Y.Item): string | null {
  if (item.deleted) return null;
  const parent = item.parent;
  const content = item.content;
  if (parent === root) return item.parentSub === null ? childProblem(rules.top, content) : "an attribute on the document";
  if (parent instanceof Y.XmlElement) {
    const rule = rules.nodes.get(parent.nodeName);
    if (!rule) return `inside an unknown node "${parent.nodeName.slice(0, 40)}"`;
    if (item.parentSub === null) return childProblem(rule, content);
    const check = rule.attrs.get(item.parentSub);
    if (!check) return `attribute "${item.parentSub.slice(0, 40)}" unknown on "${parent.nodeName}"`;
    if (content instanceof Y.ContentDeleted) return null;
    return content instanceof Y.ContentAny && content.arr.length === 1 && check(content.arr[0]) ? null : `bad value for "${item.parentSub}"`;
  }
  if (parent instanceof Y.XmlText) {
    if (item.parentSub !== null) return "an attribute on text";
    const holder = parent.parent instanceof Y.XmlElement ? rules.nodes.get(parent.parent.nodeName) : undefined;
    if (!holder) return "text outside an element";
    if (content instanceof Y.ContentString || content instanceof Y.ContentDeleted) return null;
    if (content instanceof Y.ContentFormat) return formatProblem(rules, holder, content.key, content.value);
    return `${content.constructor.name} in text`;
  }
  return "outside the document";
}

/**
 * The first rule broken by what this transaction added to the document (`before`: the
 * state vector at its start). Call inside the transaction, before Yjs merges items.
 */
export function problemIn(rules: Rules, doc: Y.Doc, before: Map<number, number>): string | null {
  const root = doc.getXmlFragment(FRAGMENT);
  for (const [client, structs] of doc.store.clients) {
    const from = before.get(client) ?? 0;
    const last = structs[structs.length - 1];
    if (!last || last.id.clock + last.length <= from) continue;
    for (let i = from === 0 ? 0 : Y.findIndexSS(structs, from); i < structs.length; i++) {
      const s = structs[i];
      if (!(s instanceof Y.Item)) continue;
      const problem = itemProblem(rules, root, s);
      if (problem) return problem;
    }
  }
  return null;
}

// ─── reading what can be read ──────────────────────────────────────────────

function readableAttrs(rule: NodeRule, element: Y.XmlElement): Record<string, unknown> | undefined {
  const attrs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(element.getAttributes() as Record<string, unknown>)) if (rule.attrs.get(k)?.(v)) attrs[k] = v;
  return Object.keys(attrs).length ? attrs : undefined;
}

function readableText(rules: Rules, holder: NodeRule, text: Y.XmlText): JSONContent[] {
  const out: JSONContent[] = [];
  for (const d of text.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof d.insert !== "string" || !d.insert) continue;
    const marks: NonNullable<JSONContent["marks"]> = [];
    for (const [key, value] of Object.entries(d.attributes ?? {})) {
      if (value === null || formatProblem(rules, holder, key, value)) continue;
      const attrs = value as Record<string, unknown>;
      marks.push(Object.keys(attrs).length ? { type: markName(key), attrs } : { type: markName(key) });
    }
    out.push(marks.length ? { type: "text", text: d.insert, marks } : { type: "text", text: d.insert });
  }
  return out;
}

function readableChildren(rules: Rules, rule: NodeRule, children: unknown[]): JSONContent[] {
  const out: JSONContent[] = [];
  for (const child of children) {
    if (child instanceof Y.XmlText) {
      if (rule.children.has("text")) out.push(...readableText(rules, rule, child));
    } else if (child instanceof Y.XmlElement) {
      const childRule = rules.nodes.get(child.nodeName);
      if (!childRule || !rule.children.has(child.nodeName)) continue;
      const node: JSONContent = { type: child.nodeName };
      const attrs = readableAttrs(childRule, child);
      if (attrs) node.attrs = attrs;
      const content = readableChildren(rules, childRule, child.toArray());
      if (content.length) node.content = content;
      out.push(node);
    }
    // anything else (raw values, hooks) is not part of the document
  }
  return out;
}

/** The document as the editor's JSON, without what breaks the rules. */
export function readableJSON(fragment: Y.XmlFragment, schema: Schema): JSONContent {
  const rules = rulesFor(schema);
  return { type: schema.topNodeType.name, content: readableChildren(rules, rules.top, fragment.toArray()) };
}

function toYNodes(nodes: JSONContent[]): (Y.XmlElement | Y.XmlText)[] {
  const out: (Y.XmlElement | Y.XmlText)[] = [];
  let text: { insert: string; attributes?: Record<string, unknown> }[] = [];
  const endText = () => {
    if (!text.length) return;
    const t = new Y.XmlText();
    t.applyDelta(text);
    out.push(t);
    text = [];
  };
  for (const n of nodes) {
    if (n.type === "text") {
      const attributes = n.marks?.length ? Object.fromEntries(n.marks.map((m) => [m.type, m.attrs ?? {}])) : undefined;
      text.push(attributes ? { insert: n.text ?? "", attributes } : { insert: n.text ?? "" });
      continue;
    }
    endText();
    const element = new Y.XmlElement(n.type);
    for (const [k, v] of Object.entries(n.attrs ?? {})) if (v !== null) element.setAttribute(k, v as never);
    element.insert(0, toYNodes(n.content ?? []));
    out.push(element);
  }
  endText();
  return out;
}

/** A fresh document holding the readable part of this one. */
export function readableDoc(source: Y.Doc, schema: Schema): Y.Doc {
  const doc = new Y.Doc();
  doc.getXmlFragment(FRAGMENT).insert(0, toYNodes(readableJSON(source.getXmlFragment(FRAGMENT), schema).content ?? []));
  return doc;
}
