-- CreateEnum
CREATE TYPE "LedgerKind" AS ENUM ('pledge_received', 'refund', 'expense_paid', 'fee', 'support_received', 'distribution', 'correction');

-- AlterTable
ALTER TABLE "Production" ADD COLUMN     "budgetPublic" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" TEXT NOT NULL,
    "number" SERIAL NOT NULL,
    "productionId" TEXT NOT NULL,
    "kind" "LedgerKind" NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recordedById" TEXT,
    "reversesId" TEXT,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_number_key" ON "LedgerEntry"("number");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_reversesId_key" ON "LedgerEntry"("reversesId");

-- CreateIndex
CREATE INDEX "LedgerEntry_productionId_number_idx" ON "LedgerEntry"("productionId", "number");

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_productionId_fkey" FOREIGN KEY ("productionId") REFERENCES "Production"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_reversesId_fkey" FOREIGN KEY ("reversesId") REFERENCES "LedgerEntry"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- The ledger is append-only: an entry is never changed or deleted. Corrections are new
-- entries reversing old ones. Two exceptions, both the database's own bookkeeping: an
-- account deleted leaves its entries without a recorder, and a production deleted takes
-- its ledger with it.
CREATE FUNCTION "ledger_entry_append_only"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM "Production" WHERE "id" = OLD."productionId") THEN
      RAISE EXCEPTION 'a ledger entry is never deleted: record a correction that reverses it' USING ERRCODE = 'P0001';
    END IF;
    RETURN OLD;
  END IF;
  IF NEW."recordedById" IS NULL AND (to_jsonb(NEW) - 'recordedById') = (to_jsonb(OLD) - 'recordedById') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'a ledger entry is never changed: record a correction that reverses it' USING ERRCODE = 'P0001';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "ledger_entry_append_only" BEFORE UPDATE OR DELETE ON "LedgerEntry"
  FOR EACH ROW EXECUTE FUNCTION "ledger_entry_append_only"();
