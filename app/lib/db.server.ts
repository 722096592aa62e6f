// The Prisma client, one per process, over node-postgres.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";

export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { claquetteDb?: PrismaClient };

function connect(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start Claquette with `npm start`.");
  // Enough connections for bursts (a poll closing, a premiere), well under PostgreSQL's limit.
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 30 }) });
}

export const db: PrismaClient = (globalForDb.claquetteDb ??= connect());
