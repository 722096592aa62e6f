import { describe, expect, it } from "vitest";
import { allocateMoney, currencyOf, formatMoney, parseAmount, sumAmounts, toDecimalString } from "./money";

describe("money", () => {
  it("knows currencies and their minor units", () => {
    expect(currencyOf("EUR")?.exponent).toBe(2);
    expect(currencyOf("JPY")?.exponent).toBe(0);
    expect(currencyOf("XYZ")).toBeNull();
    expect(currencyOf("eur")).toBeNull();
  });

  it("parses what people type, in either decimal mark, refusing extra decimals", () => {
    expect(parseAmount("12", "EUR")).toBe(1200);
    expect(parseAmount("12.5", "EUR")).toBe(1250);
    expect(parseAmount(" 1 200,05 ", "EUR")).toBe(120005);
    expect(parseAmount("0.1", "EUR")).toBe(10);
    expect(parseAmount("12.345", "EUR")).toBeNull();
    expect(parseAmount("1000", "JPY")).toBe(1000);
    expect(parseAmount("10.5", "JPY")).toBeNull();
    expect(parseAmount("-3", "EUR")).toBeNull();
    expect(parseAmount("abc", "EUR")).toBeNull();
  });

  it("formats exactly, in the reader's language", () => {
    expect(toDecimalString({ amount: 1250, currency: "EUR" })).toBe("12.50");
    expect(formatMoney({ amount: 1250, currency: "EUR" }, "en")).toBe("€12.50");
    expect(formatMoney({ amount: 123456, currency: "EUR" }, "fr")).toBe("1\u202f234,56\u00a0€");
    // 0.1 + 0.2 as floats would print 0.30000000000000004; minor units never do.
    expect(formatMoney({ amount: sumAmounts([10, 20]), currency: "USD" }, "en")).toBe("$0.30");
  });

  it("splits an amount without losing or making a cent", () => {
    const parts = allocateMoney({ amount: 1000, currency: "EUR" }, [1, 1, 1]);
    expect(parts).toEqual([334, 333, 333]);
    expect(sumAmounts(parts)).toBe(1000);
  });
});
