-- AlterTable
ALTER TABLE "MentoringPair" ADD COLUMN     "closedBy" TEXT,
ADD COLUMN     "closedNote" TEXT;
