-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN     "changedBy" TEXT,
ADD COLUMN     "closedOn" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "UnitMembership" (
    "id" SERIAL NOT NULL,
    "personId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "startedOn" TIMESTAMP(3),
    "endedOn" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnitMembership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonChange" (
    "id" SERIAL NOT NULL,
    "personId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "effectiveOn" TIMESTAMP(3) NOT NULL,
    "fromUnitId" TEXT,
    "toUnitId" TEXT,
    "reason" TEXT,
    "mergedId" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PersonChange_pkey" PRIMARY KEY ("id")
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VocabularyTerm_pkey" PRIMARY KEY ("vocabulary","code")
);

-- CreateIndex
CREATE INDEX "UnitMembership_unitId_startedOn_idx" ON "UnitMembership"("unitId", "startedOn");

-- CreateIndex
CREATE INDEX "UnitMembership_personId_idx" ON "UnitMembership"("personId");

-- CreateIndex
CREATE INDEX "PersonChange_personId_effectiveOn_idx" ON "PersonChange"("personId", "effectiveOn");

-- AddForeignKey
ALTER TABLE "UnitMembership" ADD CONSTRAINT "UnitMembership_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitMembership" ADD CONSTRAINT "UnitMembership_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonChange" ADD CONSTRAINT "PersonChange_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
