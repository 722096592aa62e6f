// Listening to PostgreSQL for what other code (or other processes) changed:
// access (a session revoked, a role changed) and documents (updates appended by
// a restore, or by another process holding the same document).
import pg from "pg";
import { DOC_CHANNEL, parseDocNotification } from "../../app/features/collab/store.server.ts";
import { ACCESS_CHANNEL, type AccessChange } from "../../app/lib/access.server.ts";

export type Listener = { close(): Promise<void> };

export async function listenForChanges(
  databaseUrl: string,
  handlers: { origin: string; onAccessChange(change: AccessChange): void; onDocumentAppended(name: string): void; log(line: string): void },
): Promise<Listener> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  async function connect() {
    const c = new pg.Client({ connectionString: databaseUrl });
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
      }
    });
    c.on("error", (e) => {
      if (stopped) return;
      handlers.log(`lost the notification connection (${e.message}); reconnecting`);
      client = undefined;
      retry = setTimeout(() => void connect().catch(() => {}), 1000);
    });
    await c.connect();
    await c.query(`LISTEN ${ACCESS_CHANNEL}`);
    await c.query(`LISTEN ${DOC_CHANNEL}`);
    client = c;
  }

  await connect();
  return {
    async close() {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
