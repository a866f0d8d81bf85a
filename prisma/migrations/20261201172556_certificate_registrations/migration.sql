-- CreateTable
CREATE TABLE "CertificateRegistration" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "certificateId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "registeredOn" DATETIME NOT NULL,
    "expiresOn" DATETIME NOT NULL,
    "source" TEXT NOT NULL,
    "sourceRef" TEXT,
    "recordedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CertificateRegistration_certificateId_fkey" FOREIGN KEY ("certificateId") REFERENCES "Certificate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CertificateRegistration_personId_level_registeredOn_idx" ON "CertificateRegistration"("personId", "level", "registeredOn");

-- CreateIndex
CREATE UNIQUE INDEX "CertificateRegistration_certificateId_registeredOn_key" ON "CertificateRegistration"("certificateId", "registeredOn");


-- Certificates registered before registrations were records: each keeps its registration as one
-- record of source "legacy" (expiry as recorded, else three years on).
INSERT INTO "CertificateRegistration" ("certificateId", "personId", "level", "registeredOn", "expiresOn", "source", "recordedBy")
SELECT "id", "personId", "level", "registeredOn",
       COALESCE("registrationExpiresOn", strftime('%Y-%m-%dT%H:%M:%f+00:00', "registeredOn", '+3 years')),
       'legacy', 'migration'
FROM "Certificate" WHERE "registeredOn" IS NOT NULL;
