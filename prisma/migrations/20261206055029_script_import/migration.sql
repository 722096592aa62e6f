-- CreateTable
CREATE TABLE "ScriptImport" (
    "id" TEXT NOT NULL,
    "productionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScriptImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ScriptImport_createdAt_idx" ON "ScriptImport"("createdAt");
