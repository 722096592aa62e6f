-- AlterTable
ALTER TABLE "Support" ADD COLUMN     "refundEntryId" TEXT,
ADD COLUMN     "refundedAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "Support_refundEntryId_key" ON "Support"("refundEntryId");
