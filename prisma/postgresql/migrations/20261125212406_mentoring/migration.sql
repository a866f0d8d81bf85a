-- CreateTable
CREATE TABLE "MentoringProgram" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "coordinatorId" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "timeZone" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "MentoringProgram_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentoringMember" (
    "programId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "MentoringMember_pkey" PRIMARY KEY ("programId","personId","role")
);

-- CreateTable
CREATE TABLE "MentoringPair" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "menteeId" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,
    "previousMentors" TEXT NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL,
    "closedReason" TEXT,
    "workflowId" TEXT NOT NULL,
    "sessionsPlanned" INTEGER NOT NULL,
    "sessionsHeld" INTEGER NOT NULL DEFAULT 0,
    "sessionsMissed" INTEGER NOT NULL DEFAULT 0,
    "lastActivityAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "MentoringPair_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentoringSession" (
    "pairId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "mentorId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "scheduledAt" TIMESTAMP(3) NOT NULL,
    "durationMinutes" INTEGER,
    "topics" TEXT NOT NULL DEFAULT '[]',
    "notes" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MentoringSession_pkey" PRIMARY KEY ("pairId","seq")
);

-- CreateTable
CREATE TABLE "MentoringGoal" (
    "pairId" TEXT NOT NULL,
    "goalId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MentoringGoal_pkey" PRIMARY KEY ("pairId","goalId")
);

-- CreateTable
CREATE TABLE "MentoringEvaluation" (
    "pairId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,
    "scores" TEXT NOT NULL,
    "overall" INTEGER NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MentoringEvaluation_pkey" PRIMARY KEY ("pairId","stage")
);

-- CreateTable
CREATE TABLE "MentoringChecklistItem" (
    "pairId" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3),

    CONSTRAINT "MentoringChecklistItem_pkey" PRIMARY KEY ("pairId","item")
);

-- CreateTable
CREATE TABLE "PersonQualification" (
    "personId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "obtainedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PersonQualification_pkey" PRIMARY KEY ("personId","kind")
);

-- CreateIndex
CREATE UNIQUE INDEX "MentoringProgram_workflowId_key" ON "MentoringProgram"("workflowId");

-- CreateIndex
CREATE INDEX "MentoringMember_personId_idx" ON "MentoringMember"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "MentoringPair_workflowId_key" ON "MentoringPair"("workflowId");

-- CreateIndex
CREATE INDEX "MentoringPair_mentorId_idx" ON "MentoringPair"("mentorId");

-- CreateIndex
CREATE UNIQUE INDEX "MentoringPair_programId_menteeId_key" ON "MentoringPair"("programId", "menteeId");

-- CreateIndex
CREATE INDEX "PersonQualification_kind_idx" ON "PersonQualification"("kind");

-- AddForeignKey
ALTER TABLE "MentoringMember" ADD CONSTRAINT "MentoringMember_programId_fkey" FOREIGN KEY ("programId") REFERENCES "MentoringProgram"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringPair" ADD CONSTRAINT "MentoringPair_programId_fkey" FOREIGN KEY ("programId") REFERENCES "MentoringProgram"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringSession" ADD CONSTRAINT "MentoringSession_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "MentoringPair"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringGoal" ADD CONSTRAINT "MentoringGoal_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "MentoringPair"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringEvaluation" ADD CONSTRAINT "MentoringEvaluation_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "MentoringPair"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringChecklistItem" ADD CONSTRAINT "MentoringChecklistItem_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "MentoringPair"("id") ON DELETE CASCADE ON UPDATE CASCADE;
