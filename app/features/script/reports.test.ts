import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseFountain } from "./fountain";
import { layoutScript } from "./layout";
import type { Element, Script } from "./model";
import { characterName, charactersOf, locationsOf, parseHeading, scriptReport } from "./reports";

const veilleurs = () => parseFountain(readFileSync(path.join(import.meta.dirname, "corpus", "les-veilleurs.fountain"), "utf8")).script;

describe("scene headings", () => {
  it.each([
    ["INT. KITCHEN - NIGHT", "INT", "KITCHEN", "NIGHT"],
    ["EXT. BUS STOP, RUE DES TANNEURS - CONTINUOUS", "EXT", "BUS STOP, RUE DES TANNEURS", "CONTINUOUS"],
    ["INT./EXT. CAR - DAY", "INT/EXT", "CAR", "DAY"],
    ["INT/EXT CAR - DAY", "INT/EXT", "CAR", "DAY"],
    ["I/E CAR", "INT/EXT", "CAR", ""],
    ["I./E. HOUSE - DAY", "INT/EXT", "HOUSE", "DAY"],
    ["EST. CITY", "EXT", "CITY", ""],
    ["int. house - kitchen -- later", "INT", "HOUSE - KITCHEN", "LATER"],
    ["EXT. SAINT-MALO — DAWN", "EXT", "SAINT-MALO", "DAWN"],
  ])("%s", (heading, intExt, location, timeOfDay) => {
    expect(parseHeading(heading)).toEqual({ intExt, location, timeOfDay });
  });

  it("takes a heading without INT/EXT (a forced one) as a location of its own", () => {
    expect(parseHeading("FLASHBACK")).toEqual({ intExt: null, location: "FLASHBACK", timeOfDay: "" });
    expect(parseHeading("INTERIOR MONOLOGUE")).toEqual({ intExt: null, location: "INTERIOR MONOLOGUE", timeOfDay: "" });
  });
});

describe("character names", () => {
  it.each([
    ["NOOR", "NOOR"],
    ["  Noor  (V.O.) ", "NOOR"],
    ["ANA (V.O.) (CONT'D)", "ANA"],
    ["BASILE CONT'D", "BASILE"],
    ["McCLANE ^", "MCCLANE"],
    ["THE  GROOM", "THE GROOM"],
  ])("%s is %s", (cue, name) => {
    expect(characterName(cue)).toBe(name);
  });

  it("lists characters and locations once each, in order of first appearance", () => {
    const script = veilleurs();
    expect(charactersOf(script)).toEqual(["NOOR", "BASILE", "THE GROOM", "ANA"]);
    expect(locationsOf(script)).toEqual(["RUE DES TANNEURS", "BUS STOP, RUE DES TANNEURS", "ANA'S BAKERY"]);
  });
});

describe("the report", () => {
  it("reports the scenes of Les Veilleurs with their number, parts, length and characters", () => {
    const script = veilleurs();
    const report = scriptReport(script);
    expect(report.scenes.map(({ number, intExt, location, timeOfDay, characters }) => ({ number, intExt, location, timeOfDay, characters }))).toEqual([
      // Basile is introduced in the action of scene 2, Noor in scene 1's
      { number: "1", intExt: "EXT", location: "RUE DES TANNEURS", timeOfDay: "NIGHT", characters: ["NOOR"] },
      { number: "2", intExt: "EXT", location: "BUS STOP, RUE DES TANNEURS", timeOfDay: "CONTINUOUS", characters: ["BASILE", "NOOR", "THE GROOM"] },
      { number: "3", intExt: "INT", location: "ANA'S BAKERY", timeOfDay: "NIGHT", characters: ["ANA", "NOOR", "BASILE"] },
    ]);
    expect(report.scenes[0]!.heading).toBe("EXT. RUE DES TANNEURS - NIGHT");
    expect(report.scenes.map((s) => s.element)).toEqual([3, 19, 46]);
    expect(report.scenes.map((s) => s.eighths)).toEqual(layoutScript(script).scenes.map((s) => s.eighths));
    expect(report.pages).toBe(3);
    expect(report.runtimeMinutes).toBe(Math.round(report.eighths / 8));
    expect(report.eighths).toBeGreaterThan(16);
    expect(report.eighths).toBeLessThan(24);
  });

  it("counts speeches and dialogue lines as printed, and the scenes each character is in", () => {
    const report = scriptReport(veilleurs());
    const byName = Object.fromEntries(report.characters.map((c) => [c.name, c]));
    expect(report.characters.map((c) => c.name)).toEqual(["NOOR", "BASILE", "ANA", "THE GROOM"]);
    expect(byName.NOOR).toMatchObject({ speeches: 9, scenes: ["1", "2", "3"] });
    expect(byName.BASILE).toMatchObject({ speeches: 6, scenes: ["2", "3"] });
    // Ana: 3 speeches; "You two look like you've seen a / ghost." (2) + 3 lines + 2 lines
    expect(byName.ANA).toMatchObject({ speeches: 3, scenes: ["3"], dialogueLines: 7 });
    // sung lines count as dialogue
    expect(byName["THE GROOM"]).toMatchObject({ speeches: 1, dialogueLines: 2 });
  });

  it("groups scenes by location, with the INT/EXT each was seen as", () => {
    const s = (heading: string): Element[] => [{ type: "sceneHeading", text: [{ text: heading }] }, { type: "action", text: [{ text: "x" }] }];
    const script: Script = { titlePage: [], elements: [...s("INT. CAR - DAY"), ...s("EXT. ROAD - DAY"), ...s("EXT. CAR - NIGHT"), ...s("FLASHBACK")] };
    expect(scriptReport(script).locations).toEqual([
      { name: "CAR", intExt: ["INT", "EXT"], scenes: ["1", "3"] },
      { name: "ROAD", intExt: ["EXT"], scenes: ["2"] },
      { name: "FLASHBACK", intExt: [], scenes: ["4"] },
    ]);
  });

  it("does not count capitals that are not characters, nor speakers' names in lower case", () => {
    const script: Script = {
      titlePage: [],
      elements: [
        { type: "sceneHeading", text: [{ text: "INT. HALL - DAY" }] },
        { type: "action", text: [{ text: "A LOUD BANG. Noor looks up. ANAIS runs." }] },
        { type: "sceneHeading", text: [{ text: "INT. ROOM - DAY" }] },
        { type: "character", text: [{ text: "NOOR" }] },
        { type: "dialogue", text: [{ text: "Who's there?" }] },
        { type: "character", text: [{ text: "ANA" }] },
        { type: "dialogue", text: [{ text: "Me." }] },
      ],
    };
    const report = scriptReport(script);
    expect(report.scenes.map((s) => s.characters)).toEqual([[], ["NOOR", "ANA"]]);
  });

  it("reports a page of script as a minute, and an empty script as nothing", () => {
    const lines = Array.from({ length: 54 * 3 }, (_, i) => `line ${i}`).join("\n");
    const long = scriptReport({ titlePage: [], elements: [{ type: "action", text: [{ text: lines }] }] });
    expect(long.pages).toBe(3);
    expect(long.eighths).toBe(24);
    expect(long.runtimeMinutes).toBe(3);
    expect(scriptReport({ titlePage: [], elements: [] })).toEqual({ scenes: [], characters: [], locations: [], pages: 0, eighths: 0, runtimeMinutes: 0 });
  });
});
