-- CreateTable
CREATE TABLE "MentoringProgram" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "coordinatorId" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "timeZone" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "MentoringMember" (
    "programId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    PRIMARY KEY ("programId", "personId", "role"),
    CONSTRAINT "MentoringMember_programId_fkey" FOREIGN KEY ("programId") REFERENCES "MentoringProgram" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentoringPair" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "lastActivityAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    CONSTRAINT "MentoringPair_programId_fkey" FOREIGN KEY ("programId") REFERENCES "MentoringProgram" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentoringSession" (
    "pairId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "mentorId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "scheduledAt" DATETIME NOT NULL,
    "durationMinutes" INTEGER,
    "topics" TEXT NOT NULL DEFAULT '[]',
    "notes" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("pairId", "seq"),
    CONSTRAINT "MentoringSession_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "MentoringPair" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentoringGoal" (
    "pairId" TEXT NOT NULL,
    "goalId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("pairId", "goalId"),
    CONSTRAINT "MentoringGoal_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "MentoringPair" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentoringEvaluation" (
    "pairId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,
    "scores" TEXT NOT NULL,
    "overall" INTEGER NOT NULL,
    "comment" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("pairId", "stage"),
    CONSTRAINT "MentoringEvaluation_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "MentoringPair" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentoringChecklistItem" (
    "pairId" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "submittedAt" DATETIME,

    PRIMARY KEY ("pairId", "item"),
    CONSTRAINT "MentoringChecklistItem_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "MentoringPair" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PersonQualification" (
    "personId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "obtainedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("personId", "kind")
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
