// Decorations of an element found by search, not by scanning.
//
// On every update ProseMirror asks the decoration sets, for each top-level element, which
// decorations fall inside it (`forChild`). That scans all of the set's top-level
// decorations, and its element entries from the first, for every element: in a feature
// script (3,500 elements, a page marker at each of 120 pages) about half a million steps a
// keystroke. A set whose top-level decorations are all widgets or node decorations (page
// markers are) gives each element exactly its own entry, found here by binary search;
// anything else is left to ProseMirror.
import type { Node as PMNode } from "@tiptap/pm/model";
import { DecorationSet } from "@tiptap/pm/view";

type Internals = { local: { inline: boolean }[]; children: (number | DecorationSet)[] };
type ForChild = (this: DecorationSet, offset: number, node: PMNode) => unknown;

const proto = DecorationSet.prototype as unknown as { forChild: ForChild; [patched]?: ForChild };
const patched = Symbol.for("claquette.decorationLookup");

/** ProseMirror's own lookup (for comparison). */
export const scanningForChild: ForChild = proto[patched] ?? proto.forChild;

/** Whether a set has no inline decoration at its own level (computed once: sets never change). */
const noInline = new WeakMap<object, boolean>();

function hasNoInline(set: DecorationSet & Internals) {
  let none = noInline.get(set);
  if (none === undefined) noInline.set(set, (none = !set.local.some((d) => d.inline)));
  return none;
}

export function searchingForChild(this: DecorationSet, offset: number, node: PMNode): unknown {
  const set = this as DecorationSet & Internals;
  // Small sets are quicker to scan than to look up.
  if (set.local.length + set.children.length < 24 || node.isLeaf || !hasNoInline(set)) return scanningForChild.call(this, offset, node);
  const children = set.children;
  let lo = 0;
  let hi = children.length / 3 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const from = children[mid * 3] as number;
    if (from < offset) lo = mid + 1;
    else if (from > offset) hi = mid - 1;
    else return children[mid * 3 + 2];
  }
  return DecorationSet.empty;
}

if (!proto[patched]) {
  proto[patched] = proto.forChild;
  proto.forChild = searchingForChild;
}
