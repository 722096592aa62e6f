// Caret positions between the editor and the Yjs document, without walking the document.
//
// y-tiptap converts a ProseMirror position into a Yjs relative position (and back) by
// walking every element before it, looking each one up in its node mapping. A feature
// script has 3,500 elements and a keystroke converts a dozen positions (our caret, the
// others' carets, the selection kept for undo): a few milliseconds a keystroke, all in
// that walk. These give the same answers, finding the top-level element by its offset in
// the ProseMirror document (kept for each version of the document) and walking only
// inside it, as y-tiptap does (its code, MIT, adapted). Where the editor's document and the
// Yjs document do not line up element for element, they ask y-tiptap.
import type { Fragment, Node as PMNode } from "@tiptap/pm/model";
import { absolutePositionToRelativePosition, isMisresolvedTextPosition } from "@tiptap/y-tiptap";
import * as Y from "yjs";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- y-tiptap's own type for it
export type Mapping = Map<Y.AbstractType<any>, PMNode | PMNode[]>;

// Where each top-level element starts, for each version of the document.
const startsByContent = new WeakMap<Fragment, Int32Array>();

function startsOf(content: Fragment): Int32Array {
  let starts = startsByContent.get(content);
  if (!starts) {
    starts = new Int32Array(content.childCount + 1);
    let offset = 0;
    for (let i = 0; i < content.childCount; i++) {
      starts[i] = offset;
      offset += content.child(i).nodeSize;
    }
    starts[content.childCount] = offset;
    startsByContent.set(content, starts);
  }
  return starts;
}

/** The index of the top-level element `pos` is strictly inside, or -1 (between elements). */
function elementAround(content: Fragment, pos: number): number {
  const starts = startsOf(content);
  let lo = 0;
  let hi = content.childCount - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! >= pos) hi = mid - 1;
    else if (starts[mid + 1]! <= pos) lo = mid + 1;
    else return mid;
  }
  return -1;
}

type Walkable = Y.AbstractType<unknown> & { _first: Y.Item | null; _item: Y.Item | null; _length: number };

/** The index-th child of a Yjs list type (deleted ones skipped). */
function childAt(type: Y.XmlFragment, index: number): Walkable | null {
  let item = type._start;
  let i = 0;
  while (item !== null) {
    if (!item.deleted && item.countable) {
      if (i === index) return (item.content as Y.ContentType).type as Walkable;
      i++;
    }
    item = item.right;
  }
  return null;
}

const typeOf = (item: Y.Item | null) => (item === null ? null : ((item.content as Y.ContentType).type as Walkable));

function relativeTo(type: Walkable, item: Y.Item) {
  const typeId = type._item === null ? null : Y.createID(type._item.id.client, type._item.id.clock);
  const name = type._item === null ? Y.findRootTypeKey(type) : null;
  return new Y.RelativePosition(typeId, name, item.id);
}

/** y-tiptap's absolutePositionToRelativePosition, in the document `doc`. */
export function absoluteToRelative(pos: number, type: Y.XmlFragment, mapping: Mapping, doc: PMNode): Y.RelativePosition {
  const index = pos > 0 && type._length === doc.childCount ? elementAround(doc.content, pos) : -1;
  const element = index < 0 ? null : childAt(type, index);
  if (element === null) return absolutePositionToRelativePosition(pos, type, mapping) as Y.RelativePosition;
  // y-tiptap's walk, from the element the position is in: it never leaves that element.
  let n: Walkable | null = element;
  pos -= startsOf(doc.content)[index]!;
  while (n !== null && (type as unknown) !== n) {
    if (n instanceof Y.XmlText) {
      if (n._length >= pos) return Y.createRelativePositionFromTypeIndex(n, pos, -1);
      pos -= n._length;
      if (n._item !== null && n._item.next !== null) {
        n = typeOf(n._item.next);
      } else {
        do {
          n = n._item === null ? null : (n._item.parent as Walkable);
          pos--;
        } while (n !== (type as unknown) && n !== null && n._item !== null && n._item.next === null);
        if (n !== null && n !== (type as unknown)) n = n._item === null ? null : typeOf(n._item.next);
      }
    } else {
      const size = ((mapping.get(n) as PMNode | undefined) ?? { nodeSize: 0 }).nodeSize;
      if (n._first !== null && pos < size) {
        n = typeOf(n._first);
        pos--;
      } else {
        if (pos === 1 && n._length === 0 && size > 1) {
          return new Y.RelativePosition(n._item === null ? null : n._item.id, n._item === null ? Y.findRootTypeKey(n) : null, null);
        }
        pos -= size;
        if (n._item !== null && n._item.next !== null) {
          n = typeOf(n._item.next);
        } else {
          if (pos === 0) {
            n = n._item === null ? n : (n._item.parent as Walkable);
            return new Y.RelativePosition(n._item === null ? null : n._item.id, n._item === null ? Y.findRootTypeKey(n) : null, null);
          }
          do {
            n = n._item!.parent as Walkable;
            pos--;
          } while (n !== (type as unknown) && n._item!.next === null);
          if (n !== (type as unknown)) n = typeOf(n._item!.next);
        }
      }
    }
    if (n === null) throw new Error("unexpected case");
    if (pos === 0 && n.constructor !== Y.XmlText && n !== (type as unknown)) return relativeTo(n._item!.parent as Walkable, n._item!);
  }
  return Y.createRelativePositionFromTypeIndex(type, type._length, -1);
}

/** The size of a Yjs child in the editor's document: null if the editor has no node for it. */
function sizeOf(type: Walkable, mapping: Mapping): number | null {
  if (type instanceof Y.XmlText) return type._length;
  const mapped = mapping.get(type) as PMNode | undefined;
  return mapped == null ? null : mapped.nodeSize;
}

/** y-tiptap's relativePositionToAbsolutePosition, in the document `doc`. */
export function relativeToAbsolute(y: Y.Doc, documentType: Y.XmlFragment, relPos: Y.RelativePosition, mapping: Mapping, doc: PMNode): number | null {
  const decoded = Y.createAbsolutePositionFromRelativePosition(relPos, y);
  if (decoded === null || (decoded.type !== documentType && !Y.isParentOf(documentType, decoded.type._item))) return null;
  let type = decoded.type as Walkable;
  let pos = 0;
  if (type.constructor === Y.XmlText) {
    pos = decoded.index;
  } else if (type._item === null || !type._item.deleted) {
    let n = type._first;
    let i = 0;
    while (i < type._length && i < decoded.index && n !== null) {
      if (!n.deleted) {
        const size = sizeOf(typeOf(n)!, mapping);
        if (size === null) return null;
        pos += size;
        i++;
      }
      n = n.right;
    }
    pos += 1;
  }
  while (type !== (documentType as unknown) && type._item !== null) {
    const parent = type._item.parent as Walkable;
    if (parent._item === null || !parent._item.deleted) {
      pos += 1;
      // A top-level element: its offset in the document, not the sum of those before it.
      const shown = parent === (documentType as unknown) ? (mapping.get(type) as PMNode | undefined) : undefined;
      const index = shown ? doc.content.content.indexOf(shown) : -1;
      if (index >= 0) {
        pos += startsOf(doc.content)[index]!;
      } else {
        let n = parent._first;
        while (n !== null) {
          const t = typeOf(n)!;
          if (t === type) break;
          if (!n.deleted) {
            const size = sizeOf(t, mapping);
            if (size === null) return null;
            pos += size;
          }
          n = n.right;
        }
      }
    }
    type = parent;
  }
  const absolute = pos - 1;
  return isMisresolvedTextPosition(y, relPos, absolute) ? null : absolute;
}

type SelectionLike = { jsonID?: string; anchor: number; head: number; depth?: number };

/** y-tiptap's getRelativeSelection: the selection kept across a change. */
export function relativeSelection(binding: { type: Y.XmlFragment; mapping: Mapping }, state: { selection: unknown; doc: PMNode }) {
  const selection = state.selection as SelectionLike;
  const type = selection.jsonID;
  return {
    type,
    depth: type === "nodeRange" ? selection.depth : undefined,
    anchor: absoluteToRelative(selection.anchor, binding.type, binding.mapping, state.doc),
    head: absoluteToRelative(selection.head, binding.type, binding.mapping, state.doc),
    absAnchor: selection.anchor,
    absHead: selection.head,
  };
}
