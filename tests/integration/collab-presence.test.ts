// Presence (awareness) on the collaboration server, against hostile clients: states the
// editors cannot use, oversized ones, carets from read-only connections, and a reader
// that stops reading while others write.
import net from "node:net";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { join } from "~/features/productions/membership.server";
import { awarenessMessage } from "../../server/collab/protocol.ts";
import { startCollabServer } from "../support/collab-server";
import { connect, rawSocket, testProduction, testUser, textOf, waitFor, write } from "../support/collab";

let base = "";
let logged: string[] = [];
let stop = async () => {};

beforeAll(async () => {
  ({ base, logged, stop } = await startCollabServer({
    databaseUrl: inject("databaseUrl"),
    limits: { maxBufferedBytes: 256 * 1024, maxDocumentBytes: 128 * 1024 * 1024 },
  }));
});

afterAll(() => stop());

/** An awareness message carrying one state, as raw JSON text (what a hostile client can send). */
function presence(clientId: number, json: string, clock = 1) {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientId);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, json);
  return awarenessMessage(encoding.toUint8Array(e));
}

async function opened(url: string, headers: Record<string, string>) {
  const s = rawSocket(url, headers);
  await waitFor(() => s.ws.readyState === s.ws.OPEN, "the connection to open");
  return s;
}

/**
 * A member with the notes open (a real Yjs client), and every presence client id it has
 * seen. A member hears of each caret's move; the audience only once a second (0060).
 */
async function observer(notes: string, productionId: string) {
  const member = await testUser("obs");
  await join(productionId, member.id);
  const c = connect(base, notes, { cookie: member.cookie });
  await c.synced();
  const seen = new Map<number, unknown[]>();
  c.provider.awareness.on("change", ({ added, updated }: { added: number[]; updated: number[] }) => {
    for (const id of [...added, ...updated]) seen.set(id, [...(seen.get(id) ?? []), c.provider.awareness.getStates().get(id)]);
  });
  return { ...c, seen };
}

const caret = { anchor: { type: null, tname: "default", item: { client: 7, clock: 3 }, assoc: 0 }, head: { type: null, tname: "default", item: null, assoc: 0 } };

describe("presence states", () => {
  it("closes (4400) a visitor who sends a state the editors cannot use, or an oversized one, and relays none of it", async () => {
    const producer = await testUser("prod");
    const { production, notes } = await testProduction(producer);
    const url = `${base.replace(/^http/, "ws")}/collab/${notes}`;
    const o = await observer(notes, production.id);

    const hostile: [number, string][] = [
      [9001, JSON.stringify({ cursor: { anchor: null, head: null } })],
      [9002, JSON.stringify({ user: { name: "x", color: "#000000" }, cursor: caret, extra: "<b>hi</b>" })],
      [9003, JSON.stringify({ cursor: { anchor: { tname: "default", item: { client: "7", clock: 3 } }, head: caret.head } })],
      [9004, "{not json"],
      // The amplification of issue 17: a 1.5 MB state.
      [9005, JSON.stringify({ cursor: caret, padding: "p".repeat(1_500_000) })],
      [9006, JSON.stringify({ user: { name: "n".repeat(1_500_000), color: "#000000" } })],
    ];
    for (const [id, json] of hostile) {
      const s = await opened(url, { Origin: base });
      s.ws.send(presence(id, json));
      expect((await s.outcome).code, json.slice(0, 80)).toBe(4400);
    }

    // A good state sent after them arrives: had any of them been relayed, it would have arrived first.
    const good = await opened(url, { Origin: base });
    good.ws.send(presence(9100, JSON.stringify({ user: { name: "Guest", color: "#123456" } })));
    await waitFor(() => o.seen.has(9100), "the good state");
    for (const [id] of hostile) expect(o.seen.has(id), `state ${id}`).toBe(false);
    // Stamped with who the server knows: an anonymous visitor.
    expect(o.provider.awareness.getStates().get(9100)).toEqual({ user: { name: "", color: "#767676" } });
    good.ws.close();
    o.provider.destroy();
  });

  it("relays no caret from a read-only connection, and a member's caret as sent", async () => {
    const producer = await testUser("prod");
    const { production, notes } = await testProduction(producer);
    const url = `${base.replace(/^http/, "ws")}/collab/${notes}`;
    const o = await observer(notes, production.id);

    const visitor = await opened(url, { Origin: base });
    visitor.ws.send(presence(9200, JSON.stringify({ user: { name: "Visitor", color: "#123456" }, cursor: caret })));
    const writer = await opened(url, { Origin: base, Cookie: producer.cookie });
    writer.ws.send(presence(9201, JSON.stringify({ user: { name: "Me", color: "#123456" }, cursor: caret })));
    await waitFor(() => o.seen.has(9200) && o.seen.has(9201), "both states");
    expect(o.seen.get(9200)).toEqual([{ user: { name: "", color: "#767676" } }]);
    expect(o.provider.awareness.getStates().get(9201)).toMatchObject({ cursor: caret });
    visitor.ws.close();
    writer.ws.close();
    o.provider.destroy();
  });

  it("lets nobody remove or replace another person's presence, nor speak for many", async () => {
    const producer = await testUser("prod");
    const { production, notes } = await testProduction(producer);
    const url = `${base.replace(/^http/, "ws")}/collab/${notes}`;
    const o = await observer(notes, production.id);
    const writer = await opened(url, { Origin: base, Cookie: producer.cookie });
    writer.ws.send(presence(9500, JSON.stringify({ cursor: caret })));
    await waitFor(() => o.seen.has(9500), "the writer's state");

    // A visitor removes the writer's presence, then puts a caret of its own under that id.
    const thief = await opened(url, { Origin: base });
    thief.ws.send(presence(9500, "null", 1000));
    thief.ws.send(presence(9500, JSON.stringify({ cursor: { anchor: caret.head, head: caret.head } }), 1001));
    // Ten states on one connection: past the bound, closed.
    const crowd = await opened(url, { Origin: base });
    for (let id = 9300; id < 9310; id++) crowd.ws.send(presence(id, "{}"));
    expect((await crowd.outcome).code).toBe(4400);

    const sentinel = await opened(url, { Origin: base });
    sentinel.ws.send(presence(9400, "{}"));
    await waitFor(() => o.seen.has(9400), "the sentinel");
    expect(o.seen.get(9500)).toHaveLength(1);
    expect(o.provider.awareness.getStates().get(9500)).toMatchObject({ cursor: caret, user: { name: producer.displayName } });
    expect([...o.seen.keys()].filter((id) => id >= 9300 && id < 9310)).toHaveLength(4);
    for (const s of [writer, thief, sentinel]) s.ws.close();
    o.provider.destroy();
  });
});

describe("the outgoing budget", () => {
  it("cuts a reader that stops reading, while a reader that reads gets every change", async () => {
    const producer = await testUser("prod");
    const { production, notes } = await testProduction(producer);
    const url = `${base.replace(/^http/, "ws")}/collab/${notes}`;
    const honest = await observer(notes, production.id);
    const w = connect(base, notes, { cookie: producer.cookie });
    await w.synced();

    const stalled = await opened(url, { Origin: base });
    (stalled.ws as unknown as { _socket: net.Socket })._socket.pause();
    const cut = () => logged.some((l) => l.includes("bytes unsent"));

    // 256 KB paragraphs, one after the other: far more than the stalled reader's
    // socket buffers take, sent only as fast as the honest reader receives them.
    let written = 0;
    while (!cut() && written < 80) {
      write(w.doc, `${written} ${"x".repeat(256 * 1024)}`);
      written++;
      await waitFor(() => textOf(honest.doc).length === written, `paragraph ${written} at the honest reader`);
    }
    expect(cut(), `cut after ${written} paragraphs`).toBe(true);
    (stalled.ws as unknown as { _socket: net.Socket })._socket.resume();
    expect((await stalled.outcome).code).toBe(1006);
    expect(honest.provider.wsconnected).toBe(true);
    w.provider.destroy();
    honest.provider.destroy();
  });
});
