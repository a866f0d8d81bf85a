-- CreateTable
CREATE TABLE "RewardDecision" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "campaignId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "reason" TEXT,
    "decidedBy" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RewardDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RewardDecision_applicationId_key" ON "RewardDecision"("applicationId");

-- CreateIndex
CREATE INDEX "RewardDecision_campaignId_idx" ON "RewardDecision"("campaignId");
