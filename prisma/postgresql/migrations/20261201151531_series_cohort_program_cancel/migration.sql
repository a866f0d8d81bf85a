-- AlterTable
ALTER TABLE "Announcement" ADD COLUMN     "cancelledBy" TEXT;

-- AlterTable
ALTER TABLE "Cohort" ADD COLUMN     "cancelReason" TEXT,
ADD COLUMN     "cancelledAt" TIMESTAMP(3),
ADD COLUMN     "cancelledBy" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'running';

-- AlterTable
ALTER TABLE "CourseSeries" ADD COLUMN     "cancelReason" TEXT,
ADD COLUMN     "cancelledAt" TIMESTAMP(3),
ADD COLUMN     "cancelledBy" TEXT;

-- AlterTable
ALTER TABLE "MentoringProgram" ADD COLUMN     "cancelReason" TEXT,
ADD COLUMN     "cancelledBy" TEXT;
