// The Prisma client, one per process, over node-postgres.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";

export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { claquetteDb?: PrismaClient };

function connect(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start Claquette with `npm start`.");
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
}

export const db: PrismaClient = (globalForDb.claquetteDb ??= connect());
