// A broadcast to a premiere-night audience: writers first, a few hundred sockets per turn
// of the event loop (so keystrokes and commits are not held up behind thousands of
// writes), and what changes meanwhile goes out merged in the next one, not queued up.
// The audience, which draws no caret, hears of presence once a second.
import { afterEach, expect, it } from "vitest";
import * as decoding from "lib0/decoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { FROM_STORE, Room, type Connection } from "../../server/collab/room.ts";
import { waitFor } from "../support/collab";

const rooms: Room[] = [];
afterEach(() => {
  for (const r of rooms.splice(0)) r.destroy();
});

type Received = { who: string; message: Uint8Array };

function audience(room: Room, readers: number, writers: number) {
  const received: Received[] = [];
  const connect = (who: string, canEdit: boolean) =>
    room.connections.add({
      ws: { readyState: 1, OPEN: 1 },
      person: null,
      canEdit,
      mayDiscuss: false,
      personKey: who,
      identity: { name: who, color: "#000" },
      clients: new Set(),
      alive: true,
      send: (message: Uint8Array) => received.push({ who, message }),
    } as unknown as Connection);
  // The audience came first, the writers last: the order a room holds them in.
  for (let i = 0; i < readers; i++) connect(`reader ${i}`, false);
  for (let i = 0; i < writers; i++) connect(`writer ${i}`, true);
  return received;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function typeLine(writer: Y.Doc, room: Room, text: string) {
  const before = Y.encodeStateVector(room.doc);
  writer.getText("t").insert(writer.getText("t").length, text);
  Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(writer, before), FROM_STORE);
}

it("sends a change to the writers first, a turn at a time, and merges what comes meanwhile", async () => {
  const info = { name: "notes:premiere", kind: "notes" as const, productionId: "p", productionSlug: "p", membersEditScript: false };
  const room = new Room(info, new Y.Doc(), 0n, 0, () => Promise.reject(new Error("nobody writes here")));
  rooms.push(room);
  const readers = 1000;
  const received = audience(room, readers, 2);
  const writer = new Y.Doc();

  typeLine(writer, room, "FADE IN:");
  await nextTurn(); // the broadcast's first turn has run
  expect(received.slice(0, 2).map((r) => r.who)).toEqual(["writer 0", "writer 1"]);
  expect(received.length).toBeLessThan(readers / 2); // the rest on later turns

  // Typed while the first change is still going out to the audience.
  typeLine(writer, room, " INT.");
  typeLine(writer, room, " NIGHT");
  await new Promise((resolve) => setTimeout(resolve, 200));

  const perReader = received.filter((r) => r.who === "reader 0");
  expect(perReader).toHaveLength(2); // the first change, then the two later ones in one message
  // Writers are sent each change as it comes: nothing was going out to them meanwhile.
  expect(received.filter((r) => r.who === "writer 0")).toHaveLength(3);
  expect(received).toHaveLength(2 * readers + 2 * 3);
  const reader = new Y.Doc();
  for (const { message } of perReader) {
    const d = decoding.createDecoder(message);
    expect([decoding.readVarUint(d), decoding.readVarUint(d)]).toEqual([0, 2]); // sync, update
    Y.applyUpdate(reader, decoding.readVarUint8Array(d));
  }
  expect(reader.getText("t").toString()).toBe("FADE IN: INT. NIGHT");
});

it("tells writers of a caret's every move, and the audience who is here once a second", async () => {
  const info = { name: "notes:carets", kind: "notes" as const, productionId: "p", productionSlug: "p", membersEditScript: false };
  const room = new Room(info, new Y.Doc(), 0n, 0, () => Promise.reject(new Error("nobody writes here")));
  rooms.push(room);
  const received = audience(room, 3, 1);
  // A writer elsewhere types: its caret moves five times in a quarter of a second.
  const writer = new awarenessProtocol.Awareness(new Y.Doc());
  writer.setLocalState({ user: { name: "Varda" }, cursor: null });
  for (let move = 0; move < 5; move++) {
    writer.setLocalStateField("cursor", { anchor: move, head: move });
    awarenessProtocol.applyAwarenessUpdate(room.awareness, awarenessProtocol.encodeAwarenessUpdate(writer, [writer.clientID]), "elsewhere");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const heard = (who: string) => received.filter((r) => r.who === who).map((r) => r.message);
  // The first move at once, then the rest in one message, a second later (or more, on a
  // busy machine: timers run late, never early).
  await waitFor(() => heard("reader 0").length >= 2, "the audience's second message", 5_000);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(heard("writer 0").length).toBeGreaterThanOrEqual(5);
  expect(heard("reader 0")).toHaveLength(2);
  // That last message holds the caret where it ended.
  const last = decoding.createDecoder(heard("reader 0").at(-1)!);
  expect(decoding.readVarUint(last)).toBe(1); // awareness
  const listener = new awarenessProtocol.Awareness(new Y.Doc());
  awarenessProtocol.applyAwarenessUpdate(listener, decoding.readVarUint8Array(last), "test");
  expect(listener.getStates().get(writer.clientID)).toMatchObject({ user: { name: "Varda" }, cursor: { anchor: 4, head: 4 } });
  writer.destroy();
  listener.destroy();
});
