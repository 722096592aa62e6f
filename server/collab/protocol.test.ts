import { describe, expect, it } from "vitest";
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import { awarenessMessage, decodeMessage, MalformedMessage, stampAwareness, syncStep1Message, updateMessage } from "./protocol";

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

describe("stampAwareness", () => {
  it("puts the authenticated name and colour on every state", () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ user: { name: "Margaux (really!)", color: "#000" }, cursor: { anchor: 1 } });
    const update = encodeAwarenessUpdate(awareness, [doc.clientID]);
    const { update: stamped, clients } = stampAwareness(update, { name: "Mallory", color: "#c00" });
    expect(clients).toEqual([doc.clientID]);
    const peer = new Awareness(new Y.Doc());
    applyAwarenessUpdate(peer, stamped, null);
    expect(peer.getStates().get(doc.clientID)).toEqual({ user: { name: "Mallory", color: "#c00" }, cursor: { anchor: 1 } });
  });
});
