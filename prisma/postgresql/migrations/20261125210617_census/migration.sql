-- CreateTable
CREATE TABLE "CensusCampaign" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "deadline" TIMESTAMP(3) NOT NULL,
    "timeZone" TEXT NOT NULL,
    "coordinatorId" TEXT NOT NULL,
    "reminderOffsets" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "summary" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "CensusCampaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CensusCampaignUnit" (
    "censusId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "rows" INTEGER,
    "submittedBy" TEXT,
    "submittedAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),

    CONSTRAINT "CensusCampaignUnit_pkey" PRIMARY KEY ("censusId","unitId")
);

-- CreateIndex
CREATE UNIQUE INDEX "CensusCampaign_workflowId_key" ON "CensusCampaign"("workflowId");

-- CreateIndex
CREATE INDEX "CensusCampaignUnit_unitId_idx" ON "CensusCampaignUnit"("unitId");

-- AddForeignKey
ALTER TABLE "CensusCampaignUnit" ADD CONSTRAINT "CensusCampaignUnit_censusId_fkey" FOREIGN KEY ("censusId") REFERENCES "CensusCampaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CensusCampaignUnit" ADD CONSTRAINT "CensusCampaignUnit_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
