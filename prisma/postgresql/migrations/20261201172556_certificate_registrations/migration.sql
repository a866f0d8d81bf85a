-- CreateTable
CREATE TABLE "CertificateRegistration" (
    "id" SERIAL NOT NULL,
    "certificateId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "registeredOn" TIMESTAMP(3) NOT NULL,
    "expiresOn" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "sourceRef" TEXT,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CertificateRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CertificateRegistration_personId_level_registeredOn_idx" ON "CertificateRegistration"("personId", "level", "registeredOn");

-- CreateIndex
CREATE UNIQUE INDEX "CertificateRegistration_certificateId_registeredOn_key" ON "CertificateRegistration"("certificateId", "registeredOn");

-- AddForeignKey
ALTER TABLE "CertificateRegistration" ADD CONSTRAINT "CertificateRegistration_certificateId_fkey" FOREIGN KEY ("certificateId") REFERENCES "Certificate"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Certificates registered before registrations were records: each keeps its registration as one
-- record of source "legacy" (expiry as recorded, else three years on).
INSERT INTO "CertificateRegistration" ("certificateId", "personId", "level", "registeredOn", "expiresOn", "source", "recordedBy")
SELECT "id", "personId", "level", "registeredOn",
       COALESCE("registrationExpiresOn", "registeredOn" + INTERVAL '3 years'),
       'legacy', 'migration'
FROM "Certificate" WHERE "registeredOn" IS NOT NULL;
