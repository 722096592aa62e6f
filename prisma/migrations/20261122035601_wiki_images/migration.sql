-- CreateTable
CREATE TABLE "WikiImage" (
    "imageId" TEXT NOT NULL,
    "productionId" TEXT NOT NULL,
    "uploaderId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WikiImage_pkey" PRIMARY KEY ("imageId")
);

-- CreateIndex
CREATE INDEX "WikiImage_productionId_idx" ON "WikiImage"("productionId");

-- AddForeignKey
ALTER TABLE "WikiImage" ADD CONSTRAINT "WikiImage_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WikiImage" ADD CONSTRAINT "WikiImage_productionId_fkey" FOREIGN KEY ("productionId") REFERENCES "Production"("id") ON DELETE CASCADE ON UPDATE CASCADE;
