// Every node-postgres pool of the studio is made here. PostgreSQL closes connections the
// studio holds (a restart or failover of the database, an administrator, a pooler or a
// firewall dropping quiet connections); a pool or a checked-out client with nobody
// listening for that error ends the process. With these listeners the lost connection is
// logged and left: the pool drops it, and the next query opens a new one (a query under
// way on it fails on its own).
import pg from "pg";

export function databasePool(config: pg.PoolConfig, name: string): pg.Pool {
  const pool = new pg.Pool(config);
  const lost = (e: Error) => console.log(`[claquette] ${name}: a database connection was closed (${e.message})`);
  pool.on("error", lost);
  pool.on("connect", (client) => client.on("error", lost));
  return pool;
}
