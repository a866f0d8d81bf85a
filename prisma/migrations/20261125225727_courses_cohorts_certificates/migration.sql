-- AlterTable
ALTER TABLE "CourseCompletion" ADD COLUMN "certificateNo" TEXT;
ALTER TABLE "CourseCompletion" ADD COLUMN "revokedAt" DATETIME;
ALTER TABLE "CourseCompletion" ADD COLUMN "revokedReason" TEXT;

-- CreateTable
CREATE TABLE "Cohort" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "coordinatorId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CohortMember" (
    "cohortId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("cohortId", "personId"),
    CONSTRAINT "CohortMember_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CohortSeries" (
    "cohortId" TEXT NOT NULL,
    "seriesId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("cohortId", "seriesId"),
    CONSTRAINT "CohortSeries_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CohortMember_personId_idx" ON "CohortMember"("personId");

-- CreateIndex
CREATE INDEX "CohortSeries_seriesId_idx" ON "CohortSeries"("seriesId");

-- CreateIndex
CREATE UNIQUE INDEX "CourseCompletion_certificateNo_key" ON "CourseCompletion"("certificateNo");
