-- CreateEnum
CREATE TYPE "CampaignMode" AS ENUM ('all_or_nothing', 'flexible');

-- CreateEnum
CREATE TYPE "CampaignState" AS ENUM ('open', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "PaymentProvider" AS ENUM ('manual', 'stripe');

-- CreateEnum
CREATE TYPE "PledgeState" AS ENUM ('pending', 'received', 'to_refund', 'refunded');

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "productionId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "goal" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "deadline" TIMESTAMP(3) NOT NULL,
    "mode" "CampaignMode" NOT NULL,
    "state" "CampaignState" NOT NULL DEFAULT 'open',
    "endedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignTier" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "creditAs" TEXT NOT NULL DEFAULT '',
    "poster" BOOLEAN NOT NULL DEFAULT false,
    "screeningId" TEXT,

    CONSTRAINT "CampaignTier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pledge" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "tierId" TEXT,
    "userId" TEXT,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "provider" "PaymentProvider" NOT NULL,
    "reference" TEXT NOT NULL,
    "creditName" TEXT,
    "listed" BOOLEAN NOT NULL DEFAULT false,
    "state" "PledgeState" NOT NULL DEFAULT 'pending',
    "receivedEntryId" TEXT,
    "refundEntryId" TEXT,
    "feeEntryId" TEXT,
    "stripeSessionId" TEXT,
    "stripePaymentIntentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "receivedAt" TIMESTAMP(3),
    "refundedAt" TIMESTAMP(3),

    CONSTRAINT "Pledge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentEvent" (
    "id" TEXT NOT NULL,
    "provider" "PaymentProvider" NOT NULL,
    "type" TEXT NOT NULL,
    "pledgeId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaymentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Campaign_productionId_idx" ON "Campaign"("productionId");

-- CreateIndex
CREATE INDEX "CampaignTier_campaignId_idx" ON "CampaignTier"("campaignId");

-- CreateIndex
CREATE UNIQUE INDEX "Pledge_reference_key" ON "Pledge"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "Pledge_receivedEntryId_key" ON "Pledge"("receivedEntryId");

-- CreateIndex
CREATE UNIQUE INDEX "Pledge_refundEntryId_key" ON "Pledge"("refundEntryId");

-- CreateIndex
CREATE UNIQUE INDEX "Pledge_feeEntryId_key" ON "Pledge"("feeEntryId");

-- CreateIndex
CREATE UNIQUE INDEX "Pledge_stripeSessionId_key" ON "Pledge"("stripeSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "Pledge_stripePaymentIntentId_key" ON "Pledge"("stripePaymentIntentId");

-- CreateIndex
CREATE INDEX "Pledge_campaignId_state_idx" ON "Pledge"("campaignId", "state");

-- CreateIndex
CREATE INDEX "Pledge_userId_idx" ON "Pledge"("userId");

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_productionId_fkey" FOREIGN KEY ("productionId") REFERENCES "Production"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignTier" ADD CONSTRAINT "CampaignTier_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignTier" ADD CONSTRAINT "CampaignTier_screeningId_fkey" FOREIGN KEY ("screeningId") REFERENCES "Screening"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pledge" ADD CONSTRAINT "Pledge_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pledge" ADD CONSTRAINT "Pledge_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "CampaignTier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pledge" ADD CONSTRAINT "Pledge_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentEvent" ADD CONSTRAINT "PaymentEvent_pledgeId_fkey" FOREIGN KEY ("pledgeId") REFERENCES "Pledge"("id") ON DELETE SET NULL ON UPDATE CASCADE;
