-- CreateTable
CREATE TABLE "ReleasePlay" (
    "releaseId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ReleasePlay_pkey" PRIMARY KEY ("releaseId","day")
);

-- CreateTable
CREATE TABLE "ReleaseCountSeen" (
    "subject" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "client" TEXT NOT NULL,

    CONSTRAINT "ReleaseCountSeen_pkey" PRIMARY KEY ("subject","day","client")
);

-- CreateTable
CREATE TABLE "CountSalt" (
    "day" DATE NOT NULL,
    "salt" TEXT NOT NULL,

    CONSTRAINT "CountSalt_pkey" PRIMARY KEY ("day")
);

-- AddForeignKey
ALTER TABLE "ReleasePlay" ADD CONSTRAINT "ReleasePlay_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;
