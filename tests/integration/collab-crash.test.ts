// kill -9 of the studio while several people edit: after a restart, every
// client's edits are present everywhere, and in the database; nothing a reader was
// shown is missing from the database, even if its writer never comes back; and what
// a writer was shown before its commit, that writer gives back (decision 0064).
import WebSocket from "ws";
import * as Y from "yjs";
import { afterAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../server/free-port.ts";
import { decodeMessage, syncStep1Message } from "../../server/collab/protocol.ts";
import { loadDocument } from "~/features/collab/store.server";
import { connect, testProduction, testUser, textOf, waitFor, write } from "../support/collab";
import { startStudioProcess, stopStudioProcess, type StudioProcess } from "../support/studio-process";

const studios: StudioProcess[] = [];

async function startStudio(port: number) {
  const base = `http://127.0.0.1:${port}`;
  const studio = await startStudioProcess({ DATABASE_URL: inject("databaseUrl"), PORT: String(port), PUBLIC_URL: base, HOST: "127.0.0.1" });
  studios.push(studio);
  return studio;
}

afterAll(() => {
  for (const s of studios) if (s.child.exitCode === null) s.child.kill("SIGKILL");
});

describe("a crash during editing", () => {
  it("loses no edit: clients re-sync what the killed server had not committed", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const producer = await testUser("prod");
    const members = [await testUser("m1"), await testUser("m2")];
    const { notes } = await testProduction(producer, members);

    let server = await startStudio(port);
    const clients = [producer, ...members].map((u) => connect(base, notes, { cookie: u.cookie }));
    await Promise.all(clients.map((c) => c.synced()));

    // Everyone types; the server is killed in the middle of it; they keep typing.
    const written: string[] = [];
    let typing = true;
    const typists = clients.map(async (c, i) => {
      for (let n = 0; typing; n++) {
        const line = `client ${i} line ${n}`;
        write(c.doc, line);
        written.push(line);
        await new Promise((r) => setTimeout(r, 15 + i * 7));
      }
    });
    await new Promise((r) => setTimeout(r, 700));
    server.child.kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 400));
    typing = false;
    await Promise.all(typists);

    server = await startStudio(port);
    await waitFor(
      () => clients.every((c) => c.provider.synced && textOf(c.doc).length === written.length),
      "every client to hold every line",
      30_000,
    );
    const reference = [...textOf(clients[0]!.doc)].sort();
    expect(reference).toEqual([...written].sort());
    for (const c of clients) expect([...textOf(c.doc)].sort()).toEqual(reference);

    await waitFor(async () => textOf((await loadDocument(notes)).doc).length === written.length, "the database to hold every line", 10_000);
    for (const c of clients) c.provider.destroy();
    await stopStudioProcess(server);
  }, 120_000);
});

/**
 * A client that only watches a document over a raw websocket and never reconnects:
 * it asks for the document (sync step 1) as a browser does when it opens it, keeps
 * every change the server sends it, and calls `onReceived` after each.
 */
function watch(base: string, docName: string, onReceived: (type: "syncStep2" | "update") => void) {
  const doc = new Y.Doc();
  const received: Uint8Array[] = [];
  const ws = new WebSocket(`${base.replace(/^http/, "ws")}/collab/${docName}`, { headers: { Origin: base } });
  ws.on("open", () => ws.send(syncStep1Message(doc)));
  ws.on("message", (data: Buffer) => {
    const message = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (message.type !== "syncStep2" && message.type !== "update") return;
    received.push(message.update);
    Y.applyUpdate(doc, message.update);
    onReceived(message.type);
  });
  ws.on("error", () => {});
  return { doc, received, ws };
}

/** Of what these updates insert, the lines the stored document lacks (as text, and as a count of missing items). */
function missingFrom(stored: Y.Doc, received: Uint8Array[]) {
  const seen = new Y.Doc();
  for (const u of received) Y.applyUpdate(seen, u);
  const storedLines = new Set(textOf(stored));
  const lines = textOf(seen).filter((line) => !storedLines.has(line));
  // Stricter than the text: every item the watcher received, by its Yjs id.
  const items = Y.decodeUpdate(Y.diffUpdate(Y.mergeUpdates(received), Y.encodeStateVector(stored))).structs.length;
  return { lines, items };
}

describe("a crash right after a change was shown to someone", () => {
  it("loses nothing a reader received, even when its writer never reconnects", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const writer = await testUser("writer");
    const { notes } = await testProduction(writer);

    // Rounds of: A types a line every few milliseconds; B, a visitor (who may read the
    // notes, not write them), has the document open and is sent A's lines as they come
    // (a relay), or B opens the document while A types (a join); the studio is killed
    // the moment B has received something. A is gone for good; the database must hold
    // everything B received: B could not give it back.
    const rounds: { kind: "relay" | "join"; killAfter: number }[] = [
      { kind: "relay", killAfter: 1 },
      { kind: "join", killAfter: 1 },
      { kind: "relay", killAfter: 25 },
      { kind: "join", killAfter: 1 },
    ];
    let studio = await startStudio(port);
    for (const [r, round] of rounds.entries()) {
      const a = connect(base, notes, { cookie: writer.cookie });
      await a.synced();

      let killed = false;
      let updates = 0;
      const running = studio;
      const kill = () => {
        running.child.kill("SIGKILL");
        a.provider.destroy(); // A never comes back with what it wrote
        killed = true;
      };
      const onReceived = (type: "syncStep2" | "update") => {
        if (killed) return;
        if (round.kind === "join" ? type === "syncStep2" : type === "update" && ++updates >= round.killAfter) kill();
      };
      let b: ReturnType<typeof watch> | undefined;
      if (round.kind === "relay") {
        b = watch(base, notes, onReceived);
        await waitFor(() => b!.received.length > 0, "the watcher's first sync");
      }

      let n = 0;
      const typing = (async () => {
        while (!killed && n < 2_000) {
          write(a.doc, `round ${r} line ${n++}`);
          await new Promise((resolve) => setTimeout(resolve, 3));
        }
      })();
      if (round.kind === "join") {
        // Opens the document while A's latest lines may not be committed yet.
        await waitFor(() => n >= 20, "A to type a little");
        b = watch(base, notes, onReceived);
      }
      await typing;
      expect(killed, "the studio was killed during the round").toBe(true);
      await running.exited;
      b!.ws.terminate();

      studio = await startStudio(port);
      const { doc: stored } = await loadDocument(notes);
      expect({ round: r, kind: round.kind, ...missingFrom(stored, b!.received) }).toEqual({ round: r, kind: round.kind, lines: [], items: 0 });
    }
    await stopStudioProcess(studio);
  }, 240_000);
});

describe("a crash right after a writer was shown another's change", () => {
  it("is mended by that writer's editor, which gives the change back when it reconnects", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const writer = await testUser("typist");
    const coauthor = await testUser("coauthor");
    const { notes } = await testProduction(writer, [coauthor]);

    // A types a line every few milliseconds; B, who may write too, is sent A's lines
    // at once, before they are committed; the studio is killed the moment B has one
    // of them. A is gone for good; B's editor stays open and reconnects.
    let studio = await startStudio(port);
    const a = connect(base, notes, { cookie: writer.cookie });
    const b = connect(base, notes, { cookie: coauthor.cookie });
    await Promise.all([a.synced(), b.synced()]);
    let killed = false;
    const running = studio;
    b.doc.on("update", (_update: Uint8Array, origin: unknown) => {
      if (killed || origin !== b.provider) return;
      running.child.kill("SIGKILL");
      a.provider.destroy();
      killed = true;
    });
    for (let n = 0; !killed && n < 2_000; n++) {
      write(a.doc, `line ${n}`);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    expect(killed, "B received a line").toBe(true);
    await running.exited;
    const shown = Y.encodeStateAsUpdate(b.doc);
    expect(textOf(b.doc).length).toBeGreaterThan(0);

    studio = await startStudio(port);
    // Up to 20 s for B to reconnect and give it back; then what is still missing, if anything.
    await waitFor(async () => missingFrom((await loadDocument(notes)).doc, [shown]).items === 0, "B's give-back", 20_000).catch(() => {});
    expect(missingFrom((await loadDocument(notes)).doc, [shown])).toEqual({ lines: [], items: 0 });
    b.provider.destroy();
    await stopStudioProcess(studio);
  }, 120_000);
});
