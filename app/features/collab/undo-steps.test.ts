import { EditorState, TextSelection } from "@tiptap/pm/state";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { describe, expect, test } from "vitest";
import { screenplaySchema } from "~/features/script/schema";
import { editOf, nextStep, undoStepsKey, undoStepsPlugin } from "./undo-steps";

const schema = screenplaySchema();
const start = () => {
  const doc = schema.nodes.doc!.create(null, [
    schema.nodes.sceneBlock!.create(null, [schema.nodes.action!.create(null, schema.text("Rain.")), schema.nodes.dialogue!.create()]),
  ]);
  // The caret at the end of the empty dialogue.
  return EditorState.create({ doc, plugins: [undoStepsPlugin()], selection: TextSelection.create(doc, 9) });
};

/** Types text key by key, as a browser does; returns the state and how many steps were started. */
function type(state: EditorState, text: string) {
  for (const ch of text) state = state.apply(state.tr.insertText(ch));
  return state;
}
const steps = (state: EditorState) => undoStepsKey.getState(state)!.steps;

describe("undo steps", () => {
  test("typing is read as an insertion with the character before it; Enter and a new type are structure", () => {
    let state = type(start(), "Hi");
    expect(editOf(state.tr.insertText(" "))).toEqual({ kind: "insert", text: " ", before: "i" });
    state = type(state, " ");
    expect(editOf(state.tr.insertText("y"))).toEqual({ kind: "insert", text: "y", before: " " });
    expect(editOf(state.tr.delete(state.selection.from - 1, state.selection.from)).kind).toBe("delete");
    expect(editOf(state.tr.split(state.selection.from)).kind).toBe("structure");
    expect(editOf(state.tr.setNodeMarkup(state.selection.$from.before(), schema.nodes.parenthetical)).kind).toBe("structure");
    // A deletion across two elements joins them.
    expect(editOf(state.tr.delete(6, 10)).kind).toBe("structure");
  });

  test("a new step at each word, at each change between typing and deleting, and after anything else", () => {
    expect(nextStep("insert", { kind: "insert", text: "a", before: "b" }).starts).toBe(false);
    expect(nextStep("insert", { kind: "insert", text: " ", before: "b" }).starts).toBe(false);
    expect(nextStep("insert", { kind: "insert", text: ",", before: "b" }).starts).toBe(false);
    expect(nextStep("insert", { kind: "insert", text: "w", before: " " }).starts).toBe(true);
    expect(nextStep("delete", { kind: "delete", text: "", before: "b" }).starts).toBe(false);
    expect(nextStep("insert", { kind: "delete", text: "", before: "b" }).starts).toBe(true);
    expect(nextStep("delete", { kind: "insert", text: "a", before: "b" }).starts).toBe(true);
    expect(nextStep(null, { kind: "insert", text: "a", before: "" })).toEqual({ starts: true, last: "insert" });
    expect(nextStep("insert", { kind: "structure", text: "", before: "" })).toEqual({ starts: true, last: null });
  });

  test("a sentence typed without a pause is a step a word", () => {
    const state = type(start(), "You look like a ghost.");
    expect(steps(state)).toBe(5);
  });

  test("a caret moved ends the step; a change from another writer neither ends nor starts one", () => {
    let state = type(start(), "You");
    const before = steps(state);
    // Another writer's text arrives in the action line: our word goes on.
    state = state.apply(state.tr.insertText("Cold ", 2).setMeta(ySyncPluginKey, { isChangeOrigin: true }));
    state = type(state, "rs");
    expect(steps(state)).toBe(before);
    // We click elsewhere and back: a new step.
    const end = state.selection.from;
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 2)));
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, end)));
    state = type(state, "!");
    expect(steps(state)).toBe(before + 1);
  });
});
