-- CreateTable
CREATE TABLE "DocumentClient" (
    "docName" TEXT NOT NULL,
    "clientId" BIGINT NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "DocumentClient_pkey" PRIMARY KEY ("docName","clientId")
);

-- AddForeignKey
ALTER TABLE "DocumentClient" ADD CONSTRAINT "DocumentClient_docName_fkey" FOREIGN KEY ("docName") REFERENCES "Document"("name") ON DELETE CASCADE ON UPDATE CASCADE;
