-- CreateTable
CREATE TABLE "PersonErasure" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" TEXT NOT NULL,
    "erasedBy" TEXT NOT NULL,
    "erasedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "summary" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "PersonErasure_personId_idx" ON "PersonErasure"("personId");
