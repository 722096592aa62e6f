-- AlterTable
ALTER TABLE "DocumentVersion" ADD COLUMN     "productionId" TEXT;

-- CreateIndex
CREATE INDEX "DocumentVersion_productionId_createdAt_idx" ON "DocumentVersion"("productionId", "createdAt");

-- CreateIndex
CREATE INDEX "WikiPage_search_idx" ON "WikiPage" USING GIN ("search");

-- Versions made before this migration learn their production from their document.
UPDATE "DocumentVersion" v SET "productionId" = d."productionId" FROM "Document" d WHERE d.name = v."docName" AND v."productionId" IS NULL;
