import { describe, expect, it } from "vitest";
import { balancesOf, ledgerCsv, ledgerJson, type ExportEntry } from "./ledger-export";

const at = new Date("2026-12-01T10:00:00Z");
const entry = (e: Partial<ExportEntry>): ExportEntry => ({
  number: 1,
  kind: "pledge_received",
  amount: 2500,
  currency: "EUR",
  description: "Pledge",
  occurredAt: at,
  recordedAt: at,
  recordedBy: "ana",
  reverses: null,
  reversedBy: null,
  ...e,
});

describe("the ledger's exports", () => {
  it("writes amounts as exact decimals and minor units, and quotes what a spreadsheet would run", () => {
    const csv = ledgerCsv([
      entry({ number: 1, reversedBy: 3 }),
      entry({ number: 2, kind: "expense_paid", amount: -1999, description: 'Tape, "gaffer"\nblack' }),
      entry({ number: 3, kind: "correction", amount: -2500, description: "=HYPERLINK(\"x\")", reverses: 1 }),
      entry({ number: 4, amount: 1000, currency: "JPY", recordedBy: null }),
    ]).split("\r\n");
    expect(csv[0]).toBe("number,occurred_at,recorded_at,kind,description,amount,minor_units,currency,recorded_by,reverses,reversed_by");
    expect(csv[1]).toBe("1,2026-12-01T10:00:00.000Z,2026-12-01T10:00:00.000Z,pledge_received,Pledge,25.00,2500,EUR,ana,,3");
    expect(csv[2]).toBe('2,2026-12-01T10:00:00.000Z,2026-12-01T10:00:00.000Z,expense_paid,"Tape, ""gaffer""\nblack",-19.99,-1999,EUR,ana,,');
    expect(csv.slice(3, 5).join("\r\n")).toContain(`correction,"'=HYPERLINK(""x"")",-25.00,-2500,EUR,ana,1,`);
    expect(csv.at(-2)).toBe("4,2026-12-01T10:00:00.000Z,2026-12-01T10:00:00.000Z,pledge_received,Pledge,1000,1000,JPY,,,");
  });

  it("gives each currency's balance as the exact sum of its entries", () => {
    const entries = [entry({ amount: 10 }), entry({ amount: 20 }), entry({ amount: -5, currency: "USD" }), entry({ amount: 1, currency: "EUR" })];
    expect(balancesOf(entries)).toEqual([
      { currency: "EUR", amount: 31 },
      { currency: "USD", amount: -5 },
    ]);
    const json = ledgerJson({ slug: "x", title: "X" }, entries);
    expect(json.balances).toEqual([
      { amount: "0.31", minorUnits: 31, currency: "EUR" },
      { amount: "-0.05", minorUnits: -5, currency: "USD" },
    ]);
    expect(json.entries[0]).toMatchObject({ number: 1, amount: "0.10", minorUnits: 10, currency: "EUR", recordedBy: "ana", reverses: null });
  });
});
