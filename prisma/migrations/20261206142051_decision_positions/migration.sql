-- CreateEnum
CREATE TYPE "PositionStance" AS ENUM ('agree', 'abstain', 'disagree', 'block');

-- AlterTable
ALTER TABLE "Production" ADD COLUMN     "minProposalHours" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Decision" ADD COLUMN     "acceptedOverBlocks" INTEGER,
ADD COLUMN     "closesAt" TIMESTAMP(3),
ADD COLUMN     "closingNotifiedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "DecisionPosition" (
    "id" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "userId" TEXT,
    "stance" "PositionStance" NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DecisionPosition_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DecisionPosition_decisionId_userId_key" ON "DecisionPosition"("decisionId", "userId");

-- AddForeignKey
ALTER TABLE "DecisionPosition" ADD CONSTRAINT "DecisionPosition_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DecisionPosition" ADD CONSTRAINT "DecisionPosition_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
