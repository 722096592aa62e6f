// When someone's rights change — a session revoked, a role changed, a production's
// rules edited, a decision's text frozen, a wiki page protected — live connections opened under the old rights must not outlive
// them. The change is announced on a PostgreSQL channel; every process's
// collaboration server (server/collab/access.ts) closes the connections it covers,
// and the clients reconnect under their new rights.
import { db } from "./db.server";

export const ACCESS_CHANNEL = "claquette_access";

export type AccessChange =
  | { session: string }
  | { user: string }
  | { user: string; production: string }
  | { production: string }
  /** a document's rules changed (a decision decided: its text is frozen) */
  | { document: string }
  /** who may edit a document changed (a wiki page protected or opened again) */
  | { editing: string };

export async function announceAccessChange(change: AccessChange) {
  await db.$executeRaw`SELECT pg_notify(${ACCESS_CHANNEL}, ${JSON.stringify(change)})`;
}
