// The y-websocket wire protocol (what y-websocket's WebsocketProvider speaks):
// a varUint message type, then y-protocols' sync or awareness payload.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { MESSAGE_COMMENTS } from "../../app/features/collab/comments-signal.ts";
import { parsePresenceJson } from "../../app/features/collab/presence-state.ts";

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export type Incoming =
  | { type: "syncStep1"; stateVector: Uint8Array }
  | { type: "syncStep2"; update: Uint8Array }
  | { type: "update"; update: Uint8Array }
  | { type: "awareness"; update: Uint8Array }
  | { type: "queryAwareness" };

export class MalformedMessage extends Error {}

/** Decode one message; throws MalformedMessage for anything that is not the protocol. */
export function decodeMessage(data: Uint8Array): Incoming {
  try {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    let message: Incoming;
    switch (type) {
      case MESSAGE_SYNC: {
        const sub = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (sub === syncProtocol.messageYjsSyncStep1) message = { type: "syncStep1", stateVector: payload };
        else if (sub === syncProtocol.messageYjsSyncStep2) message = { type: "syncStep2", update: payload };
        else if (sub === syncProtocol.messageYjsUpdate) message = { type: "update", update: payload };
        else throw new MalformedMessage(`unknown sync message ${sub}`);
        break;
      }
      case MESSAGE_AWARENESS:
        message = { type: "awareness", update: decoding.readVarUint8Array(decoder) };
        break;
      case MESSAGE_QUERY_AWARENESS:
        message = { type: "queryAwareness" };
        break;
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessage("trailing bytes");
    return message;
  } catch (e) {
    throw e instanceof MalformedMessage ? e : new MalformedMessage((e as Error).message || "undecodable");
  }
}

export function syncStep1Message(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** Sync step 2: the update a client lacks (already encoded). */
export function syncStep2Message(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function awarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Server to client only: the document's comments changed, read them again. */
export function commentsMessage(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_COMMENTS);
  return encoding.toUint8Array(encoder);
}

export type Identity = { name: string; color: string };

export type PresenceEntry = { clientID: number; clock: number; state: Record<string, unknown> | null };

/**
 * Read and check an awareness update. Every state it carries must be one the editors can
 * use (presence-state.ts: a user, a caret as Yjs relative positions, ≤ 1 KB) or null (a
 * client leaving); anything else throws MalformedMessage and nothing of it is kept. Each
 * state is stamped with the person the server authenticated (nobody can appear under
 * someone else's name); a read-only connection's caret is dropped (it has written nothing,
 * and a reader's caret is nothing the others need).
 */
export function readAwareness(update: Uint8Array, identity: Identity, { caret }: { caret: boolean }): PresenceEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: PresenceEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientID = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = parsePresenceJson(decoding.readVarString(decoder));
    if (state instanceof Error) throw new MalformedMessage(state.message);
    let stamped = null;
    if (state !== null) {
      const { cursor, ...rest } = state;
      stamped = { ...rest, ...(caret && cursor !== undefined ? { cursor } : {}), user: identity };
    }
    entries.push({ clientID, clock, state: stamped });
  }
  if (decoding.hasContent(decoder)) throw new MalformedMessage("trailing bytes in awareness");
  return entries;
}

/**
 * The entries of an awareness update another process of this studio relayed (it checked
 * and stamped them when its client sent them); a state no editor could use is left out.
 */
export function relayedAwareness(update: Uint8Array): PresenceEntry[] {
  const decoder = decoding.createDecoder(update);
  const entries: PresenceEntry[] = [];
  for (let i = decoding.readVarUint(decoder); i > 0; i--) {
    const clientID = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = parsePresenceJson(decoding.readVarString(decoder));
    if (!(state instanceof Error)) entries.push({ clientID, clock, state });
  }
  return entries;
}

/** An awareness update carrying these entries. */
export function encodeAwareness(entries: PresenceEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientID);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, JSON.stringify(e.state));
  }
  return encoding.toUint8Array(encoder);
}

export { awarenessProtocol };

/** Whether every change an update inserts was made by these Yjs clients. */
export function madeOnlyBy(update: Uint8Array, clients: ReadonlySet<number>): boolean {
  for (const client of Y.parseUpdateMeta(update).from.keys()) if (!clients.has(client)) return false;
  return true;
}
