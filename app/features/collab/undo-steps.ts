// Where one undo step ends and the next begins (decision 0026).
//
// Yjs's undo manager merges every change made less than half a second after the one
// before into the same step, so a writer typing without pausing (a scene in 8 seconds)
// had one step for the whole scene. Here a new step starts:
// - at each word: a character other than a space typed right after a space;
// - at each element boundary: any change that is not typing or deleting inside one
//   element (Enter, a new element type, a join, a paste over elements, a mark) is a step
//   of its own, and the typing after it starts another;
// - when typing turns into deleting or back, and after the caret moved or an undo;
// - and, as before, after half a second without a change.
// Others' changes never start or end a step of ours: they are not in our steps at all.
import { ReplaceStep } from "@tiptap/pm/transform";
import type { EditorState, Transaction } from "@tiptap/pm/state";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { ySyncPluginKey } from "@tiptap/y-tiptap";

export type EditKind = "insert" | "delete" | "replace" | "structure";

/** A local change to the document: typing, deleting inside one element, or anything else. */
export type Edit = { kind: EditKind; text: string; before: string };

/** What a transaction that changed the document did, read from its steps. */
export function editOf(tr: Transaction): Edit {
  const structure: Edit = { kind: "structure", text: "", before: "" };
  if (tr.steps.length !== 1) return structure;
  const step = tr.steps[0]!;
  if (!(step instanceof ReplaceStep)) return structure;
  const { from, to, slice: content } = step;
  if (content.openStart !== 0 || content.openEnd !== 0) return structure;
  let textOnly = true;
  content.content.forEach((node) => void (textOnly &&= node.isText));
  if (!textOnly) return structure;
  const doc = tr.docs[0]!;
  const $from = doc.resolve(from);
  const $to = doc.resolve(to);
  if (!$from.parent.isTextblock || $from.parent !== $to.parent || $from.depth !== $to.depth) return structure;
  const text = content.content.textBetween(0, content.content.size);
  const before = $from.parent.textBetween(Math.max(0, $from.parentOffset - 1), $from.parentOffset, "\n", "\n");
  if (from === to) return text ? { kind: "insert", text, before } : structure;
  return { kind: text ? "replace" : "delete", text, before };
}

export type StepState = {
  /** The kind of the step being made, or null when the next change starts a new one. */
  last: "insert" | "delete" | null;
  /** Counts the steps started; the Yjs binding stops capturing when it changes. */
  steps: number;
};

const SPACE = /\s/;

/** Whether this edit starts a new undo step after a step of kind `last`; and the kind it leaves. */
export function nextStep(last: StepState["last"], edit: Edit): { starts: boolean; last: StepState["last"] } {
  switch (edit.kind) {
    case "structure":
      return { starts: true, last: null };
    case "replace":
      return { starts: true, last: "insert" };
    case "delete":
      return { starts: last !== "delete", last: "delete" };
    case "insert": {
      const newWord = edit.before !== "" && SPACE.test(edit.before) && !SPACE.test(edit.text[0]!);
      return { starts: last !== "insert" || newWord, last: "insert" };
    }
  }
}

export const undoStepsKey = new PluginKey<StepState>("undoSteps");

type SyncMeta = { isChangeOrigin?: boolean; isUndoRedoOperation?: boolean } | undefined;

/** Follows local edits and counts the undo steps they start (see the top of this file). */
export function undoStepsPlugin() {
  return new Plugin<StepState>({
    key: undoStepsKey,
    state: {
      init: () => ({ last: null, steps: 0 }),
      apply: (tr, value, oldState: EditorState, newState: EditorState) => {
        const sync = tr.getMeta(ySyncPluginKey) as SyncMeta;
        if (sync?.isChangeOrigin) {
          // Someone else's change leaves our step as it is; our undo or redo ends it.
          return sync.isUndoRedoOperation ? { last: null, steps: value.steps } : value;
        }
        if (!tr.docChanged) {
          // The caret moved: what is typed next is a step of its own.
          return value.last !== null && !oldState.selection.eq(newState.selection) ? { last: null, steps: value.steps } : value;
        }
        if (tr.getMeta("addToHistory") === false) return { last: null, steps: value.steps };
        const { starts, last } = nextStep(value.last, editOf(tr));
        return { last, steps: starts ? value.steps + 1 : value.steps };
      },
    },
  });
}
