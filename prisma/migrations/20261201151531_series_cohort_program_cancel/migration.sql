-- AlterTable
ALTER TABLE "Announcement" ADD COLUMN "cancelledBy" TEXT;

-- AlterTable
ALTER TABLE "CourseSeries" ADD COLUMN "cancelReason" TEXT;
ALTER TABLE "CourseSeries" ADD COLUMN "cancelledAt" DATETIME;
ALTER TABLE "CourseSeries" ADD COLUMN "cancelledBy" TEXT;

-- AlterTable
ALTER TABLE "MentoringProgram" ADD COLUMN "cancelReason" TEXT;
ALTER TABLE "MentoringProgram" ADD COLUMN "cancelledBy" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Cohort" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "coordinatorId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "cancelledBy" TEXT,
    "cancelledAt" DATETIME,
    "cancelReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Cohort" ("coordinatorId", "createdAt", "createdBy", "id", "kind", "title", "updatedAt") SELECT "coordinatorId", "createdAt", "createdBy", "id", "kind", "title", "updatedAt" FROM "Cohort";
DROP TABLE "Cohort";
ALTER TABLE "new_Cohort" RENAME TO "Cohort";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
