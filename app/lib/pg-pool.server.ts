// Every node-postgres pool of the studio is made here. PostgreSQL closes connections the
// studio holds (a restart or failover of the database, an administrator, a pooler or a
// firewall dropping quiet connections); a pool or a checked-out client with nobody
// listening for that error ends the process. With these listeners the lost connection is
// logged and left: the pool drops it, and the next query opens a new one (a query under
// way on it fails on its own).
import pg from "pg";

/** A restart closes every connection of a pool at once: one line for them. */
const QUIET_AFTER_LOGGING_MS = 10_000;

export function databasePool(config: pg.PoolConfig, name: string): pg.Pool {
  const pool = new pg.Pool(config);
  let quietUntil = 0;
  const lost = (e: Error) => {
    if (Date.now() < quietUntil) return;
    quietUntil = Date.now() + QUIET_AFTER_LOGGING_MS;
    console.log(`[claquette] ${name}: a database connection was closed (${e.message}); the next query opens another`);
  };
  pool.on("error", lost);
  pool.on("connect", (client) => client.on("error", lost));
  return pool;
}
