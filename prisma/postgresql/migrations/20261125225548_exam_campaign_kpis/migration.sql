-- CreateTable
CREATE TABLE "ExamCampaignKpi" (
    "campaignId" TEXT NOT NULL,
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
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExamCampaignKpi_pkey" PRIMARY KEY ("campaignId")
);

-- CreateTable
CREATE TABLE "ExamNoticeWave" (
    "campaignId" TEXT NOT NULL,
    "wave" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "queuedAt" TIMESTAMP(3),
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "ExamNoticeWave_pkey" PRIMARY KEY ("campaignId","wave")
);

-- CreateTable
CREATE TABLE "ExamCompletion" (
    "campaignId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "sprintClass" TEXT,
    "completedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamCompletion_pkey" PRIMARY KEY ("campaignId","personId")
);

-- CreateIndex
CREATE INDEX "ExamCompletion_personId_idx" ON "ExamCompletion"("personId");
