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
// - `problemInUpdate` checks what an update would add to a document, before the server
//   accepts it;
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

/**
 * Where an item goes, as far as the rules care: the document's fragment, an element, a
 * text (and the element holding it), anywhere else (another root, a map…), or nowhere:
 * under a removed type, where Yjs keeps nothing of it.
 */
type Place =
  | { in: "fragment" }
  | { in: "element"; name: string }
  | { in: "text"; holder: string | null }
  | { in: "elsewhere" }
  | { in: "nowhere" };

/** What breaks the rules in an item going to this place, with this key (null: nothing). */
function problemAt(rules: Rules, place: Place, parentSub: string | null, content: Y.Item["content"]): string | null {
  switch (place.in) {
    case "nowhere":
      return null;
    case "elsewhere":
      return "outside the document";
    case "fragment":
      return parentSub === null ? childProblem(rules.top, content) : "an attribute on the document";
    case "element": {
      const rule = rules.nodes.get(place.name);
      if (!rule) return `inside an unknown node "${place.name.slice(0, 40)}"`;
      if (parentSub === null) return childProblem(rule, content);
      const check = rule.attrs.get(parentSub);
      if (!check) return `attribute "${parentSub.slice(0, 40)}" unknown on "${place.name}"`;
      if (content instanceof Y.ContentDeleted) return null;
      return content instanceof Y.ContentAny && content.arr.length === 1 && check(content.arr[0]) ? null : `bad value for "${parentSub}"`;
    }
    case "text": {
      if (parentSub !== null) return "an attribute on text";
      const holder = place.holder === null ? undefined : rules.nodes.get(place.holder);
      if (!holder) return "text outside an element";
      if (content instanceof Y.ContentString || content instanceof Y.ContentDeleted) return null;
      if (content instanceof Y.ContentFormat) return formatProblem(rules, holder, content.key, content.value);
      return `${content.constructor.name} in text`;
    }
  }
}

/**
 * Whether the update's structs depend on each other in a circle: each depends on the one
 * before it of its client and on those of other clients it names (`needs`).
 */
function hasCircle(byClient: Map<number, (Y.Item | Y.GC | Y.Skip)[]>, needs: Map<Y.Item | Y.GC, (Y.Item | Y.GC)[]>): boolean {
  const previous = new Map<Y.Item | Y.GC, Y.Item | Y.GC>();
  for (const list of byClient.values()) {
    let prev: Y.Item | Y.GC | null = null;
    for (const s of list) {
      if (s instanceof Y.Skip) continue;
      if (prev) previous.set(s, prev);
      prev = s;
    }
  }
  const depsOf = (s: Y.Item | Y.GC) => {
    const p = previous.get(s);
    const n = needs.get(s) ?? [];
    return p ? [p, ...n] : n;
  };
  const done = new Set<Y.Item | Y.GC>();
  const onPath = new Set<Y.Item | Y.GC>();
  for (const start of needs.keys()) {
    if (done.has(start)) continue;
    // Depth first, without recursion: a pasted scene is thousands of structs.
    const stack: { s: Y.Item | Y.GC; deps: (Y.Item | Y.GC)[]; i: number }[] = [{ s: start, deps: depsOf(start), i: 0 }];
    onPath.add(start);
    while (stack.length) {
      const top = stack.at(-1)!;
      if (top.i < top.deps.length) {
        const d = top.deps[top.i++]!;
        if (onPath.has(d)) return true;
        if (done.has(d)) continue;
        onPath.add(d);
        stack.push({ s: d, deps: depsOf(d), i: 0 });
      } else {
        stack.pop();
        onPath.delete(top.s);
        done.add(top.s);
      }
    }
  }
  return false;
}

export type UpdateProblem = {
  problem: string;
  /** the update needs changes the document does not have: Yjs would hold it back, unchecked */
  outOfStep: boolean;
};

/**
 * The first rule this update would break if applied to the document, read from the
 * update itself: the document is not changed, nor copied. Each item the update adds goes
 * where Yjs would put it (item.ts, `getMissing`): under the type its parent id names, or
 * beside its left origin (else its right one), in the document or earlier in the update.
 * An item needing a change neither holds is out of step.
 */
export function problemInUpdate(rules: Rules, doc: Y.Doc, update: Uint8Array): UpdateProblem | null {
  const store = doc.store;
  const root = doc.getXmlFragment(FRAGMENT);
  const outOfStep = { problem: "it needs changes the document does not have", outOfStep: true };
  const byClient = new Map<number, (Y.Item | Y.GC | Y.Skip)[]>();
  for (const s of Y.decodeUpdate(update).structs) {
    const list = byClient.get(s.id.client);
    if (list) list.push(s);
    else byClient.set(s.id.client, [s]);
  }
  const added: Y.Item[] = [];
  /** Items the document holds the start of: Yjs adds the rest after that start. */
  const continued = new Map<Y.Item, Y.ID>();
  for (const [client, list] of byClient) {
    // Each writer's changes once, in order: Yjs keeps only the last of several lists for
    // one writer, so what this reading passed over as known could be what Yjs applies.
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.id.clock !== list[i - 1]!.id.clock + list[i - 1]!.length) return { problem: "it lists a writer's changes twice", outOfStep: false };
    }
    let next = Y.getState(store, client);
    for (const s of list) {
      if (s instanceof Y.Skip) continue;
      if (s.id.clock > next) return outOfStep; // a gap before it
      if (s instanceof Y.Item && s.id.clock + s.length > next) {
        added.push(s);
        if (s.id.clock < next) continued.set(s, Y.createID(client, next - 1));
      }
      next = Math.max(next, s.id.clock + s.length);
    }
  }

  /** The struct holding this id (the document's first); null if neither has it. */
  const find = (id: Y.ID): { struct: Y.Item | Y.GC; stored: boolean } | null => {
    if (id.clock < Y.getState(store, id.client)) return { struct: Y.getItem(store, id) as Y.Item | Y.GC, stored: true };
    const list = byClient.get(id.client);
    const last = list?.at(-1);
    if (!list || !last || id.clock < list[0]!.id.clock || id.clock >= last.id.clock + last.length) return null;
    const s = list[Y.findIndexSS(list as (Y.Item | Y.GC)[], id.clock)]!;
    return s instanceof Y.Skip ? null : { struct: s, stored: false };
  };

  // What each new item needs integrated first: Yjs takes a client's structs in order and
  // another client's as they are needed; one it cannot reach, or a circle, stays pending.
  // A client's own later change it cannot reach at all (Yjs would throw mid-way).
  const needs = new Map<Y.Item | Y.GC, (Y.Item | Y.GC)[]>();
  for (const item of added) {
    const before: (Y.Item | Y.GC)[] = [];
    for (const id of [item.origin, item.rightOrigin, item.parent instanceof Y.ID ? item.parent : null]) {
      if (!id) continue;
      const dep = find(id);
      if (id.client === item.id.client && id.clock >= item.id.clock) return { problem: "it refers to a later change of its own", outOfStep: false };
      if (!dep) return outOfStep;
      if (!dep.stored && id.client !== item.id.client) before.push(dep.struct);
    }
    needs.set(item, before);
  }
  if (hasCircle(byClient, needs)) return outOfStep;

  // An item's parent: a root's name, a type (stored or new in the update), or null when
  // Yjs drops it. Items without a written parent take their origin's, along a chain.
  type Parent = { type: object | string | null; sub: string | null };
  const parents = new Map<Y.Item, Parent>();
  const typeItems = new Map<object, Y.Item>();
  for (const item of added) if (item.content instanceof Y.ContentType) typeItems.set(item.content.type, item);
  const gone: Parent = { type: null, sub: null };
  const parentOf = (start: Y.Item): Parent | null => {
    const chain: Y.Item[] = [];
    const seen = new Set<Y.Item>();
    let item = start;
    let found: Parent | null;
    for (;;) {
      const known = parents.get(item);
      if (known) {
        found = known;
        break;
      }
      if (seen.has(item)) return null; // origins in a circle: Yjs holds them back
      seen.add(item);
      chain.push(item);
      const written = item.parent as Y.ID | string | null; // as decoded, before integration
      if (typeof written === "string") {
        found = { type: written, sub: item.parentSub };
        break;
      }
      if (written) {
        const p = find(written);
        if (!p) return null;
        const content = p.struct instanceof Y.Item ? p.struct.content : null;
        found = content instanceof Y.ContentType ? { type: content.type, sub: item.parentSub } : gone;
        break;
      }
      const left = item.origin ? find(item.origin) : null;
      const right = item.rightOrigin ? find(item.rightOrigin) : null;
      if ((item.origin && !left) || (item.rightOrigin && !right)) return null;
      const beside = left?.struct instanceof Y.Item ? left : right?.struct instanceof Y.Item ? right : null;
      if (!beside || left?.struct instanceof Y.GC || right?.struct instanceof Y.GC) {
        found = gone;
        break;
      }
      const next = beside.struct as Y.Item;
      if (beside.stored) {
        found = { type: next.parent, sub: next.parentSub };
        break;
      }
      item = next;
    }
    for (const i of chain) parents.set(i, found);
    return found;
  };

  const placeIn = (type: object | string | null): Place => {
    if (type === null) return { in: "nowhere" };
    if (typeof type === "string") return type === FRAGMENT ? { in: "fragment" } : { in: "elsewhere" };
    if (type === root) return { in: "fragment" };
    if (type instanceof Y.XmlElement) return { in: "element", name: type.nodeName };
    if (type instanceof Y.XmlText) {
      const own = typeItems.get(type);
      const holder = own ? parentOf(own)?.type : type.parent;
      return { in: "text", holder: holder instanceof Y.XmlElement ? holder.nodeName : null };
    }
    return { in: "elsewhere" };
  };

  const where: [Y.Item, Parent][] = [];
  for (const item of added) {
    const parent = parentOf(item);
    if (!parent) return outOfStep;
    // Yjs takes the item's parent from what the update says, but links the rest of it
    // after the start the document holds: both must be one place, or the rest lands
    // where nothing checked it (a string at the top of the document, counted in a text).
    const startId = continued.get(item);
    if (startId) {
      const start = find(startId)!;
      const there = start.struct instanceof Y.Item ? (start.stored ? { type: start.struct.parent, sub: start.struct.parentSub } : parentOf(start.struct)) : null;
      const asType = (t: Parent["type"]) => (t === FRAGMENT ? root : t);
      if (!there || asType(there.type) !== asType(parent.type) || there.sub !== parent.sub) return { problem: "it continues a change that is elsewhere", outOfStep: false };
    }
    where.push([item, parent]);
  }
  for (const [item, parent] of where) {
    const problem = problemAt(rules, placeIn(parent.type), parent.sub, item.content);
    if (problem) return { problem, outOfStep: false };
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
