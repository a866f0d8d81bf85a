-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "idCardHash" TEXT,
ADD COLUMN     "idCardMasked" TEXT;

-- CreateTable
CREATE TABLE "PersonSpecialty" (
    "personId" TEXT NOT NULL,
    "specialty" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PersonSpecialty_pkey" PRIMARY KEY ("personId","specialty")
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" SERIAL NOT NULL,
    "personId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "obtainedOn" TIMESTAMP(3) NOT NULL,
    "registeredOn" TIMESTAMP(3),
    "registrationExpiresOn" TIMESTAMP(3),
    "number" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamSubjectResult" (
    "id" SERIAL NOT NULL,
    "personId" TEXT NOT NULL,
    "examYear" INTEGER NOT NULL,
    "level" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamSubjectResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingRecord" (
    "id" SERIAL NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "hoursTenths" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "evidence" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrainingRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
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

-- AddForeignKey
ALTER TABLE "PersonSpecialty" ADD CONSTRAINT "PersonSpecialty_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamSubjectResult" ADD CONSTRAINT "ExamSubjectResult_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingRecord" ADD CONSTRAINT "TrainingRecord_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
