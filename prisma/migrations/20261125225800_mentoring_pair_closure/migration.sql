-- AlterTable
ALTER TABLE "MentoringPair" ADD COLUMN "closedBy" TEXT;
ALTER TABLE "MentoringPair" ADD COLUMN "closedNote" TEXT;
