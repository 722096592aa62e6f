import { describe, expect, it } from "vitest";
import { chartScale, summarize } from "./budget";

describe("planned against actual", () => {
  it("counts approved expenses only, per line, department and in total, per currency", () => {
    const s = summarize([
      { id: "a", department: "Camera", name: "Rental", planned: 50_000, currency: "EUR", expenses: [{ amount: 24_000, state: "approved" }, { amount: 9_999, state: "proposed" }, { amount: 1_000, state: "rejected" }] },
      { id: "b", department: "Sound", name: "Mix", planned: 80_000, currency: "EUR", expenses: [] },
      { id: "c", department: "Camera", name: "Gels", planned: 4_000, currency: "EUR", expenses: [{ amount: 4_560, state: "approved" }] },
      { id: "d", department: "Sound", name: "Library", planned: 100, currency: "USD", expenses: [{ amount: 99, state: "approved" }] },
    ]);
    expect(s.departments.map((d) => d.department)).toEqual(["Camera", "Sound"]);
    expect(s.departments[0]!.lines.map((l) => l.actual)).toEqual([24_000, 4_560]);
    expect(s.departments[0]!.planned).toEqual([{ currency: "EUR", amount: 54_000 }]);
    expect(s.departments[0]!.actual).toEqual([{ currency: "EUR", amount: 28_560 }]);
    expect(s.planned).toEqual([{ currency: "EUR", amount: 134_000 }, { currency: "USD", amount: 100 }]);
    expect(s.actual).toEqual([{ currency: "EUR", amount: 28_560 }, { currency: "USD", amount: 99 }]);
    expect(chartScale(s.departments)).toEqual({ EUR: 80_000, USD: 100 });
  });
});
