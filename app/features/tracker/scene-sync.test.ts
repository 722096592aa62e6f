import { describe, expect, it } from "vitest";
import { mentionsIn } from "./defaults";
import { matchScenes } from "./scene-sync";

const stored = (...headings: string[]) => headings.map((heading, i) => ({ id: `s${i}`, heading, missing: false }));
const script = (...headings: string[]) => headings.map((heading) => ({ heading }));

describe("scenes matched to the script", () => {
  it("keeps unchanged scenes, adds new ones and flags cut ones", () => {
    const m = matchScenes(stored("INT. A - DAY", "EXT. B - NIGHT"), script("INT. A - DAY", "INT. NEW - DAY", "EXT. B - NIGHT"));
    expect(m.kept).toEqual([{ id: "s0", index: 0, renamed: false }, { id: "s1", index: 2, renamed: false }]);
    expect(m.added).toEqual([1]);
    expect(m.cut).toEqual([]);
    expect(matchScenes(stored("INT. A - DAY", "EXT. B - NIGHT"), script("EXT. B - NIGHT")).cut).toEqual(["s0"]);
  });

  it("follows a renamed scene in place, and a scene that changed its time of day even when it moved", () => {
    const inPlace = matchScenes(stored("INT. A - DAY", "EXT. STREET - NIGHT", "INT. C - DAY"), script("INT. A - DAY", "EXT. AVENUE FOCH - NIGHT", "INT. C - DAY"));
    expect(inPlace.kept).toContainEqual({ id: "s1", index: 1, renamed: true });
    const moved = matchScenes(
      stored("EXT. STREET - NIGHT", "EXT. BUS STOP - CONTINUOUS", "INT. ANA'S BAKERY - NIGHT"),
      script("INT. ANA'S BAKERY - DAWN", "EXT. BUS STOP - CONTINUOUS", "EXT. THE QUAYS - DAWN"),
    );
    expect(moved.kept).toContainEqual({ id: "s2", index: 0, renamed: true });
    expect(moved.kept).toContainEqual({ id: "s1", index: 1, renamed: false });
    expect(moved.cut).toEqual(["s0"]);
    expect(moved.added).toEqual([2]);
  });

  it("brings back a cut scene whose heading returns", () => {
    const m = matchScenes([{ id: "s0", heading: "INT. A - DAY", missing: true }], script("INT. A - DAY"));
    expect(m.kept).toEqual([{ id: "s0", index: 0, renamed: false }]);
  });
});

describe("mentions", () => {
  it("finds @handles, each once, not e-mail addresses", () => {
    expect(mentionsIn("@lena and @Tomas, see @lena's note; write to noor@example.org")).toEqual(["lena", "tomas"]);
  });
});
