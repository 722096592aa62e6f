-- AlterTable
ALTER TABLE "Release" ADD COLUMN     "renditionsWarnedFor" TIMESTAMP(3);
