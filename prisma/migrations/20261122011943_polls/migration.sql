-- CreateEnum
CREATE TYPE "PollMethod" AS ENUM ('plurality', 'approval', 'irv', 'schulze');

-- CreateEnum
CREATE TYPE "PollEligibility" AS ENUM ('members', 'accounts');

-- CreateEnum
CREATE TYPE "ResultsVisibility" AS ENUM ('live', 'after_vote', 'after_close');

-- CreateTable
CREATE TABLE "Poll" (
    "id" TEXT NOT NULL,
    "productionId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "method" "PollMethod" NOT NULL,
    "minChoices" INTEGER NOT NULL DEFAULT 1,
    "maxChoices" INTEGER,
    "opensAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "eligibility" "PollEligibility" NOT NULL DEFAULT 'members',
    "minAccountAgeDays" INTEGER NOT NULL DEFAULT 0,
    "resultsVisibility" "ResultsVisibility" NOT NULL DEFAULT 'after_close',
    "allowReason" BOOLEAN NOT NULL DEFAULT false,
    "seed" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Poll_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PollOption" (
    "id" TEXT NOT NULL,
    "pollId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "imageId" TEXT,

    CONSTRAINT "PollOption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Ballot" (
    "id" TEXT NOT NULL,
    "pollId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "publicId" TEXT NOT NULL,
    "choices" JSONB NOT NULL,
    "reason" TEXT,
    "castAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Ballot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PollEvent" (
    "id" TEXT NOT NULL,
    "pollId" TEXT NOT NULL,
    "actorId" TEXT,
    "kind" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PollEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Poll_productionId_idx" ON "Poll"("productionId");

-- CreateIndex
CREATE INDEX "Poll_closedAt_closesAt_idx" ON "Poll"("closedAt", "closesAt");

-- CreateIndex
CREATE UNIQUE INDEX "PollOption_imageId_key" ON "PollOption"("imageId");

-- CreateIndex
CREATE UNIQUE INDEX "PollOption_pollId_key_key" ON "PollOption"("pollId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "Ballot_publicId_key" ON "Ballot"("publicId");

-- CreateIndex
CREATE UNIQUE INDEX "Ballot_pollId_userId_key" ON "Ballot"("pollId", "userId");

-- CreateIndex
CREATE INDEX "PollEvent_pollId_createdAt_idx" ON "PollEvent"("pollId", "createdAt");

-- AddForeignKey
ALTER TABLE "Poll" ADD CONSTRAINT "Poll_productionId_fkey" FOREIGN KEY ("productionId") REFERENCES "Production"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Poll" ADD CONSTRAINT "Poll_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollOption" ADD CONSTRAINT "PollOption_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollOption" ADD CONSTRAINT "PollOption_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ballot" ADD CONSTRAINT "Ballot_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ballot" ADD CONSTRAINT "Ballot_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollEvent" ADD CONSTRAINT "PollEvent_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollEvent" ADD CONSTRAINT "PollEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
