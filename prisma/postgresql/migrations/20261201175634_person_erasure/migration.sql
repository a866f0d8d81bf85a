-- CreateTable
CREATE TABLE "PersonErasure" (
    "id" SERIAL NOT NULL,
    "personId" TEXT NOT NULL,
    "erasedBy" TEXT NOT NULL,
    "erasedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "summary" TEXT NOT NULL,

    CONSTRAINT "PersonErasure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PersonErasure_personId_idx" ON "PersonErasure"("personId");
