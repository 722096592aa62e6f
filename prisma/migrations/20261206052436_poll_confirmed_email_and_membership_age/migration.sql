-- AlterTable
ALTER TABLE "Poll" ADD COLUMN     "minMembershipHours" INTEGER NOT NULL DEFAULT 24,
ADD COLUMN     "requireConfirmedEmail" BOOLEAN NOT NULL DEFAULT true;

-- Polls that exist already keep the rule they opened with (new polls get the defaults).
UPDATE "Poll" SET "requireConfirmedEmail" = false, "minMembershipHours" = 0;
