-- CreateTable
CREATE TABLE "ExamCampaignKpi" (
    "campaignId" TEXT NOT NULL PRIMARY KEY,
    "cohort" INTEGER NOT NULL DEFAULT 0,
    "invited" INTEGER NOT NULL DEFAULT 0,
    "registered" INTEGER NOT NULL DEFAULT 0,
    "withdrawn" INTEGER NOT NULL DEFAULT 0,
    "notRegistered" INTEGER NOT NULL DEFAULT 0,
    "passed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "certificates" INTEGER NOT NULL DEFAULT 0,
    "rewardApplications" INTEGER NOT NULL DEFAULT 0,
    "noticesQueued" INTEGER NOT NULL DEFAULT 0,
    "noticesSent" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ExamNoticeWave" (
    "campaignId" TEXT NOT NULL,
    "wave" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "queuedAt" DATETIME,
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "sentAt" DATETIME,

    PRIMARY KEY ("campaignId", "wave")
);

-- CreateTable
CREATE TABLE "ExamCompletion" (
    "campaignId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "sprintClass" TEXT,
    "completedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("campaignId", "personId")
);

-- CreateIndex
CREATE INDEX "ExamCompletion_personId_idx" ON "ExamCompletion"("personId");
