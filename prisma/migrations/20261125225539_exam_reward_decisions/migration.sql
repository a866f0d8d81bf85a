-- CreateTable
CREATE TABLE "RewardDecision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "campaignId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "reason" TEXT,
    "decidedBy" TEXT NOT NULL,
    "decidedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "RewardDecision_applicationId_key" ON "RewardDecision"("applicationId");

-- CreateIndex
CREATE INDEX "RewardDecision_campaignId_idx" ON "RewardDecision"("campaignId");
