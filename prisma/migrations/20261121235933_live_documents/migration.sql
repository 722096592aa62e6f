-- CreateTable
CREATE TABLE "Document" (
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "productionId" TEXT NOT NULL,
    "state" BYTEA,
    "compactedThrough" BIGINT NOT NULL DEFAULT 0,
    "editorsSinceVersion" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "editingSince" TIMESTAMP(3),
    "lastEditAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "DocumentUpdate" (
    "id" BIGSERIAL NOT NULL,
    "docName" TEXT NOT NULL,
    "authorId" TEXT,
    "update" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentVersion" (
    "id" TEXT NOT NULL,
    "docName" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "label" TEXT,
    "state" BYTEA NOT NULL,
    "editors" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentContribution" (
    "docName" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "productionId" TEXT NOT NULL,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "edits" INTEGER NOT NULL DEFAULT 0,
    "firstAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentContribution_pkey" PRIMARY KEY ("docName","userId")
);

-- CreateIndex
CREATE INDEX "Document_productionId_idx" ON "Document"("productionId");

-- CreateIndex
CREATE INDEX "DocumentUpdate_docName_id_idx" ON "DocumentUpdate"("docName", "id");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentVersion_docName_number_key" ON "DocumentVersion"("docName", "number");

-- CreateIndex
CREATE INDEX "DocumentContribution_productionId_idx" ON "DocumentContribution"("productionId");

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_productionId_fkey" FOREIGN KEY ("productionId") REFERENCES "Production"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentUpdate" ADD CONSTRAINT "DocumentUpdate_docName_fkey" FOREIGN KEY ("docName") REFERENCES "Document"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentVersion" ADD CONSTRAINT "DocumentVersion_docName_fkey" FOREIGN KEY ("docName") REFERENCES "Document"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentVersion" ADD CONSTRAINT "DocumentVersion_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentContribution" ADD CONSTRAINT "DocumentContribution_docName_fkey" FOREIGN KEY ("docName") REFERENCES "Document"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentContribution" ADD CONSTRAINT "DocumentContribution_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentContribution" ADD CONSTRAINT "DocumentContribution_productionId_fkey" FOREIGN KEY ("productionId") REFERENCES "Production"("id") ON DELETE CASCADE ON UPDATE CASCADE;
