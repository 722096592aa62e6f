// The Prisma client, one per process, over a node-postgres pool it shares with the
// few hot paths written in SQL (`sql` below): a session check and a ballot run on
// every request that casts one, and Prisma's per-query cost would halve their rate.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";

export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { claquetteDb?: { prisma: PrismaClient; pool: pg.Pool } };

function connect() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start Claquette with `npm start`.");
  // Enough connections for bursts (a poll closing, a premiere), well under PostgreSQL's limit.
  // Times are stored without zone, in UTC: now() in SQL must mean the same.
  const pool = new pg.Pool({ connectionString, max: 30, options: "-c TimeZone=UTC" });
  return { pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }) };
}

const connection = (globalForDb.claquetteDb ??= connect());
export const db: PrismaClient = connection.prisma;

const TIMESTAMP = 1114;
const utc = (value: string) => new Date(`${value.replace(" ", "T")}Z`);
const types = { getTypeParser: ((oid: number, format?: string) => (oid === TIMESTAMP ? utc : pg.types.getTypeParser(oid, format as "text"))) as typeof pg.types.getTypeParser };

/**
 * A hot-path query as a named prepared statement (parsed once per connection);
 * timestamps come back as the UTC instants Prisma stored.
 */
export async function sql<Row>(name: string, text: string, values: unknown[]): Promise<Row[]> {
  const result = await connection.pool.query({ name, text, values, types });
  return result.rows as Row[];
}
