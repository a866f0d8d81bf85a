-- CreateTable
CREATE TABLE "ExamCampaign" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "examYear" INTEGER NOT NULL,
    "definition" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExamCampaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamParticipant" (
    "campaignId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "invitedAt" TIMESTAMP(3),
    "registeredAt" TIMESTAMP(3),
    "withdrawnReason" TEXT,
    "certifiedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExamParticipant_pkey" PRIMARY KEY ("campaignId","personId")
);

-- CreateTable
CREATE TABLE "RewardApplication" (
    "id" SERIAL NOT NULL,
    "campaignId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RewardApplication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ExamCampaign_workflowId_key" ON "ExamCampaign"("workflowId");

-- CreateIndex
CREATE INDEX "ExamParticipant_campaignId_status_idx" ON "ExamParticipant"("campaignId", "status");

-- CreateIndex
CREATE INDEX "ExamParticipant_personId_idx" ON "ExamParticipant"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "RewardApplication_campaignId_personId_key" ON "RewardApplication"("campaignId", "personId");

-- AddForeignKey
ALTER TABLE "ExamParticipant" ADD CONSTRAINT "ExamParticipant_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "ExamCampaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamParticipant" ADD CONSTRAINT "ExamParticipant_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
