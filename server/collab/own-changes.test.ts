import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { madeOnlyBy } from "./protocol";

describe("what a writer is not sent back", () => {
  it("an update holding only the writer's changes", () => {
    const writer = new Y.Doc();
    const updates: Uint8Array[] = [];
    writer.on("update", (u: Uint8Array) => updates.push(u));
    writer.getText("t").insert(0, "Noor climbs.");
    writer.getText("t").delete(0, 5);
    expect(updates.every((u) => madeOnlyBy(u, new Set([writer.clientID])))).toBe(true);
  });

  it("not an update that also completes someone else's change the server was waiting for", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText("t").insert(0, "INT. ROOF");
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    b.getText("t").insert(9, " - NIGHT");
    const server = new Y.Doc();
    // B's line reaches the server before A's, which it builds on: it waits.
    Y.applyUpdate(server, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    expect(server.getText("t").toString()).toBe("");
    const emitted: Uint8Array[] = [];
    server.on("update", (u: Uint8Array) => emitted.push(u));
    Y.applyUpdate(server, Y.encodeStateAsUpdate(a), "connection of A");
    expect(server.getText("t").toString()).toBe("INT. ROOF - NIGHT");
    expect(emitted).toHaveLength(1);
    expect(madeOnlyBy(emitted[0]!, new Set([a.clientID]))).toBe(false);
  });
});
