// The ledger's promises, against PostgreSQL: nothing written is ever changed or deleted
// (corrections reverse), and every balance is exactly the sum of what was written, even
// when many write at once.
import { describe, expect, it } from "vitest";
import { balances, recordEntry, reverseEntry } from "~/features/funding/ledger.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser } from "../support/collab";

describe("the ledger", () => {
  it("refuses to change or delete an entry; a correction reverses it once", async () => {
    const producer = await testUser("ledger");
    const { production } = await testProduction(producer);
    const entry = await db.$transaction((tx) =>
      recordEntry(tx, { productionId: production.id, kind: "pledge_received", amount: 2500, currency: "EUR", description: "Pledge", recordedById: producer.id }),
    );

    await expect(db.ledgerEntry.update({ where: { id: entry.id }, data: { amount: 250000 } })).rejects.toThrow(/never changed/);
    await expect(db.ledgerEntry.delete({ where: { id: entry.id } })).rejects.toThrow(/never deleted/);
    await expect(db.$executeRawUnsafe(`UPDATE "LedgerEntry" SET "description" = 'x' WHERE "id" = $1`, entry.id)).rejects.toThrow(/never changed/);

    const correction = await db.$transaction((tx) => reverseEntry(tx, entry.id, { recordedById: producer.id, description: "Typed twice" }));
    expect(correction).toMatchObject({ kind: "correction", amount: -2500, currency: "EUR", reversesId: entry.id });
    await expect(db.$transaction((tx) => reverseEntry(tx, entry.id, { recordedById: producer.id, description: "Again" }))).rejects.toThrow();
    expect(await balances(production.id)).toEqual([{ currency: "EUR", amount: 0 }]);
  });

  it("keeps balances per currency equal to the sum of 200 entries written at once", async () => {
    const producer = await testUser("ledger");
    const { production } = await testProduction(producer);
    const amounts = Array.from({ length: 200 }, (_, i) => (i % 7 === 0 ? -(i + 1) * 3 : (i + 1) * 101));
    await Promise.all(
      amounts.map((amount, i) =>
        db.$transaction(
          (tx) =>
            recordEntry(tx, { productionId: production.id, kind: amount > 0 ? "pledge_received" : "expense_paid", amount, currency: i % 2 ? "EUR" : "USD", description: `#${i}` }),
          { maxWait: 60_000 }, // 200 writers queue for the pool's connections
        ),
      ),
    );
    const sum = (odd: number) => amounts.filter((_, i) => i % 2 === odd).reduce((a, b) => a + b, 0);
    expect(await balances(production.id)).toEqual([
      { currency: "EUR", amount: sum(1) },
      { currency: "USD", amount: sum(0) },
    ]);
    expect(await db.ledgerEntry.count({ where: { productionId: production.id } })).toBe(200);
  });

  it("goes with its production, and leaves no recorder when an account goes", async () => {
    const producer = await testUser("ledger");
    const { production } = await testProduction(producer);
    const entry = await db.$transaction((tx) =>
      recordEntry(tx, { productionId: production.id, kind: "fee", amount: -30, currency: "EUR", description: "Bank fee", recordedById: producer.id }),
    );
    await db.$transaction((tx) => reverseEntry(tx, entry.id, { recordedById: producer.id, description: "Refunded by the bank" }));
    await db.$executeRawUnsafe(`UPDATE "LedgerEntry" SET "recordedById" = NULL WHERE "id" = $1`, entry.id);
    expect((await db.ledgerEntry.findUniqueOrThrow({ where: { id: entry.id } })).recordedById).toBeNull();
    await db.production.delete({ where: { id: production.id } });
    expect(await db.ledgerEntry.count({ where: { productionId: production.id } })).toBe(0);
  });
});
