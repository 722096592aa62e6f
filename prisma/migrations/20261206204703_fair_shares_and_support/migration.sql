-- CreateTable
CREATE TABLE "Support" (
    "id" TEXT NOT NULL,
    "productionId" TEXT NOT NULL,
    "userId" TEXT,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "provider" "PaymentProvider" NOT NULL,
    "reference" TEXT NOT NULL,
    "received" BOOLEAN NOT NULL DEFAULT false,
    "receivedEntryId" TEXT,
    "feeEntryId" TEXT,
    "stripeSessionId" TEXT,
    "stripePaymentIntentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "receivedAt" TIMESTAMP(3),

    CONSTRAINT "Support_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Distribution" (
    "id" TEXT NOT NULL,
    "productionId" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Distribution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DistributionShare" (
    "id" TEXT NOT NULL,
    "distributionId" TEXT NOT NULL,
    "userId" TEXT,
    "handle" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "acceptedWork" INTEGER NOT NULL,
    "authoredChars" INTEGER NOT NULL,
    "weight" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "entryId" TEXT,
    "position" INTEGER NOT NULL,

    CONSTRAINT "DistributionShare_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Support_reference_key" ON "Support"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "Support_receivedEntryId_key" ON "Support"("receivedEntryId");

-- CreateIndex
CREATE UNIQUE INDEX "Support_feeEntryId_key" ON "Support"("feeEntryId");

-- CreateIndex
CREATE UNIQUE INDEX "Support_stripeSessionId_key" ON "Support"("stripeSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "Support_stripePaymentIntentId_key" ON "Support"("stripePaymentIntentId");

-- CreateIndex
CREATE INDEX "Support_productionId_received_idx" ON "Support"("productionId", "received");

-- CreateIndex
CREATE INDEX "Distribution_productionId_createdAt_idx" ON "Distribution"("productionId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DistributionShare_entryId_key" ON "DistributionShare"("entryId");

-- CreateIndex
CREATE UNIQUE INDEX "DistributionShare_distributionId_position_key" ON "DistributionShare"("distributionId", "position");

-- AddForeignKey
ALTER TABLE "Support" ADD CONSTRAINT "Support_productionId_fkey" FOREIGN KEY ("productionId") REFERENCES "Production"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Support" ADD CONSTRAINT "Support_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Distribution" ADD CONSTRAINT "Distribution_productionId_fkey" FOREIGN KEY ("productionId") REFERENCES "Production"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Distribution" ADD CONSTRAINT "Distribution_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DistributionShare" ADD CONSTRAINT "DistributionShare_distributionId_fkey" FOREIGN KEY ("distributionId") REFERENCES "Distribution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DistributionShare" ADD CONSTRAINT "DistributionShare_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
