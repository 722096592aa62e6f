import { describe, expect, it } from "vitest";
import { encodePng } from "~/features/media/png";
import { decideSchema, decisionThreshold, lineSchema, needsDecision, sniffReceipt } from "./budget-form";

describe("receipts by content", () => {
  it("takes a PDF and a PNG, whatever their names, and refuses text, GIF and HTML", () => {
    expect(sniffReceipt(new TextEncoder().encode("%PDF-1.7\n…"))).toBe("application/pdf");
    expect(sniffReceipt(encodePng(2, 2, () => [0, 0, 0]))).toBe("image/png");
    expect(sniffReceipt(new TextEncoder().encode("<html><script>alert(1)</script>"))).toBeNull();
    expect(sniffReceipt(new TextEncoder().encode("GIF89a\x01\x00\x01\x00"))).toBeNull();
    expect(sniffReceipt(new Uint8Array())).toBeNull();
  });
});

describe("the decision threshold", () => {
  it("is 500 whole units of the expense's currency", () => {
    expect(decisionThreshold("EUR")).toBe(50_000);
    expect(decisionThreshold("JPY")).toBe(500);
    expect(needsDecision({ amount: 49_999, currency: "EUR" })).toBe(false);
    expect(needsDecision({ amount: 50_000, currency: "EUR" })).toBe(true);
  });
});

describe("the forms", () => {
  it("reads a line's planned amount as people type it", () => {
    const ok = lineSchema.safeParse({ department: "Sound", name: "Mix", planned: "1 200,50", currency: "EUR" });
    expect(ok.success && ok.data.planned).toBe(120_050);
    const bad = lineSchema.safeParse({ department: "Sound", name: "Mix", planned: "12.345", currency: "EUR" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe("budget.error.amount");
  });

  it("reads a decision as D-12 or 12, and nothing else", () => {
    expect(decideSchema.parse({ expense: "x", verdict: "approve", decision: "D-12" }).decision).toBe(12);
    expect(decideSchema.parse({ expense: "x", verdict: "approve", decision: "12" }).decision).toBe(12);
    expect(decideSchema.parse({ expense: "x", verdict: "approve", decision: "" }).decision).toBeNull();
    expect(decideSchema.safeParse({ expense: "x", verdict: "approve", decision: "twelve" }).success).toBe(false);
  });
});
