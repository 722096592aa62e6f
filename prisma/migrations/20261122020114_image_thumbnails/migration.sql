-- AlterTable
ALTER TABLE "Image" ADD COLUMN     "thumbBytes" BYTEA,
ADD COLUMN     "thumbHeight" INTEGER,
ADD COLUMN     "thumbWidth" INTEGER;
