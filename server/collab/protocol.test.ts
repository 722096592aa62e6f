import { describe, expect, it } from "vitest";
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import { awarenessMessage, decodeMessage, encodeAwareness, MalformedMessage, readAwareness, relayedAwareness, syncStep1Message, updateMessage } from "./protocol";

describe("decodeMessage", () => {
  it("reads the messages y-websocket sends", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "hi");
    expect(decodeMessage(syncStep1Message(doc)).type).toBe("syncStep1");
    const update = Y.encodeStateAsUpdate(doc);
    expect(decodeMessage(updateMessage(update))).toEqual({ type: "update", update });
    expect(decodeMessage(awarenessMessage(new Uint8Array([0])))).toEqual({ type: "awareness", update: new Uint8Array([0]) });
  });

  it("refuses garbage, unknown types and trailing bytes", () => {
    const bad = [
      new Uint8Array([]),
      new Uint8Array([7]),
      new Uint8Array([0, 9, 0]),
      new Uint8Array([0, 0, 200]), // length past the end
      new Uint8Array([...updateMessage(new Uint8Array([0, 0])), 1]),
      new Uint8Array([255, 255, 255, 255, 255, 255]),
    ];
    for (const b of bad) expect(() => decodeMessage(b), String(b)).toThrow(MalformedMessage);
  });
});

describe("readAwareness", () => {
  const caret = { anchor: { type: null, tname: "default", item: { client: 7, clock: 3 }, assoc: 0 }, head: { tname: "default" } };
  const stampedState = (state: unknown, options = { caret: true }) => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState(state as Record<string, unknown>);
    const entries = readAwareness(encodeAwarenessUpdate(awareness, [doc.clientID]), { name: "Mallory", color: "#cc0000" }, options);
    expect(entries.map((e) => e.clientID)).toEqual([doc.clientID]);
    const peer = new Awareness(new Y.Doc());
    applyAwarenessUpdate(peer, encodeAwareness(entries), null);
    return peer.getStates().get(doc.clientID);
  };

  it("puts the authenticated name and colour on every state", () => {
    expect(stampedState({ user: { name: "Margaux (really!)", color: "#000000" }, cursor: caret })).toEqual({ user: { name: "Mallory", color: "#cc0000" }, cursor: caret });
  });

  it("drops the caret of a read-only connection", () => {
    expect(stampedState({ user: { name: "Margaux", color: "#000000" }, cursor: caret }, { caret: false })).toEqual({ user: { name: "Mallory", color: "#cc0000" } });
  });

  it("refuses a state the editors cannot use, whole", () => {
    expect(() => stampedState({ cursor: { anchor: null, head: null } })).toThrow(MalformedMessage);
    expect(() => stampedState({ cursor: { anchor: 1 } })).toThrow(MalformedMessage);
    expect(() => stampedState({ padding: "x".repeat(2000) })).toThrow(MalformedMessage);
  });
});

describe("relayedAwareness", () => {
  it("reads states and departures another process relayed, and leaves out a state no editor could use", () => {
    const user = { name: "Noor", color: "#112233" };
    const relayed = encodeAwareness([
      { clientID: 1, clock: 4, state: { user, cursor: null } },
      { clientID: 2, clock: 9, state: null },
      { clientID: 3, clock: 1, state: { padding: "x".repeat(2000) } },
    ]);
    expect(relayedAwareness(relayed)).toEqual([
      { clientID: 1, clock: 4, state: { user, cursor: null } },
      { clientID: 2, clock: 9, state: null },
    ]);
  });
});
