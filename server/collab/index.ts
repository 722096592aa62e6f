// The collaboration server: `/collab/<doc name>` websockets on the studio's own
// HTTP server, speaking the y-websocket protocol. Concerns live in their modules:
// auth.ts (who may open what), protocol.ts (the wire format), persistence.ts (the
// update log), limits.ts, access.ts (revocations), room.ts (a live document).
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { BlockList } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import * as Y from "yjs";
import {
  compact,
  createVersion,
  docFromStored,
  dueForCheckpoint,
  readStoredDocument,
  type DocumentInfo,
  type StoredDocument,
} from "../../app/features/collab/store.server.ts";
import { listenForChanges, type Listener } from "./access.ts";
import { admit, colourFor, type Person } from "./auth.ts";
import { CloseCode, ConnectionCounter, defaultLimits, RateLimiter, type Limits } from "./limits.ts";
import { createFolder } from "./folder.ts";
import { applyChecked } from "./schema.ts";
import { UpdateLog } from "./persistence.ts";
import {
  awarenessMessage,
  awarenessProtocol,
  commentsMessage,
  decodeMessage,
  encodeAwareness,
  readAwareness,
  type PresenceEntry,
  syncStep1Message,
  syncStep2Message,
} from "./protocol.ts";
import { BROADCAST_INTERVAL_MS, collabWork, isEmptyStateVector, Room, type Connection } from "./room.ts";

const EMPTY_STATE_VECTOR = new Uint8Array([0]);

export type Timings = {
  /** group-commit window of the update log: the shortest time between two commits */
  commitWindowMs: number;
  /** a document's shortest time between two broadcasts of changes (and of presence) */
  broadcastIntervalMs: number;
  /** a document with no connection is unloaded (flushed, compacted) after this */
  unloadAfterMs: number;
  /** compaction when this many updates have been appended since the last one */
  compactAfterUpdates: number;
  /** automatic checkpoint after a pause in editing… */
  checkpointIdleMs: number;
  /** …or after this long of continuous editing */
  checkpointMaxRunMs: number;
  /** how often to look for documents due a checkpoint */
  checkpointScanMs: number;
  /** websocket keep-alive ping */
  pingMs: number;
  /** a wiki page's links and search are read again this long after its last edit */
  reindexAfterMs: number;
};

export const defaultTimings: Timings = {
  // Readers see a keystroke once it is committed (decisions 0019, 0064): the window adds to their wait.
  commitWindowMs: 10,
  broadcastIntervalMs: BROADCAST_INTERVAL_MS,
  unloadAfterMs: 30_000,
  compactAfterUpdates: 2_000,
  checkpointIdleMs: 2 * 60_000,
  checkpointMaxRunMs: 10 * 60_000,
  checkpointScanMs: 15_000,
  pingMs: 30_000,
  reindexAfterMs: 500,
};

export type CollabOptions = {
  publicUrl: string;
  databaseUrl: string;
  /** proxies whose X-Forwarded-For is believed: visitors are counted by their own address */
  trustedProxies?: BlockList;
  limits?: Partial<Limits>;
  timings?: Partial<Timings>;
  log?: (line: string) => void;
};

export type CollabServer = Awaited<ReturnType<typeof createCollabServer>>;

export async function createCollabServer(options: CollabOptions) {
  const limits = { ...defaultLimits, ...options.limits };
  const timings = { ...defaultTimings, ...options.timings };
  const log = options.log ?? ((line: string) => console.log(`[collab] ${line}`));
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
  const rooms = new Map<string, Promise<Room>>();
  /** While a document loads: its stored bytes, to answer new clients at once. */
  const loading = new Map<string, Promise<StoredDocument>>();
  const storedAnswers = new WeakMap<Promise<StoredDocument>, Promise<Uint8Array | null>>();
  // Writers and readers are counted apart: an audience of readers never keeps a writer
  // out, and visitors are counted by address with a limit an audience behind one fits.
  const perDocument = new ConnectionCounter(limits.maxConnectionsPerDocument);
  const perPerson = new ConnectionCounter(limits.maxConnectionsPerPerson);
  const readersPerDocument = new ConnectionCounter(limits.maxReadersPerDocument);
  const readersPerAddress = new ConnectionCounter(limits.maxReadersPerAddress);
  const documentCounter = (conn: { canEdit: boolean }) => (conn.canEdit ? perDocument : readersPerDocument);
  const personCounter = (conn: { person: Person | null }) => (conn.person ? perPerson : readersPerAddress);
  const compacting = new Set<string>();
  const folder = createFolder();
  let closing = false;
  const origin = randomUUID();

  // A wiki page's links, search stems and snippets follow its text: read again a moment
  // after each run of edits (not on every keystroke).
  const reindexTimers = new Map<string, NodeJS.Timeout>();
  // The tracker's scenes follow the script the same way.
  function scheduleReindex(name: string) {
    if (!(name.startsWith("wiki:") || name.startsWith("script:")) || closing) return;
    clearTimeout(reindexTimers.get(name));
    reindexTimers.set(
      name,
      setTimeout(() => {
        reindexTimers.delete(name);
        const work = name.startsWith("wiki:")
          ? import("../../app/features/wiki/wiki.server.ts").then((wiki) => wiki.reindexPage(name.slice("wiki:".length)))
          : import("../../app/features/tracker/tracker.server.ts").then((tracker) => tracker.syncScenes(name.slice("script:".length)));
        work.catch((e: Error) => log(`reindexing ${name}: ${e.message}`));
      }, timings.reindexAfterMs),
    );
  }

  const updateLog = new UpdateLog(
    (appended) => {
      for (const [name, ids] of appended) {
        scheduleReindex(name);
        void rooms.get(name)?.then((room) => {
          room.appended(ids);
          if (room.updatesSinceCompaction >= timings.compactAfterUpdates) void compactRoom(room);
        });
      }
    },
    timings.commitWindowMs,
    log,
    origin,
  );

  async function compactRoom(room: Room) {
    if (compacting.has(room.name)) return;
    compacting.add(room.name);
    const started = performance.now();
    try {
      await updateLog.flush();
      const result = await compact(room.name, folder.fold);
      if (collabWork.hasSubscribers) collabWork.publish({ what: "compaction", ms: performance.now() - started });
      room.updatesSinceCompaction = 0;
      room.storedBytes = result.bytesAfter;
      if (result.folded) void room.folded(result.folded.through, result.folded.updates);
    } catch (e) {
      log(`compaction of ${room.name} failed: ${(e as Error).message}`);
    } finally {
      compacting.delete(room.name);
    }
  }

  function onEdit(room: Room, update: Uint8Array, conn: Connection) {
    room.storedBytes += update.length;
    room.updatesSinceCompaction++;
    return updateLog.append({ docName: room.name, productionId: room.info.productionId, authorId: conn.person!.id, update });
  }

  function getRoom(info: DocumentInfo): Promise<Room> {
    let room = rooms.get(info.name);
    if (!room) {
      // A long log (a crash before compaction, an import) is folded first, in the worker.
      const stored = readStoredDocument(info.name).then(async (s) => {
        if (s.updates.length <= timings.compactAfterUpdates) return s;
        await compact(info.name, folder.fold);
        return readStoredDocument(info.name);
      });
      loading.set(info.name, stored);
      room = stored
        // Let the replies made from the stored bytes go out before the (CPU-bound) load.
        .then((s) => new Promise<StoredDocument>((resolve) => setImmediate(() => resolve(s))))
        .then((s) => {
          const r = new Room(info, docFromStored(s), s.lastUpdateId, s.storedBytes, onEdit, (_, update) => listener.relayPresence(info.name, update), timings.broadcastIntervalMs);
          // Other processes holding the document say who is there.
          listener.relayPresence(info.name, null);
          return r;
        })
        .finally(() => loading.delete(info.name));
      rooms.set(info.name, room);
      room.catch(() => rooms.delete(info.name));
    }
    return room;
  }

  /**
   * A new client (empty state vector) asking for the document while it loads is
   * answered from the stored bytes when they are the folded state alone (the log is
   * folded when a document unloads): the bytes as they are, made into one message per
   * load. A client is "synced" by that message (the reading view draws the script then,
   * the editor says it is connected), so with changes after the fold it waits for the
   * room. Merging them would answer it a little sooner at a cost on top of the load,
   * which happens anyway and waits behind the merge (a 3,500-element screenplay and
   * 100 changes: merged in 12 ms, loaded in 20 ms; `npm run bench:stored-answer`).
   */
  function answerFromStore(name: string, conn: Connection): boolean {
    const stored = loading.get(name);
    if (!stored) return false;
    let answer = storedAnswers.get(stored);
    if (!answer) {
      answer = stored.then((s) => (s.updates.length ? null : syncStep2Message(s.state ?? Y.encodeStateAsUpdate(new Y.Doc()))));
      storedAnswers.set(stored, answer);
    }
    const open = () => conn.ws.readyState === conn.ws.OPEN;
    const ignore = () => {}; // the load failed: getRoom's caller closes the connection
    answer.then((message) => {
      if (message) {
        if (open()) conn.send(message);
        return;
      }
      rooms.get(name)?.then((room) => {
        if (open()) room.answerSync(conn, EMPTY_STATE_VECTOR);
      }, ignore);
    }, ignore);
    return true;
  }

  async function unload(room: Room) {
    // Commit first: a connection arriving meanwhile keeps the room; one arriving after
    // it is gone loads from a database that already holds every edit.
    await updateLog.flush();
    if (room.connections.size || room.evicted || rooms.get(room.name) === undefined) return;
    rooms.delete(room.name);
    if (room.updatesSinceCompaction > 0) await compactRoom(room);
    room.destroy();
  }

  function scheduleUnload(room: Room) {
    if (closing) return;
    clearTimeout(room.unloadTimer);
    room.unloadTimer = setTimeout(() => void unload(room), timings.unloadAfterMs);
  }

  function close(conn: Connection, code: number, reason: string) {
    if (code !== CloseCode.goingAway && code !== CloseCode.accessChanged) log(`closing a connection (${code}): ${reason}`);
    conn.ws.close(code, reason.slice(0, 120));
  }

  function handleMessage(room: Room, conn: Connection, data: Uint8Array) {
    if (!conn.limiter.take()) return close(conn, CloseCode.tooFast, "too many messages");
    let message;
    try {
      message = decodeMessage(data);
    } catch (e) {
      return close(conn, CloseCode.malformed, `malformed message: ${(e as Error).message}`);
    }
    try {
      switch (message.type) {
        case "syncStep1":
          room.answerSync(conn, message.stateVector);
          return;
        case "syncStep2":
        case "update": {
          if (!conn.canEdit) {
            // Only what would change the document is a change (a reader's client hands back what it holds).
            if (room.changesNothing(message.update)) return;
            return close(conn, CloseCode.readOnly, "read-only connection sent a change");
          }
          if (room.storedBytes + message.update.length > limits.maxDocumentBytes) {
            return close(conn, CloseCode.tooLarge, "document size limit reached");
          }
          // Applied only if the document still reads under its schema (schema.ts).
          const refusal = applyChecked(room.doc, room.info.kind, message.update, conn);
          if (refusal) return close(conn, refusal.code, `update refused: ${refusal.problem}`);
          return;
        }
        case "awareness": {
          // A bad state (or one too large) closes its sender (4400) before anything is relayed.
          const entries = readAwareness(message.update, conn.identity, { caret: conn.canEdit });
          const kept: PresenceEntry[] = [];
          for (const e of entries) {
            const owner = room.presenceOwners.get(e.clientID);
            if (owner === conn) {
              kept.push(e);
              continue;
            }
            // y-websocket clients send back every presence change they receive: such an
            // echo is not newer than what the room has, and is dropped.
            const known = room.awareness.meta.get(e.clientID);
            if (known !== undefined && e.clock <= known.clock) continue;
            if (owner) {
              // Nobody speaks for (or removes) someone else's presence; the same person back
              // on a new connection (the old one not yet seen gone) takes theirs over.
              if (owner.personKey !== conn.personKey) continue;
              owner.clients.delete(e.clientID);
            } else {
              if (e.state === null) continue; // nobody's: nothing to remove
              // A browser tab speaks for one client id: many would multiply what everyone is sent.
              if (conn.clients.size >= limits.maxPresenceClientsPerConnection) {
                return close(conn, CloseCode.malformed, "too many presence states for one connection");
              }
            }
            room.presenceOwners.set(e.clientID, conn);
            conn.clients.add(e.clientID);
            kept.push(e);
          }
          if (kept.length) awarenessProtocol.applyAwarenessUpdate(room.awareness, encodeAwareness(kept), conn);
          return;
        }
        case "queryAwareness":
          conn.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...room.awareness.getStates().keys()])));
          return;
      }
    } catch (e) {
      // An update Yjs cannot integrate, an awareness payload that is not JSON…
      close(conn, CloseCode.malformed, `rejected message: ${(e as Error).message}`);
    }
  }

  function onConnection(ws: WebSocket, info: DocumentInfo, conn: Connection) {
    const early: Uint8Array[] = [];
    let room: Room | undefined;
    ws.on("message", (data: RawData) => {
      const bytes = data instanceof Buffer ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data as ArrayBuffer);
      if (room) return handleMessage(room, conn, bytes);
      if (!early.length && isNewClientHello(bytes) && conn.limiter.take() && answerFromStore(info.name, conn)) return;
      // Held until the document is loaded; a client has no reason to send many meanwhile.
      if (early.length >= 100) return close(conn, CloseCode.tooFast, "too many messages before the document loaded");
      early.push(bytes);
    });
    ws.on("pong", () => (conn.alive = true));
    ws.on("error", (e) => log(`websocket error: ${e.message}`));
    ws.on("close", () => {
      documentCounter(conn).remove(info.name);
      personCounter(conn).remove(conn.personKey);
      if (!room) return;
      room.connections.delete(conn);
      for (const id of conn.clients) if (room.presenceOwners.get(id) === conn) room.presenceOwners.delete(id);
      awarenessProtocol.removeAwarenessStates(room.awareness, [...conn.clients], null);
      if (!room.connections.size) scheduleUnload(room);
    });
    getRoom(info).then(
      (r) => {
        if (ws.readyState !== ws.OPEN) {
          // Gone while the document loaded (a writer who typed and left at once): what
          // they wrote is kept all the same; their presence is not, they are gone. The
          // room must not stay without anyone.
          for (const bytes of early.splice(0)) if (isChange(bytes)) handleMessage(r, conn, bytes);
          if (!r.connections.size) scheduleUnload(r);
          return;
        }
        room = r;
        clearTimeout(r.unloadTimer);
        r.connections.add(conn);
        conn.send(syncStep1Message(r.doc));
        const states = r.awareness.getStates();
        if (states.size) conn.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(r.awareness, [...states.keys()])));
        for (const bytes of early.splice(0)) handleMessage(r, conn, bytes);
      },
      (e: Error) => {
        log(`could not load ${info.name}: ${e.message}`);
        ws.close(1011, "could not load the document");
      },
    );
  }

  /** A message that carries changes to the document. */
  function isChange(bytes: Uint8Array): boolean {
    try {
      const { type } = decodeMessage(bytes);
      return type === "syncStep2" || type === "update";
    } catch {
      return false;
    }
  }

  /** A sync step 1 with an empty state vector: a client that has nothing yet. */
  function isNewClientHello(bytes: Uint8Array): boolean {
    try {
      const m = decodeMessage(bytes);
      return m.type === "syncStep1" && isEmptyStateVector(m.stateVector);
    } catch {
      return false;
    }
  }

  function refuse(socket: Duplex, status: number, text: string) {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    if (closing) return refuse(socket, 503, "Service Unavailable");
    let admission;
    try {
      admission = await admit(req, options.publicUrl, options.trustedProxies);
    } catch (e) {
      log(`upgrade failed: ${(e as Error).message}`);
      return refuse(socket, 500, "Internal Server Error");
    }
    if (!admission.ok) {
      const text = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found" }[admission.status];
      return refuse(socket, admission.status, text);
    }
    const { info, person, canEdit, mayDiscuss, address } = admission;
    const personKey = person ? `user:${person.id}` : `address:${address}`;
    const counters = { document: documentCounter({ canEdit }), person: personCounter({ person }) };
    if (!counters.document.tryAdd(info.name)) return refuse(socket, 429, "Too Many Requests");
    if (!counters.person.tryAdd(personKey)) {
      counters.document.remove(info.name);
      return refuse(socket, 429, "Too Many Requests");
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: Connection = {
        ws,
        person,
        canEdit,
        mayDiscuss,
        personKey,
        identity: person ? { name: person.name, color: colourFor(person.id) } : { name: "", color: "#767676" },
        clients: new Set(),
        limiter: new RateLimiter(limits.messagesPerSecond, limits.messageBurst),
        alive: true,
        send(message) {
          if (ws.readyState !== ws.OPEN) return;
          // A reader that does not read (a slow link, or on purpose) would make us hold
          // everything sent to it: past the budget it is cut. It reconnects and re-syncs
          // what it lacks, as after any lost connection.
          if (ws.bufferedAmount > limits.maxBufferedBytes) {
            log(`closing a connection: over ${limits.maxBufferedBytes} bytes unsent`);
            ws.terminate();
            return;
          }
          ws.send(message);
        },
      };
      onConnection(ws, info, conn);
    });
  }

  const listener: Listener = await listenForChanges(options.databaseUrl, {
    origin,
    onAccessChange(change) {
      if ("document" in change) {
        // Its rules changed under the room: drop the room, so that whoever comes
        // back reads the document as stored (updates refused by a freeze are not).
        const room = rooms.get(change.document);
        rooms.delete(change.document);
        void room?.then((r) => {
          r.evicted = true;
          for (const conn of r.connections) close(conn, CloseCode.accessChanged, "access changed");
          r.destroy();
        });
        return;
      }
      if ("editing" in change) {
        // Only who may write changed: the room stays, its connections come back under
        // their new rights (a member on a page just protected, read-only).
        void rooms.get(change.editing)?.then((r) => {
          for (const conn of r.connections) close(conn, CloseCode.accessChanged, "access changed");
        });
        return;
      }
      for (const room of rooms.values()) {
        void room.then((r) => {
          for (const conn of r.connections) {
            const p = conn.person;
            const hit =
              ("session" in change && p?.sessionId === change.session) ||
              ("user" in change && !("production" in change) && p?.id === change.user) ||
              ("user" in change && "production" in change && p?.id === change.user && r.info.productionId === change.production) ||
              (!("user" in change) && "production" in change && r.info.productionId === change.production);
            if (hit) close(conn, CloseCode.accessChanged, "access changed");
          }
        });
      }
    },
    onDocumentAppended(name) {
      void rooms.get(name)?.then((room) => room.catchUp());
    },
    onCommentsChanged(name) {
      // A signal without content: the page reads the comments through its loader (policy).
      void rooms.get(name)?.then((room) => {
        for (const conn of room.connections) if (conn.mayDiscuss) conn.send(commentsMessage());
      });
    },
    onPresence(name, update) {
      void rooms.get(name)?.then((room) => {
        try {
          if (update) room.applyRelayedPresence(update);
          else room.relayAllPresence();
        } catch (e) {
          log(`ignored relayed presence of ${name}: ${(e as Error).message}`);
        }
      });
    },
    onReconnected() {
      for (const room of rooms.values()) void room.then((r) => r.catchUp());
    },
    log,
  });

  const pinger = setInterval(() => {
    for (const room of rooms.values()) {
      void room.then((r) => {
        for (const conn of r.connections) {
          if (!conn.alive) conn.ws.terminate();
          else {
            conn.alive = false;
            conn.ws.ping();
          }
        }
      });
    }
  }, timings.pingMs);

  let scanning = false;
  const checkpoints = setInterval(async () => {
    if (scanning) return;
    scanning = true;
    try {
      await updateLog.flush();
      for (const name of await dueForCheckpoint(new Date(), timings.checkpointIdleMs, timings.checkpointMaxRunMs)) {
        await createVersion(name, { automatic: true, fold: folder.fold });
      }
    } catch (e) {
      log(`checkpoint scan failed: ${(e as Error).message}`);
    } finally {
      scanning = false;
    }
  }, timings.checkpointScanMs);

  return {
    /** this server's name in notifications and in pg_stat_activity */
    origin,
    handleUpgrade,
    /** Stop: close every connection, commit every accepted update, fold the logs. */
    async shutdown() {
      closing = true;
      for (const timer of reindexTimers.values()) clearTimeout(timer);
      clearInterval(pinger);
      clearInterval(checkpoints);
      for (const ws of wss.clients) ws.close(CloseCode.goingAway, "server stopping");
      await updateLog.drain();
      for (const room of rooms.values()) {
        try {
          const r = await room;
          if (r.updatesSinceCompaction > 0) await compact(r.name, folder.fold);
          r.destroy();
        } catch {
          // a room that failed to load holds nothing to save
        }
      }
      rooms.clear();
      await listener.close();
      await folder.close();
      wss.close();
    },
    /** For tests and benchmarks: what is live. */
    stats() {
      return { rooms: rooms.size, connections: wss.clients.size, pendingUpdates: updateLog.size };
    },
    flush: () => updateLog.flush(),
  };
}
