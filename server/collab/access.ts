// Listening to PostgreSQL for what other code (or other processes) changed:
// access (a session revoked, a role changed), documents (updates appended by
// a restore, or by another process holding the same document) and presence (who is
// here on another machine, which only lives in the processes' memory).
import pg from "pg";
import { COMMENTS_CHANNEL, DOC_CHANNEL, parseDocNotification } from "../../app/features/collab/store.server.ts";
import { ACCESS_CHANNEL, type AccessChange } from "../../app/lib/access.server.ts";

/** `origin|document|awareness update in base64`; an empty update asks who is here. */
export const PRESENCE_CHANNEL = "claquette_presence";

export type Listener = {
  /** Tell the other processes this presence of a document (nothing: ask for theirs). */
  relayPresence(name: string, update: Uint8Array | null): void;
  close(): Promise<void>;
};

export async function listenForChanges(
  databaseUrl: string,
  handlers: {
    origin: string;
    onAccessChange(change: AccessChange): void;
    onDocumentAppended(name: string): void;
    /** a document's comments changed (any process) */
    onCommentsChanged(name: string): void;
    /** presence of a document from another process; null: it asks for ours */
    onPresence(name: string, update: Uint8Array | null): void;
    /** after a lost connection: notifications may have been missed meanwhile */
    onReconnected(): void;
    log(line: string): void;
  },
): Promise<Listener> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  async function connect() {
    // Named, so that an operator (or a test) can tell which process holds it.
    const c = new pg.Client({ connectionString: databaseUrl, application_name: `claquette-collab:${handlers.origin}` });
    c.on("notification", (n) => {
      if (!n.payload) return;
      if (n.channel === ACCESS_CHANNEL) {
        try {
          handlers.onAccessChange(JSON.parse(n.payload) as AccessChange);
        } catch {
          handlers.log(`ignored a malformed access notification`);
        }
      } else if (n.channel === DOC_CHANNEL) {
        const { origin, name } = parseDocNotification(n.payload);
        if (origin !== handlers.origin) handlers.onDocumentAppended(name);
      } else if (n.channel === COMMENTS_CHANNEL) {
        handlers.onCommentsChanged(n.payload);
      } else if (n.channel === PRESENCE_CHANNEL) {
        const first = n.payload.indexOf("|");
        const last = n.payload.lastIndexOf("|");
        if (first < 0 || last === first || n.payload.slice(0, first) === handlers.origin) return;
        const update = n.payload.slice(last + 1);
        handlers.onPresence(n.payload.slice(first + 1, last), update ? new Uint8Array(Buffer.from(update, "base64")) : null);
      }
    });
    let lost = false;
    let listening = false;
    const onLost = (why: string) => {
      // A connection that never listened is retried by whoever was connecting it.
      if (stopped || lost || !listening) return;
      lost = true;
      handlers.log(`lost the notification connection (${why}); reconnecting`);
      client = undefined;
      retry = setTimeout(() => void reconnect(), 1000);
    };
    c.on("error", (e) => onLost(e.message));
    c.on("end", () => onLost("closed"));
    await c.connect();
    await c.query(`LISTEN ${ACCESS_CHANNEL}`);
    await c.query(`LISTEN ${DOC_CHANNEL}`);
    await c.query(`LISTEN ${COMMENTS_CHANNEL}`);
    await c.query(`LISTEN ${PRESENCE_CHANNEL}`);
    listening = true;
    client = c;
  }

  async function reconnect() {
    try {
      await connect();
      handlers.log("notification connection restored");
      handlers.onReconnected();
    } catch {
      if (!stopped) retry = setTimeout(() => void reconnect(), 1000);
    }
  }

  await connect();
  return {
    relayPresence(name, update) {
      // Presence is renewed by its clients every 15 s: one lost while the connection is
      // down is not worth keeping.
      const payload = `${handlers.origin}|${name}|${update ? Buffer.from(update).toString("base64") : ""}`;
      client?.query("SELECT pg_notify($1, $2)", [PRESENCE_CHANNEL, payload]).catch((e: Error) => handlers.log(`relaying presence: ${e.message}`));
    },
    async close() {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
