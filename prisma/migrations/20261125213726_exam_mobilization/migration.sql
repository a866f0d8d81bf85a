-- CreateTable
CREATE TABLE "ExamCampaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "examYear" INTEGER NOT NULL,
    "definition" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ExamParticipant" (
    "campaignId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "invitedAt" DATETIME,
    "registeredAt" DATETIME,
    "withdrawnReason" TEXT,
    "certifiedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("campaignId", "personId"),
    CONSTRAINT "ExamParticipant_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "ExamCampaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExamParticipant_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RewardApplication" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "campaignId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "decidedBy" TEXT,
    "decidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "ExamCampaign_workflowId_key" ON "ExamCampaign"("workflowId");

-- CreateIndex
CREATE INDEX "ExamParticipant_campaignId_status_idx" ON "ExamParticipant"("campaignId", "status");

-- CreateIndex
CREATE INDEX "ExamParticipant_personId_idx" ON "ExamParticipant"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "RewardApplication_campaignId_personId_key" ON "RewardApplication"("campaignId", "personId");
