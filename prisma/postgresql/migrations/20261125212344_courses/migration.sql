-- CreateTable
CREATE TABLE "CourseSeries" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "coordinatorId" TEXT NOT NULL,
    "capacity" INTEGER,
    "reminderOffsets" TEXT NOT NULL,
    "minTenths" INTEGER NOT NULL,
    "requiredSessions" TEXT NOT NULL DEFAULT '[]',
    "absenceWarnAfter" INTEGER NOT NULL DEFAULT 3,
    "timeZone" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CourseSeries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CourseSession" (
    "seriesId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "place" TEXT,
    "link" TEXT,
    "hoursTenths" INTEGER NOT NULL,
    "teacher" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "version" INTEGER NOT NULL DEFAULT 0,
    "checkInCode" TEXT,
    "checkInUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CourseSession_pkey" PRIMARY KEY ("seriesId","sessionId")
);

-- CreateTable
CREATE TABLE "CourseEnrolment" (
    "seriesId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "enrolledBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CourseEnrolment_pkey" PRIMARY KEY ("seriesId","personId")
);

-- CreateTable
CREATE TABLE "CourseAttendance" (
    "seriesId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CourseAttendance_pkey" PRIMARY KEY ("seriesId","sessionId","personId")
);

-- CreateTable
CREATE TABLE "CourseCompletion" (
    "seriesId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "hoursTenths" INTEGER NOT NULL,
    "completedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CourseCompletion_pkey" PRIMARY KEY ("seriesId","personId")
);

-- CreateTable
CREATE TABLE "CreditClaim" (
    "id" SERIAL NOT NULL,
    "personId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "hoursTenths" INTEGER NOT NULL,
    "evidence" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "reviewedBy" TEXT,
    "reviewNote" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreditClaim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CePeriodOutcome" (
    "personId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "earnedTenths" INTEGER NOT NULL,
    "requiredTenths" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CePeriodOutcome_pkey" PRIMARY KEY ("personId","level","periodStart")
);

-- CreateIndex
CREATE UNIQUE INDEX "CourseSeries_workflowId_key" ON "CourseSeries"("workflowId");

-- CreateIndex
CREATE INDEX "CourseSession_startsAt_idx" ON "CourseSession"("startsAt");

-- CreateIndex
CREATE INDEX "CourseEnrolment_seriesId_status_seq_idx" ON "CourseEnrolment"("seriesId", "status", "seq");

-- CreateIndex
CREATE INDEX "CourseEnrolment_personId_idx" ON "CourseEnrolment"("personId");

-- CreateIndex
CREATE INDEX "CourseAttendance_seriesId_personId_idx" ON "CourseAttendance"("seriesId", "personId");

-- CreateIndex
CREATE INDEX "CourseCompletion_personId_idx" ON "CourseCompletion"("personId");

-- CreateIndex
CREATE INDEX "CreditClaim_personId_status_idx" ON "CreditClaim"("personId", "status");

-- AddForeignKey
ALTER TABLE "CourseSession" ADD CONSTRAINT "CourseSession_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "CourseSeries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseEnrolment" ADD CONSTRAINT "CourseEnrolment_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "CourseSeries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseAttendance" ADD CONSTRAINT "CourseAttendance_seriesId_sessionId_fkey" FOREIGN KEY ("seriesId", "sessionId") REFERENCES "CourseSession"("seriesId", "sessionId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseCompletion" ADD CONSTRAINT "CourseCompletion_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "CourseSeries"("id") ON DELETE CASCADE ON UPDATE CASCADE;
