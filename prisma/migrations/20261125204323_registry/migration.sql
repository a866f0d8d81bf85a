-- AlterTable
ALTER TABLE "Person" ADD COLUMN "idCardHash" TEXT;
ALTER TABLE "Person" ADD COLUMN "idCardMasked" TEXT;

-- CreateTable
CREATE TABLE "PersonSpecialty" (
    "personId" TEXT NOT NULL,
    "specialty" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("personId", "specialty"),
    CONSTRAINT "PersonSpecialty_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "obtainedOn" DATETIME NOT NULL,
    "registeredOn" DATETIME,
    "registrationExpiresOn" DATETIME,
    "number" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Certificate_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExamSubjectResult" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" TEXT NOT NULL,
    "examYear" INTEGER NOT NULL,
    "level" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExamSubjectResult_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TrainingRecord" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sourceKey" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "hoursTenths" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "evidence" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TrainingRecord_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "PersonSpecialty_specialty_idx" ON "PersonSpecialty"("specialty");

-- CreateIndex
CREATE INDEX "Certificate_level_obtainedOn_idx" ON "Certificate"("level", "obtainedOn");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_personId_level_key" ON "Certificate"("personId", "level");

-- CreateIndex
CREATE UNIQUE INDEX "ExamSubjectResult_personId_examYear_subject_key" ON "ExamSubjectResult"("personId", "examYear", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "TrainingRecord_sourceKey_key" ON "TrainingRecord"("sourceKey");

-- CreateIndex
CREATE INDEX "TrainingRecord_personId_idx" ON "TrainingRecord"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_idCardHash_key" ON "Person"("idCardHash");
