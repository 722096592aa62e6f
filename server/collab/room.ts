// One live document in memory: its Y.Doc, its awareness (who is here, where their
// cursor is) and its connections. Updates from connections are applied, broadcast
// and handed to the update log; updates appended by others (another process, a
// restore) arrive through the store and are applied and broadcast.
import type { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { updatesSince, type DocumentInfo } from "../../app/features/collab/store.server.ts";
import type { Person } from "./auth.ts";
import { RateLimiter } from "./limits.ts";
import { awarenessMessage, updateMessage } from "./protocol.ts";

export type Connection = {
  ws: WebSocket;
  person: Person | null;
  canEdit: boolean;
  /** the person, or the address for visitors: what per-person limits count */
  personKey: string;
  identity: { name: string; color: string };
  /** awareness client ids this connection speaks for */
  clients: Set<number>;
  limiter: RateLimiter;
  alive: boolean;
};

/** Origin of updates that came from the store rather than from a connection. */
export const FROM_STORE = Symbol("from-store");

export class Room {
  readonly connections = new Set<Connection>();
  readonly awareness: awarenessProtocol.Awareness;
  /** the last update id this room has applied from the log */
  lastSeenId: bigint;
  /** stored size: state plus updates since compaction, for the document size limit */
  storedBytes: number;
  updatesSinceCompaction = 0;
  unloadTimer: NodeJS.Timeout | undefined;
  private catchingUp: Promise<void> = Promise.resolve();

  constructor(
    readonly info: DocumentInfo,
    readonly doc: Y.Doc,
    lastSeenId: bigint,
    storedBytes: number,
    onEdit: (room: Room, update: Uint8Array, conn: Connection) => void,
  ) {
    this.lastSeenId = lastSeenId;
    this.storedBytes = storedBytes;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null); // the server itself is not present
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      this.broadcast(updateMessage(update));
      if (origin !== FROM_STORE && origin && typeof origin === "object" && "ws" in origin) {
        onEdit(this, update, origin as Connection);
      }
    });
    this.awareness.on("update", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      const changed = added.concat(updated, removed);
      this.broadcast(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)));
    });
  }

  get name() {
    return this.info.name;
  }

  broadcast(message: Uint8Array, except?: Connection) {
    for (const c of this.connections) {
      if (c !== except && c.ws.readyState === c.ws.OPEN) c.ws.send(message);
    }
  }

  /** Apply what others appended to the log since we last looked (serialised). */
  catchUp(): Promise<void> {
    this.catchingUp = this.catchingUp.then(async () => {
      const updates = await updatesSince(this.name, this.lastSeenId);
      if (!updates.length) return;
      Y.applyUpdate(this.doc, Y.mergeUpdates(updates.map((u) => u.update)), FROM_STORE);
      this.lastSeenId = updates.at(-1)!.id;
    });
    return this.catchingUp;
  }

  destroy() {
    clearTimeout(this.unloadTimer);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
