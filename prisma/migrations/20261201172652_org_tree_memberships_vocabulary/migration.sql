-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN "changedBy" TEXT;
ALTER TABLE "Organisation" ADD COLUMN "closedOn" DATETIME;

-- CreateTable
CREATE TABLE "UnitMembership" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "startedOn" DATETIME,
    "endedOn" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "UnitMembership_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "UnitMembership_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PersonChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "effectiveOn" DATETIME NOT NULL,
    "fromUnitId" TEXT,
    "toUnitId" TEXT,
    "reason" TEXT,
    "mergedId" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PersonChange_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VocabularyTerm" (
    "vocabulary" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "zh" TEXT NOT NULL,
    "en" TEXT,
    "synonyms" TEXT NOT NULL DEFAULT '[]',
    "rank" INTEGER NOT NULL DEFAULT 0,
    "ceHours" INTEGER,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("vocabulary", "code")
);

-- CreateIndex
CREATE INDEX "UnitMembership_unitId_startedOn_idx" ON "UnitMembership"("unitId", "startedOn");

-- CreateIndex
CREATE INDEX "UnitMembership_personId_idx" ON "UnitMembership"("personId");

-- CreateIndex
CREATE INDEX "PersonChange_personId_effectiveOn_idx" ON "PersonChange"("personId", "effectiveOn");
