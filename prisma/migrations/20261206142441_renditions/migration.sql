-- CreateEnum
CREATE TYPE "RenditionKind" AS ENUM ('mp4', 'hls', 'poster');

-- CreateEnum
CREATE TYPE "RenditionStatus" AS ENUM ('queued', 'running', 'ready', 'failed');

-- CreateTable
CREATE TABLE "Rendition" (
    "id" TEXT NOT NULL,
    "releaseId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "kind" "RenditionKind" NOT NULL,
    "width" INTEGER NOT NULL DEFAULT 0,
    "height" INTEGER NOT NULL DEFAULT 0,
    "bitrate" INTEGER NOT NULL DEFAULT 0,
    "size" BIGINT NOT NULL DEFAULT 0,
    "storageKey" TEXT NOT NULL,
    "status" "RenditionStatus" NOT NULL DEFAULT 'queued',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Rendition_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Rendition_storageKey_key" ON "Rendition"("storageKey");

-- CreateIndex
CREATE INDEX "Rendition_releaseId_idx" ON "Rendition"("releaseId");

-- CreateIndex
CREATE INDEX "Rendition_fileId_idx" ON "Rendition"("fileId");

-- AddForeignKey
ALTER TABLE "Rendition" ADD CONSTRAINT "Rendition_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "ReleaseFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;
