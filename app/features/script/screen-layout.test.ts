import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseFountain } from "./fountain";
import { layoutScript } from "./layout";
import type { Element, Script } from "./model";
import { screenColumns, screenPlacements } from "./screen-layout";

const corpus = (name: string) => parseFountain(readFileSync(path.join(import.meta.dirname, "corpus", name), "utf8")).script;

describe("screenColumns", () => {
  it("gives the page's columns as the layout engine counts them, from the action column", () => {
    const c = screenColumns();
    expect(c).toMatchObject({
      "--sp-page-columns": "85",
      "--sp-margin-left": "15ch",
      "--sp-margin-right": "10ch",
      "--sp-text-width": "60ch",
      "--sp-scene-number-gap": "3ch",
      "--sp-cue": "22ch",
      "--sp-paren": "16ch",
      "--sp-paren-width": "25ch",
      "--sp-dialogue": "10ch",
      "--sp-dialogue-width": "35ch",
      "--sp-left-dialogue": "0ch",
      "--sp-right-dialogue": "30ch",
      "--sp-right-cue": "39ch",
    });
  });
});

const cue = (t: string, dual?: true): Element => ({ type: "character", text: [{ text: t }], ...(dual ? { dual } : {}) });
const line = (t: string): Element => ({ type: "dialogue", text: [{ text: t }] });
const placed = (script: Script) => {
  const places = screenPlacements(layoutScript(script));
  return script.elements.map((e, i) => {
    const p = places.get(i);
    const text = "text" in e && Array.isArray(e.text) ? e.text.map((r) => r.text).join("") : e.type;
    return `${text}: ${p ? p.className + (p.pad ? ` pad ${p.pad}` : "") : ""}`;
  });
};

describe("screenPlacements", () => {
  it("marks both halves of each dual dialogue", () => {
    expect(placed(corpus("dual-dialogue.fountain"))).toEqual([
      "NOOR: sp-dual-left",
      "Did you see that?: sp-dual-left",
      "BASILE: sp-dual-right",
      "Did you see that?: sp-dual-right",
      "ANA: sp-dual-left",
      "Who's there?: sp-dual-left",
      "NOOR: sp-dual-right",
      "Nobody.: sp-dual-right",
    ]);
  });

  it("pads the right half's end by the rows the left half is longer by, for each dual dialogue", () => {
    const long = "Every word of this line is a word too many for a column of twenty-eight.";
    const script: Script = {
      titlePage: [],
      elements: [cue("ANA"), line(long), line(long), cue("NOOR", true), line("No."), cue("BASILE"), line("Yes."), cue("SAMIR", true), line(long), { type: "action", text: [{ text: "They stop." }] }],
    };
    expect(placed(script)).toEqual([
      "ANA: sp-dual-left",
      `${long}: sp-dual-left`,
      `${long}: sp-dual-left`,
      "NOOR: sp-dual-right",
      "No.: sp-dual-right pad 5",
      "BASILE: sp-dual-left",
      "Yes.: sp-dual-left",
      "SAMIR: sp-dual-right",
      `${long}: sp-dual-right`,
      "They stop.: ",
    ]);
  });

  it("puts lyrics sung in a speech at the dialogue column, others at the action column", () => {
    const script = corpus("lyrics.fountain");
    const places = screenPlacements(layoutScript(script));
    const lyrics = script.elements.flatMap((e, i) => (e.type === "lyrics" ? [places.get(i)?.className ?? "action column"] : []));
    expect(lyrics).toEqual(["action column", "sp-in-speech"]);
  });
});
