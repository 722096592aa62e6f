import { describe, expect, it } from "vitest";
import { isRtl, visualRuns } from "./bidi";

const shown = (runs: ReturnType<typeof visualRuns>) => runs.map((v) => [v.rtl ? [...v.text].reverse().join("") : v.text, v.rtl, !!v.run.bold]);

describe("right-to-left lines", () => {
  it("takes a paragraph's direction from its first strong character", () => {
    expect(isRtl("שלום, Noor")).toBe(true);
    expect(isRtl("42 — مرحبا")).toBe(true);
    expect(isRtl("Noor: שלום")).toBe(false);
    expect(isRtl("Москва")).toBe(false);
  });

  it("leaves a left-to-right line as it is, run for run", () => {
    const runs = [{ text: "Noor " }, { text: "runs", bold: true as const }];
    expect(shown(visualRuns(runs, false))).toEqual([
      ["Noor ", false, false],
      ["runs", false, true],
    ]);
  });

  it("orders a right-to-left line from the right, numbers and Latin words left to right, each run keeping its style", () => {
    const runs = [{ text: "אני בן 42 ויש לי " }, { text: "BMW", bold: true as const }, { text: "." }];
    const visual = visualRuns(runs, true);
    expect(visual.map((v) => (v.rtl ? [...v.text].reverse().join("") : v.text)).join("")).toBe(".BMW יל שיו 42 ןב ינא");
    expect(visual.find((v) => v.text === "BMW")).toMatchObject({ rtl: false, run: { bold: true } });
    // each piece keeps its logical order, for shaping
    expect(visual.some((v) => v.rtl && v.text === " ויש לי ")).toBe(true);
  });

  it("mirrors brackets in right-to-left text", () => {
    const visual = visualRuns([{ text: "(בשקט)" }], true);
    expect(visual).toHaveLength(1);
    // logical order, mirrored: drawn from the right, ")" becomes "(" on the right-hand side
    expect(visual[0]!.text).toBe(")בשקט(");
  });
});
