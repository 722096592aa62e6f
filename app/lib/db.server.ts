// The Prisma client, one per process, over a node-postgres pool it shares with the
// few hot paths written in SQL (`sql` below): a session check and a ballot run on
// every request that casts one, and Prisma's per-query cost would halve their rate.
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";
import { databasePool } from "./pg-pool.server.ts";

export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { claquetteDb?: { prisma: PrismaClient; pool: pg.Pool } };

function connect() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start Claquette with `npm start`.");
  // Enough connections for bursts (a poll closing, a premiere), well under PostgreSQL's limit.
  // Times are stored without zone, in UTC: now() in SQL must mean the same.
  const pool = databasePool({ connectionString, max: 30, options: "-c TimeZone=UTC" }, "queries");
  return { pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true, statementNameGenerator: preparedName }) }) };
}

/**
 * Prisma's statements are prepared once per connection, by a name drawn from their text:
 * PostgreSQL then plans each once instead of at every request (planning was more than
 * half of its time for a production's home page). A list of many values (`IN ($1, …)`)
 * changes the text with its length, so statements with more than a few parameters stay
 * unnamed, and each connection holds a bounded number of them.
 */
const MAX_PREPARED_PARAMETERS = 16;
const preparedNames = new Map<string, string>();
function preparedName(query: { sql: string; args: unknown[] }): string {
  if (query.args.length > MAX_PREPARED_PARAMETERS) return ""; // unnamed: parsed each time
  let name = preparedNames.get(query.sql);
  if (!name) {
    name = `p${createHash("sha256").update(query.sql).digest("base64url").slice(0, 24)}`;
    if (preparedNames.size < 10_000) preparedNames.set(query.sql, name);
  }
  return name;
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
