// One request at a time per upload, across every studio process (decision 0057): a
// PATCH still storing its last bytes on one machine and the client's HEAD on another
// must not both see the upload. A PostgreSQL advisory lock, held by a connection of
// its own for as long as the request runs (a PATCH of a master may take hours: not a
// connection of the shared pool, not a transaction).
import { ERRORS, type Lock, type Locker, type RequestRelease } from "@tus/server";
import pg from "pg";

/** How long a request waits for the upload before it is refused (tus's own default). */
const ACQUIRE_MS = 30_000;
const RETRY_MS = 50;

// The requests of this process holding a lock, to ask them to end early when the same
// upload is asked for again (as tus's memory locker does): a client that reconnects
// should not wait for its own dead request.
const holders = new Map<string, RequestRelease>();

export class PgLocker implements Locker {
  newLock(id: string): Lock {
    return new PgLock(`tus:${id}`);
  }
}

class PgLock implements Lock {
  private client: pg.Client | undefined;
  constructor(readonly key: string) {}

  async lock(signal: AbortSignal, cancelReq: RequestRelease) {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: "claquette-upload-lock" });
    client.on("error", () => {}); // a lost connection loses the lock; the request then fails on its own
    await client.connect();
    const until = Date.now() + ACQUIRE_MS;
    try {
      for (;;) {
        const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [this.key]);
        if (rows[0]?.locked) break;
        await holders.get(this.key)?.();
        if (signal.aborted) throw ERRORS.ABORTED;
        if (Date.now() > until) throw ERRORS.ERR_LOCK_TIMEOUT;
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    } catch (e) {
      await client.end().catch(() => {});
      throw e;
    }
    this.client = client;
    holders.set(this.key, cancelReq);
  }

  async unlock() {
    if (!this.client) return;
    const client = this.client;
    this.client = undefined;
    holders.delete(this.key);
    // Ending the session releases its advisory locks, whatever else went wrong.
    await client.end().catch(() => {});
  }
}
