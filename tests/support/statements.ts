// Every statement this process sends to PostgreSQL while `fn` runs: on the pool, on a
// connection taken from it (Prisma's batches and transactions) or on a client of its own
// (the page cache's listening connection). All go through pg's Client.query: counted
// there, once. For a studio run in this process (its built app over this process's pool).
type Queryable = { query: (...args: unknown[]) => unknown };

export async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const pool = (globalThis as unknown as { claquetteDb: { pool: { connect: () => Promise<Queryable & { release: () => void }> } } }).claquetteDb.pool;
  const sample = await pool.connect();
  const clientClass = Object.getPrototypeOf(sample) as Queryable;
  sample.release();
  const { query } = clientClass;
  const seen: string[] = [];
  clientClass.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0];
    seen.push(typeof q === "string" ? q : ((q as { text?: string })?.text ?? ""));
    return query.apply(this, args);
  };
  try {
    await fn();
  } finally {
    clientClass.query = query;
  }
  return seen;
}
