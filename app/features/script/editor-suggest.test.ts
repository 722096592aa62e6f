import { EditorState, TextSelection } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { suggestionsFor } from "./editor-suggest";
import { screenplaySchema } from "./schema";

const names = { characters: ["NOOR", "BASILE", "BASILE'S SISTER", "ANA"], locations: ["RUE DES TANNEURS", "ANA'S BAKERY", "BUS STOP, RUE DES TANNEURS"] };

/** A one-element script with the caret at the end of its text. */
function stateWith(type: string, text: string) {
  const doc = screenplaySchema().nodeFromJSON({ type: "doc", content: [{ type, content: text ? [{ type: "text", text }] : [] }] });
  const state = EditorState.create({ doc });
  return state.apply(state.tr.setSelection(TextSelection.create(doc, 1 + text.length)));
}

describe("autocomplete", () => {
  it("offers cue names that start with what was typed, not the name already typed whole", () => {
    expect(suggestionsFor(stateWith("character", "BA"), names)?.items).toEqual(["BASILE", "BASILE'S SISTER"]);
    expect(suggestionsFor(stateWith("character", "BASILE"), names)?.items).toEqual(["BASILE'S SISTER"]);
    expect(suggestionsFor(stateWith("character", "NOOR"), names)).toBeNull();
    expect(suggestionsFor(stateWith("character", "noo"), names)?.items).toEqual(["NOOR"]);
    // Not once the extension is being typed, not in other elements, not on an empty line.
    expect(suggestionsFor(stateWith("character", "NOOR (V"), names)).toBeNull();
    expect(suggestionsFor(stateWith("dialogue", "NO"), names)).toBeNull();
    expect(suggestionsFor(stateWith("character", ""), names)).toBeNull();
  });

  it("offers locations after a heading's INT./EXT., replacing only the location", () => {
    const s = suggestionsFor(stateWith("sceneHeading", "EXT. RUE"), names)!;
    expect(s.items).toEqual(["RUE DES TANNEURS"]);
    expect(s.from).toBe(1 + "EXT. ".length);
    expect(suggestionsFor(stateWith("sceneHeading", "INT./EXT. ana"), names)?.items).toEqual(["ANA'S BAKERY"]);
    expect(suggestionsFor(stateWith("sceneHeading", "I./E. ana"), names)?.items).toEqual(["ANA'S BAKERY"]);
    // Once the time of day is being typed, the location is done.
    expect(suggestionsFor(stateWith("sceneHeading", "EXT. RUE DES TANNEURS - N"), names)).toBeNull();
    expect(suggestionsFor(stateWith("sceneHeading", "FLASHBACK"), names)).toBeNull();
  });
});
