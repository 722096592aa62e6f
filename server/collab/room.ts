// One live document in memory: its Y.Doc, its awareness (who is here, where their
// cursor is) and its connections. Updates from connections are applied, handed to
// the update log, relayed at once to the other writers and to everyone else once
// committed (decision 0064); updates appended by others (another process, a restore)
// arrive through the store and are applied and broadcast.
import { channel } from "node:diagnostics_channel";
import type { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { applyUpdates, isEmptyUpdate } from "../../app/features/collab/content.ts";
import { storedSince, type AppendedIds, type DocumentInfo } from "../../app/features/collab/store.server.ts";
import type { Person } from "./auth.ts";
import { RateLimiter } from "./limits.ts";
import { awarenessMessage, encodeAwareness, madeOnlyBy, relayedAwareness, syncStep2Message, updateMessage } from "./protocol.ts";

export type Connection = {
  ws: WebSocket;
  person: Person | null;
  canEdit: boolean;
  /** may read the document's comments: is told when they change */
  mayDiscuss: boolean;
  /** the person, or the address for visitors: what per-person limits count */
  personKey: string;
  identity: { name: string; color: string };
  /** awareness client ids this connection speaks for */
  clients: Set<number>;
  limiter: RateLimiter;
  alive: boolean;
  /** Queue a message, within the connection's outgoing budget (limits.ts: maxBufferedBytes). */
  send(message: Uint8Array): void;
};

type Outgoing = { update: Uint8Array; from: Connection | null };

/** Who may neither write nor comment: the reading view's audience. */
const isAudience = (c: Connection) => !c.canEdit && !c.mayDiscuss;

export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

/** The shortest time between two broadcasts of one document (see Room). */
export const BROADCAST_INTERVAL_MS = 10;

/**
 * Writers hear of each other's changes at once while their room is small, and batched
 * as it grows: a broadcast to them waits this long after the last one for each writer that
 * one went to (at most the room's broadcast interval). Each send costs about 14 µs, so broadcasting to the
 * writers takes at most about a quarter of the process's time, however many type.
 */
export const WRITER_BEAT_MS_PER_WRITER = 0.05;

/**
 * A broadcast is written to at most this many sockets per turn of the event loop. Each
 * write is a system call (about 14 µs on loopback): thousands of readers in one go would
 * hold up the keystrokes and commits behind them for as long.
 */
export const SENDS_PER_TURN = 256;

/**
 * The audience (who may neither write nor comment: the reading view, which lists who is
 * here and draws no caret) hears of presence at most this often. Carets move with every
 * keystroke, and each move would otherwise be one more frame to every reader.
 */
export const AUDIENCE_PRESENCE_MS = 1_000;

/**
 * What the collaboration server does beside relaying, with how long it took
 * ({ what, ms }): benchmarks subscribe to it to see what delays relays.
 */
export const collabWork = channel("claquette:collab");

/** Origin of updates that came from the store rather than from a connection. */
export const FROM_STORE = Symbol("from-store");

/** Origin of presence relayed by another process holding the same document. */
export const FROM_ELSEWHERE = Symbol("from-elsewhere");

/**
 * Presence goes to the other processes at most this often per document: carets move with
 * every keystroke, and each relay is a notification through PostgreSQL.
 */
export const PRESENCE_RELAY_MS = 50;

/** Well under PostgreSQL's 8,000-byte notification payload, once in base64. */
const MAX_RELAYED_PRESENCE_BYTES = 4_000;

export class Room {
  readonly connections = new Set<Connection>();
  readonly awareness: awarenessProtocol.Awareness;
  /** which connection speaks for each presence client id */
  readonly presenceOwners = new Map<number, Connection>();
  /** the room holds every update of the log up to this id */
  lastSeenId: bigint;
  /** ids of this process's own appends since the last catch-up: not read back */
  private ownAppends: AppendedIds[] = [];
  /** stored size: state plus updates since compaction, for the document size limit */
  storedBytes: number;
  updatesSinceCompaction = 0;
  unloadTimer: NodeJS.Timeout | undefined;
  /** dropped from the server's rooms (its document's rules changed): never unloaded or saved */
  evicted = false;
  private catchingUp: Promise<void> = Promise.resolve();
  // Broadcasts are coalesced: a document sends at most one message of changes per
  // BROADCAST_INTERVAL_MS to each connection that may not write, merging the keystrokes
  // of that interval (thousands of readers would otherwise cost a frame each per
  // keystroke), and one of presence; to its writers, one per WRITER_BEAT_MS_PER_WRITER ×
  // writers (200 people typing would otherwise cost 200 × 200 frames a round). The first
  // change after a quiet spell goes out at once. Changes and presence keep beats of their
  // own: a caret goes out at once (nothing to commit), and on a shared beat the keystroke
  // it came with, sent after its commit, waited out the interval the caret had started.
  // Nobody is sent their own changes back: a writer's browser would apply each of its
  // keystrokes a second time.
  private outgoingUpdates = { writers: [] as Outgoing[], others: [] as Outgoing[] };
  private outgoingAwareness = new Set<number>();
  private outgoingAudiencePresence = new Set<number>();
  private readonly beats = {
    writerUpdates: { scheduled: false, lastAt: 0, waiting: false },
    updates: { scheduled: false, lastAt: 0, waiting: false },
    awareness: { scheduled: false, lastAt: 0, waiting: false },
    audiencePresence: { scheduled: false, lastAt: 0, waiting: false },
  };
  // A broadcast to a large audience goes out SENDS_PER_TURN sockets at a time, writers
  // first; the next one of its kind waits until it is out, taking in what came meanwhile
  // (so under load broadcasts grow rather than queue up).
  private sending: { conn: Connection; message: Uint8Array }[] = [];
  private sent = 0;
  private nextTurn: NodeJS.Immediate | undefined;
  /** how many writers the last broadcast to writers went to: their next beat follows it */
  private writerSends = 0;
  /** presence of this process's own connections, changed since it was last relayed elsewhere */
  private presenceForElsewhere = new Set<number>();
  private presenceTimer: NodeJS.Timeout | undefined;
  /** The whole document encoded, for new clients, until the next change. */
  private fullState: Uint8Array | null = null;
  /** The document's snapshot, to check what readers send, until the next change. */
  private snapshot: Y.Snapshot | null = null;
  /** How many snapshots were taken (a reader's message should not cost one). */
  snapshotsTaken = 0;
  /** Changes from connections applied here but not committed yet, and the last one's commit. */
  private uncommitted = 0;
  private lastCommit: Promise<unknown> = Promise.resolve();

  constructor(
    readonly info: DocumentInfo,
    readonly doc: Y.Doc,
    lastSeenId: bigint,
    storedBytes: number,
    /** hands a change to the update log; resolves once committed (true if stored) */
    onEdit: (room: Room, update: Uint8Array, conn: Connection) => Promise<boolean>,
    /** hands presence (an awareness update) to the other processes holding the document */
    private readonly relayPresence: (room: Room, update: Uint8Array) => void = () => {},
    private readonly broadcastIntervalMs = BROADCAST_INTERVAL_MS,
  ) {
    this.lastSeenId = lastSeenId;
    this.storedBytes = storedBytes;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null); // the server itself is not present
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      this.fullState = null;
      this.snapshot = null;
      const conn = origin !== FROM_STORE && origin && typeof origin === "object" && "ws" in origin ? (origin as Connection) : null;
      // Held back from its sender only if it holds nothing but the sender's own changes
      // (an update can also complete others' changes the server was waiting for).
      const outgoing = { update, from: conn && madeOnlyBy(update, conn.clients) ? conn : null };
      this.relay("writers", outgoing);
      if (!conn) return this.relay("others", outgoing); // from the store: committed already
      // Writers see it at once: a crash cannot take it back from them, as each one's
      // editor gives back what the studio lacks when it reconnects. Whoever may not
      // write cannot give it back, so is sent it once committed (decisions 0019, 0064).
      // Commits resolve in order, so relays keep it.
      this.uncommitted++;
      this.lastCommit = onEdit(this, update, conn).then((stored) => {
        this.uncommitted--;
        if (stored) this.relay("others", outgoing);
      });
    });
    this.awareness.on("update", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const ids = added.concat(updated, removed);
      for (const id of ids) {
        this.outgoingAwareness.add(id);
        this.outgoingAudiencePresence.add(id);
      }
      this.schedule("awareness");
      this.schedule("audiencePresence");
      // Someone on another machine sees who is here too. What came from there is not sent
      // back; states gone stale time out in every process by themselves.
      if (origin === FROM_ELSEWHERE || origin === "timeout") return;
      for (const id of ids) this.presenceForElsewhere.add(id);
      this.presenceTimer ??= setTimeout(() => this.flushPresence(), PRESENCE_RELAY_MS);
    });
  }

  private relay(to: "writers" | "others", outgoing: Outgoing) {
    this.outgoingUpdates[to].push(outgoing);
    this.schedule(to === "writers" ? "writerUpdates" : "updates");
  }

  private schedule(kind: keyof Room["beats"]) {
    const beat = this.beats[kind];
    if (beat.scheduled) return;
    beat.scheduled = true;
    const flush = () => {
      // Writers do not wait for a broadcast to the audience: theirs goes ahead of it.
      if (kind !== "writerUpdates" && this.sent < this.sending.length) {
        beat.waiting = true; // sent again once the broadcast under way is out
        return;
      }
      beat.scheduled = false;
      beat.lastAt = performance.now();
      if (kind === "writerUpdates") this.flushUpdates("writers");
      else if (kind === "updates") this.flushUpdates("others");
      else if (kind === "awareness") this.flushAwareness();
      else this.flushAudiencePresence();
    };
    const interval =
      kind === "audiencePresence"
        ? Math.max(AUDIENCE_PRESENCE_MS, this.broadcastIntervalMs)
        : kind === "writerUpdates"
          ? Math.min(this.broadcastIntervalMs, this.writerSends * WRITER_BEAT_MS_PER_WRITER)
          : this.broadcastIntervalMs;
    const wait = beat.lastAt + interval - performance.now();
    // A writer's change after a quiet spell goes out as it is applied, as the reference
    // server sends it: a turn of the event loop later, it waited for whatever else that
    // turn had read (other sockets, the database's answers).
    if (wait <= 0 && kind === "writerUpdates") flush();
    else if (wait <= 0) setImmediate(flush);
    else setTimeout(flush, wait);
  }

  /** Everything still to send, at once (the room is going away). */
  private flushOutgoing() {
    this.flushUpdates("writers");
    this.flushUpdates("others");
    this.flushAwareness();
    this.flushAudiencePresence();
    this.sendSome(Infinity);
  }

  private flushUpdates(to: "writers" | "others") {
    const outgoing = this.outgoingUpdates[to];
    if (!outgoing.length) return;
    this.outgoingUpdates[to] = [];
    const messageOf = (updates: Uint8Array[]) => updateMessage(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
    const senders = new Set(outgoing.map((o) => o.from));
    let everything: Uint8Array | null = null;
    const sends: { conn: Connection; message: Uint8Array }[] = [];
    for (const c of this.connections) {
      if (c.canEdit !== (to === "writers")) continue;
      if (!senders.has(c)) {
        sends.push({ conn: c, message: (everything ??= messageOf(outgoing.map((o) => o.update))) });
        continue;
      }
      const others = outgoing.filter((o) => o.from !== c).map((o) => o.update);
      if (others.length) sends.push({ conn: c, message: messageOf(others) });
    }
    // Writers' changes go ahead of what is still to be sent to the audience.
    if (to === "writers") {
      this.sending.splice(this.sent, 0, ...sends);
      this.writerSends = sends.length;
    } else this.sending.push(...sends);
    this.sendSome();
  }

  /** Presence for writers and commenting members, on the 10 ms beat. */
  private flushAwareness() {
    this.sendPresence(this.outgoingAwareness, (c) => !isAudience(c));
  }

  /** Presence for the audience: each state as it is now, once a beat. */
  private flushAudiencePresence() {
    this.sendPresence(this.outgoingAudiencePresence, isAudience);
  }

  private sendPresence(changed: Set<number>, to: (c: Connection) => boolean) {
    if (!changed.size) return;
    const message = awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...changed]));
    changed.clear();
    for (const c of this.byWritersFirst()) if (to(c)) this.sending.push({ conn: c, message });
    this.sendSome();
  }

  /** Writers wait least: they are answering each other. */
  private *byWritersFirst() {
    for (const c of this.connections) if (c.canEdit) yield c;
    for (const c of this.connections) if (!c.canEdit) yield c;
  }

  /** Writes the next SENDS_PER_TURN messages of the broadcast under way; the rest on later turns. */
  private sendSome = (atMost = SENDS_PER_TURN) => {
    if (this.nextTurn && atMost !== Infinity) return; // the broadcast under way takes it
    clearImmediate(this.nextTurn);
    this.nextTurn = undefined;
    const end = Math.min(this.sending.length, this.sent + atMost);
    for (; this.sent < end; this.sent++) {
      const { conn, message } = this.sending[this.sent]!;
      if (conn.ws.readyState === conn.ws.OPEN) conn.send(message);
    }
    if (this.sent < this.sending.length) {
      this.nextTurn = setImmediate(() => {
        this.nextTurn = undefined;
        this.sendSome();
      });
      return;
    }
    this.sending = [];
    this.sent = 0;
    for (const kind of ["writerUpdates", "updates", "awareness", "audiencePresence"] as const) {
      const beat = this.beats[kind];
      if (!beat.waiting) continue;
      beat.waiting = false;
      beat.scheduled = false;
      this.schedule(kind);
    }
  };

  get name() {
    return this.info.name;
  }

  private flushPresence() {
    this.presenceTimer = undefined;
    const ids = [...this.presenceForElsewhere];
    this.presenceForElsewhere.clear();
    if (ids.length) this.relayPresenceOf(ids);
  }

  private relayPresenceOf(ids: number[]) {
    const all = awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
    if (all.length <= MAX_RELAYED_PRESENCE_BYTES || ids.length === 1) return this.relayPresence(this, all);
    // Each state is at most 1 KB (presence-state.ts): many are sent one by one.
    for (const id of ids) this.relayPresence(this, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [id]));
  }

  /** Another process asks who is here (it has just opened the document). */
  relayAllPresence() {
    const ids = [...this.presenceOwners.keys()].filter((id) => this.awareness.getStates().has(id));
    if (ids.length) this.relayPresenceOf(ids);
  }

  /**
   * Presence relayed by another process. A client id one of our connections speaks for
   * stays theirs: nobody elsewhere speaks for it either (as within one process).
   */
  applyRelayedPresence(update: Uint8Array) {
    const entries = relayedAwareness(update).filter((e) => !this.presenceOwners.has(e.clientID));
    if (entries.length) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwareness(entries), FROM_ELSEWHERE);
  }

  /** What a client with this state vector lacks; computed once for the many clients who have nothing. */
  missingFor(stateVector: Uint8Array): Uint8Array {
    if (isEmptyStateVector(stateVector)) return (this.fullState ??= Y.encodeStateAsUpdate(this.doc));
    return Y.encodeStateAsUpdate(this.doc, stateVector);
  }

  /**
   * Whether an update from a read-only client changes nothing: its client answers our
   * sync with what it holds, structs the room has and its whole delete set. Checked
   * against one snapshot of the document until its next change: many readers answer
   * at once, and a snapshot walks the whole document.
   */
  changesNothing(update: Uint8Array): boolean {
    if (isEmptyUpdate(update)) return true;
    if (!this.snapshot) {
      this.snapshot = Y.snapshot(this.doc);
      this.snapshotsTaken++;
    }
    return Y.snapshotContainsUpdate(this.snapshot, update);
  }

  /**
   * Answer a client's sync step 1 with what it lacks, as the document is now; sent once
   * the changes it holds are committed, like a relay (a joining reader sees no more).
   */
  answerSync(conn: Connection, stateVector: Uint8Array) {
    const message = syncStep2Message(this.missingFor(stateVector));
    if (!this.uncommitted) return conn.send(message);
    void this.lastCommit.then(() => {
      if (conn.ws.readyState === conn.ws.OPEN) conn.send(message);
    });
  }

  /**
   * This process appended these ids. The room's seen id does not jump to them: an
   * update another process appended just before may not have been read yet (its
   * notification can come after our own append returns).
   */
  appended(ids: AppendedIds) {
    this.ownAppends.push(ids);
    // While nobody else writes there is no notification: catch up now and then anyway,
    // so that the list stays short.
    if (this.ownAppends.length >= 64) void this.catchUp();
  }

  /** Apply what others appended to the log since we last looked (serialised). */
  catchUp(): Promise<void> {
    this.catchingUp = this.catchingUp.then(async () => {
      const started = performance.now();
      const own = this.ownAppends.slice();
      const { updates, through } = await storedSince(this.name, this.lastSeenId, own);
      this.ownAppends.splice(0, own.length);
      if (updates.length) applyUpdates(this.doc, updates, FROM_STORE);
      this.lastSeenId = through;
      if (collabWork.hasSubscribers) collabWork.publish({ what: "catch-up", ms: performance.now() - started });
    }).catch((e: Error) => {
      // The database out of reach: nothing was marked seen, so the next catch-up reads it
      // all again. A rejected chain would stop every later one (and end the process).
      console.error(`[collab] catching up ${this.name} failed: ${e.message}`);
    });
    return this.catchingUp;
  }

  /**
   * This process has just folded the log through `through`: those rows are gone from
   * the log. Take from what was folded the updates the room has not seen, so that the
   * next catch-up reads on from `through` rather than the whole stored document.
   */
  folded(through: bigint, updates: readonly { id: bigint; update: Uint8Array }[]): Promise<void> {
    this.catchingUp = this.catchingUp.then(() => {
      if (through <= this.lastSeenId) return;
      const own = (id: bigint) => this.ownAppends.some((o) => id >= o.first && id <= o.last);
      const unseen = updates.filter((u) => u.id > this.lastSeenId && !own(u.id)).map((u) => u.update);
      if (unseen.length) applyUpdates(this.doc, unseen, FROM_STORE);
      this.lastSeenId = through;
      this.ownAppends = this.ownAppends.filter((o) => o.last > through);
    });
    return this.catchingUp;
  }

  destroy() {
    clearTimeout(this.unloadTimer);
    if (this.presenceTimer) {
      clearTimeout(this.presenceTimer);
      this.flushPresence();
    }
    this.flushOutgoing();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
