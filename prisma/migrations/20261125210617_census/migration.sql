-- CreateTable
CREATE TABLE "CensusCampaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "deadline" DATETIME NOT NULL,
    "timeZone" TEXT NOT NULL,
    "coordinatorId" TEXT NOT NULL,
    "reminderOffsets" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "summary" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "CensusCampaignUnit" (
    "censusId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "rows" INTEGER,
    "submittedBy" TEXT,
    "submittedAt" DATETIME,
    "escalatedAt" DATETIME,

    PRIMARY KEY ("censusId", "unitId"),
    CONSTRAINT "CensusCampaignUnit_censusId_fkey" FOREIGN KEY ("censusId") REFERENCES "CensusCampaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CensusCampaignUnit_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "CensusCampaign_workflowId_key" ON "CensusCampaign"("workflowId");

-- CreateIndex
CREATE INDEX "CensusCampaignUnit_unitId_idx" ON "CensusCampaignUnit"("unitId");
