-- CreateEnum
CREATE TYPE "ReleaseFileKind" AS ENUM ('film', 'audio', 'subtitles', 'source');

-- CreateEnum
CREATE TYPE "ScreeningKind" AS ENUM ('theatrical', 'community');

-- CreateTable
CREATE TABLE "Release" (
    "id" TEXT NOT NULL,
    "productionId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "version" TEXT NOT NULL DEFAULT '1.0',
    "licence" TEXT NOT NULL,
    "publishAt" TIMESTAMP(3) NOT NULL,
    "synopsis" TEXT NOT NULL DEFAULT '',
    "posterId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "torrent" BYTEA,

    CONSTRAINT "Release_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReleaseFile" (
    "id" TEXT NOT NULL,
    "releaseId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ReleaseFileKind" NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "language" TEXT,
    "mimeType" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "durationSeconds" DOUBLE PRECISION,
    "width" INTEGER,
    "height" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReleaseFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReleaseDownload" (
    "fileId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ReleaseDownload_pkey" PRIMARY KEY ("fileId","day")
);

-- CreateTable
CREATE TABLE "ReleaseStill" (
    "releaseId" TEXT NOT NULL,
    "imageId" TEXT NOT NULL,
    "caption" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ReleaseStill_pkey" PRIMARY KEY ("imageId")
);

-- CreateTable
CREATE TABLE "ReleaseCredit" (
    "id" TEXT NOT NULL,
    "releaseId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "userId" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ReleaseCredit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Screening" (
    "id" TEXT NOT NULL,
    "productionId" TEXT NOT NULL,
    "releaseId" TEXT,
    "kind" "ScreeningKind" NOT NULL DEFAULT 'theatrical',
    "venue" TEXT NOT NULL,
    "address" TEXT NOT NULL DEFAULT '',
    "city" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "timeZone" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT '',
    "subtitles" TEXT NOT NULL DEFAULT '',
    "ticketUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Screening_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Release_posterId_key" ON "Release"("posterId");

-- CreateIndex
CREATE UNIQUE INDEX "Release_productionId_slug_key" ON "Release"("productionId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "ReleaseFile_storageKey_key" ON "ReleaseFile"("storageKey");

-- CreateIndex
CREATE UNIQUE INDEX "ReleaseFile_releaseId_name_key" ON "ReleaseFile"("releaseId", "name");

-- CreateIndex
CREATE INDEX "Screening_productionId_startsAt_idx" ON "Screening"("productionId", "startsAt");

-- AddForeignKey
ALTER TABLE "Release" ADD CONSTRAINT "Release_productionId_fkey" FOREIGN KEY ("productionId") REFERENCES "Production"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Release" ADD CONSTRAINT "Release_posterId_fkey" FOREIGN KEY ("posterId") REFERENCES "Image"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Release" ADD CONSTRAINT "Release_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleaseFile" ADD CONSTRAINT "ReleaseFile_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleaseDownload" ADD CONSTRAINT "ReleaseDownload_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "ReleaseFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleaseStill" ADD CONSTRAINT "ReleaseStill_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleaseStill" ADD CONSTRAINT "ReleaseStill_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleaseCredit" ADD CONSTRAINT "ReleaseCredit_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleaseCredit" ADD CONSTRAINT "ReleaseCredit_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Screening" ADD CONSTRAINT "Screening_productionId_fkey" FOREIGN KEY ("productionId") REFERENCES "Production"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Screening" ADD CONSTRAINT "Screening_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE SET NULL ON UPDATE CASCADE;
