// The collaboration server with real websockets and real Yjs clients, against
// the running studio and its PostgreSQL.
import { afterEach, describe, expect, inject, it } from "vitest";
import * as Y from "yjs";
import { Awareness } from "y-protocols/awareness";
import { revokeSession } from "~/features/auth/session.server";
import { blocksOf, FRAGMENT, foldUpdates } from "~/features/collab/content";
import {
  appendUpdates,
  compact,
  createVersion,
  documentContributors,
  dueForCheckpoint,
  listVersions,
  loadDocument,
  productionContributors,
  resolveDocument,
  restoreVersion,
} from "~/features/collab/store.server";
import { removeMember } from "~/features/productions/membership.server";
import { db } from "~/lib/db.server";
import { decodeMessage, syncStep2Message, updateMessage } from "../../server/collab/protocol";
import { connect, rawSocket, testProduction, testUser, textOf, waitFor, write } from "../support/collab";

const base = inject("baseUrl");
const wsBase = base.replace(/^http/, "ws");
const open: { provider: { destroy(): void } }[] = [];
function client(...args: Parameters<typeof connect>) {
  const c = connect(...args);
  open.push(c);
  return c;
}
afterEach(() => {
  for (const c of open.splice(0)) c.provider.destroy();
});

/** Holds the update log locked (a document cannot load meanwhile) until the returned function is called. */
async function lockUpdateLog(): Promise<() => Promise<void>> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const lock = db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe('LOCK TABLE "DocumentUpdate" IN ACCESS EXCLUSIVE MODE');
      locked();
      await held;
    },
    { timeout: 20_000 },
  );
  await isLocked;
  return async () => {
    release();
    await lock;
  };
}

describe("live documents over websockets", () => {
  it("two editors converge, and every edit is stored with its author", async () => {
    const producer = await testUser("prod");
    const member = await testUser("mem");
    const { notes } = await testProduction(producer, [member]);
    const a = client(base, notes, { cookie: producer.cookie });
    const b = client(base, notes, { cookie: member.cookie });
    await Promise.all([a.synced(), b.synced()]);

    write(a.doc, "INT. STREET — NIGHT");
    write(b.doc, "Noor climbs the ladder.");
    await waitFor(() => textOf(a.doc).length === 2 && textOf(b.doc).length === 2, "both edits on both sides");
    expect(textOf(a.doc)).toEqual(textOf(b.doc));

    await waitFor(async () => (await db.documentUpdate.count({ where: { docName: notes } })) >= 2, "the log");
    const authors = await db.documentUpdate.findMany({ where: { docName: notes }, select: { authorId: true } });
    expect(new Set(authors.map((u) => u.authorId))).toEqual(new Set([producer.id, member.id]));
    const stored = await loadDocument(notes);
    expect(textOf(stored.doc).sort()).toEqual(textOf(a.doc).sort());
  });

  it("every writer gets the others' changes, never their own back", async () => {
    const producer = await testUser("prod");
    const member = await testUser("mem");
    const { notes } = await testProduction(producer, [member]);
    const writers = [client(base, notes, { cookie: producer.cookie }), client(base, notes, { cookie: member.cookie })];
    const reader = client(base, notes, { cookie: member.cookie });
    await Promise.all([...writers, reader].map((c) => c.synced()));
    // Whose changes each update message that reaches a client holds.
    const received = [...writers, reader].map((c) => {
      const seen = { own: 0, others: 0 };
      (c.provider.ws as unknown as { addEventListener(type: "message", f: (e: { data: ArrayBuffer | Uint8Array }) => void): void }).addEventListener("message", (e) => {
        const message = decodeMessage(new Uint8Array(e.data as ArrayBuffer));
        if (message.type !== "update") return;
        const { structs } = Y.decodeUpdate(message.update);
        if (structs.some((st) => st.id.client === c.doc.clientID)) seen.own++;
        if (structs.some((st) => st.id.client !== c.doc.clientID)) seen.others++;
      });
      return seen;
    });
    // Both type at the same moment: their changes leave the server in the same messages.
    for (let i = 0; i < 10; i++) {
      write(writers[0]!.doc, `Noor, line ${i}`);
      write(writers[1]!.doc, `Basile, line ${i}`);
      await new Promise((r) => setTimeout(r, i % 3 === 0 ? 0 : 15));
    }
    await waitFor(() => [...writers, reader].every((c) => textOf(c.doc).length === 20), "every line everywhere");
    expect(textOf(writers[0]!.doc).sort()).toEqual(textOf(reader.doc).sort());
    expect(received.map((r) => r.own)).toEqual([0, 0, 0]);
    expect(received.every((r) => r.others > 0)).toBe(true);
  });

  it("a visitor reads live, but its updates are refused and its connection closed", async () => {
    const producer = await testUser("prod");
    const { notes } = await testProduction(producer);
    const editor = client(base, notes, { cookie: producer.cookie });
    await editor.synced();
    write(editor.doc, "public words");

    const visitor = client(base, notes);
    await visitor.synced();
    await waitFor(() => textOf(visitor.doc).includes("public words"), "the visitor to read");
    write(editor.doc, "more words, live");
    await waitFor(() => textOf(visitor.doc).includes("more words, live"), "the visitor to read live");

    write(visitor.doc, "vandalism");
    await waitFor(() => visitor.closes.includes(4403), "the read-only connection to be closed");
    await new Promise((r) => setTimeout(r, 200));
    expect(textOf(editor.doc)).not.toContain("vandalism");
    expect(textOf((await loadDocument(notes)).doc)).not.toContain("vandalism");
  });

  it("a reader that hands back what it already holds is not closed; a reader's deletion is", async () => {
    const producer = await testUser("prod");
    const { notes } = await testProduction(producer);
    const editor = client(base, notes, { cookie: producer.cookie });
    await editor.synced();
    write(editor.doc, "struck line");
    write(editor.doc, "kept line");
    editor.doc.getXmlFragment(FRAGMENT).delete(0, 1); // the document now holds deletions

    const reader = client(base, notes);
    await reader.synced();
    await waitFor(() => JSON.stringify(textOf(reader.doc)) === JSON.stringify(["kept line"]), "the reader to read");
    // What a reader's client sends when it answers the server's sync after receiving the
    // document: its whole delete set, and structs the server has.
    const ws = reader.provider.ws as unknown as { send(data: Uint8Array): void };
    ws.send(syncStep2Message(Y.encodeStateAsUpdate(reader.doc)));
    ws.send(updateMessage(Y.encodeStateAsUpdate(reader.doc, Y.encodeStateVector(editor.doc))));
    write(editor.doc, "later line");
    await waitFor(() => textOf(reader.doc).includes("later line"), "the reader to keep reading live");
    expect(reader.closes).toEqual([]);

    reader.doc.getXmlFragment(FRAGMENT).delete(0, 1);
    await waitFor(() => reader.closes.includes(4403), "the reader's deletion to be refused");
    await new Promise((r) => setTimeout(r, 200));
    expect(textOf((await loadDocument(notes)).doc)).toEqual(["kept line", "later line"]);
  });

  it("refuses a foreign or missing Origin, a dead session cookie, and unknown documents", async () => {
    const producer = await testUser("prod");
    const { notes } = await testProduction(producer);
    const url = `${wsBase}/collab/${notes}`;
    expect((await rawSocket(url, { Cookie: producer.cookie }).outcome).status).toBe(403);
    expect((await rawSocket(url, { Origin: "https://evil.example", Cookie: producer.cookie }).outcome).status).toBe(403);
    expect((await rawSocket(url, { Origin: base, Cookie: `claquette_session=${"a".repeat(24)}.${"b".repeat(24)}` }).outcome).status).toBe(401);
    expect((await rawSocket(`${wsBase}/collab/notes:${"z".repeat(25)}`, { Origin: base }).outcome).status).toBe(404);
    expect((await rawSocket(`${wsBase}/collab/..%2F..%2Fetc%2Fpasswd`, { Origin: base }).outcome).status).toBe(404);
    const ok = rawSocket(url, { Origin: base, Cookie: producer.cookie });
    await waitFor(() => ok.ws.readyState === ok.ws.OPEN, "the upgrade");
    ok.ws.close();
  });

  it("revoking a session closes its live connections, and it cannot come back", async () => {
    const producer = await testUser("prod");
    const { notes } = await testProduction(producer);
    const c = client(base, notes, { cookie: producer.cookie });
    await c.synced();
    await revokeSession(producer.id, producer.sessionId);
    await waitFor(() => c.closes.includes(4100), "the connection to be closed");
    const again = rawSocket(`${wsBase}/collab/${notes}`, { Origin: base, Cookie: producer.cookie });
    expect((await again.outcome).status).toBe(401);
  });

  it("removing a member closes their connection; they come back read-only", async () => {
    const producer = await testUser("prod");
    const member = await testUser("mem");
    const { production, notes } = await testProduction(producer, [member]);
    const c = client(base, notes, { cookie: member.cookie });
    await c.synced();
    write(c.doc, "written as a member");
    await removeMember(production.id, producer.id, member.id);
    await waitFor(() => c.closes.includes(4100), "the connection to be closed");
    await waitFor(() => c.provider.wsconnected && c.provider.synced, "the reconnection");
    write(c.doc, "written after removal");
    await waitFor(() => c.closes.includes(4403), "the edit to be refused");
    const stored = textOf((await loadDocument(notes)).doc);
    expect(stored).toContain("written as a member");
    expect(stored).not.toContain("written after removal");
  });

  it("malformed and hostile messages close only that connection", async () => {
    const producer = await testUser("prod");
    const { notes } = await testProduction(producer);
    const good = client(base, notes, { cookie: producer.cookie });
    await good.synced();
    const garbage = [
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]),
      Buffer.from([0, 2, 50, 1, 2, 3]), // an update whose length runs past the end
      Buffer.from([0, 2, 5, 99, 99, 99, 99, 99]), // a Yjs update that is not one
      Buffer.from([1, 10, 1, 2, 3]), // broken awareness
      Buffer.from("GET / HTTP/1.1\r\n\r\n"),
    ];
    for (const bytes of garbage) {
      const raw = rawSocket(`${wsBase}/collab/${notes}`, { Origin: base, Cookie: producer.cookie });
      await waitFor(() => raw.ws.readyState === raw.ws.OPEN, "open");
      raw.ws.send(bytes);
      expect((await raw.outcome).code).toBe(4400);
    }
    write(good.doc, "still here");
    const other = client(base, notes, { cookie: producer.cookie });
    await waitFor(() => textOf(other.doc).includes("still here"), "the document to carry on");
    expect(good.closes).toEqual([]);
  });

  it("what a writer sends while the document loads is kept, even if they leave before it has loaded", async () => {
    const producer = await testUser("prod");
    const { notes } = await testProduction(producer);
    const mine = new Y.Doc();
    write(mine, "typed just before leaving");
    // Nobody has the document open: the server loads it while this message waits. The
    // update log is locked meanwhile, so that the load surely ends after the writer left.
    const unlock = await lockUpdateLog();
    const raw = rawSocket(`${wsBase}/collab/${notes}`, { Origin: base, Cookie: producer.cookie });
    raw.ws.on("open", () => {
      raw.ws.send(updateMessage(Y.encodeStateAsUpdate(mine)));
      raw.ws.close();
    });
    expect((await raw.outcome).opened).toBe(true);
    await unlock();
    const other = client(base, notes, { cookie: producer.cookie });
    await waitFor(() => textOf(other.doc).includes("typed just before leaving"), "what was typed before leaving");
  });

  it("someone who comes while the document loads is synced with all of it, not its state alone", async () => {
    // The reading view draws the script, and the editor says "connected", at sync: a sync
    // with the folded state but without the changes after it showed an older script (an
    // empty one, before any fold) until the next redraw. With no change after the fold,
    // the stored state is the whole document.
    for (const changes of [0, 2]) {
      const producer = await testUser("prod");
      const { notes } = await testProduction(producer);
      const info = (await resolveDocument(notes))!;
      const doc = new Y.Doc();
      const append = async (lines: string[]) => {
        const updates: Uint8Array[] = [];
        const keep = (u: Uint8Array) => updates.push(u);
        doc.on("update", keep);
        for (const line of lines) write(doc, line);
        doc.off("update", keep);
        await appendUpdates(updates.map((update) => ({ docName: notes, productionId: info.productionId, authorId: producer.id, update })));
      };
      await append(["folded into the state"]);
      await compact(notes);
      const after = Array.from({ length: changes }, (_, i) => `written after the fold, ${i + 1}`);
      await append(after);

      // Nobody has the document open: it loads while the newcomer's hello waits (the
      // update log is locked meanwhile, so that the hello surely comes during the load).
      const unlock = await lockUpdateLog();
      const reader = client(base, notes);
      let atSync: string[] | null = null;
      reader.provider.on("sync", (synced: boolean) => {
        if (synced) atSync ??= textOf(reader.doc);
      });
      await waitFor(() => reader.provider.wsconnected, "the connection");
      await unlock();
      await reader.synced();
      expect(atSync, `${changes} changes after the fold`).toEqual(["folded into the state", ...after]);
    }
  });

  it("presence shows each person under their own name and colour", async () => {
    const producer = await testUser("prod");
    const member = await testUser("mem");
    const { notes } = await testProduction(producer, [member]);
    const a = client(base, notes, { cookie: producer.cookie });
    const b = client(base, notes, { cookie: member.cookie });
    await Promise.all([a.synced(), b.synced()]);
    (a.provider.awareness as Awareness).setLocalStateField("user", { name: "Somebody Else", color: "#000000" });
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID), "presence");
    const seen = b.provider.awareness.getStates().get(a.doc.clientID) as { user: { name: string; color: string } };
    expect(seen.user.name).toBe(producer.displayName);
    expect(seen.user.color).toMatch(/^#[0-9a-f]{6}$/);
    a.provider.destroy();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), "presence to end when they leave");
  });
});

describe("history and attribution", () => {
  it("counts who contributed how much, per document and per production", async () => {
    const producer = await testUser("prod");
    const member = await testUser("mem");
    const { production, notes } = await testProduction(producer, [member]);
    const a = client(base, notes, { cookie: producer.cookie });
    const b = client(base, notes, { cookie: member.cookie });
    await Promise.all([a.synced(), b.synced()]);
    write(a.doc, "12345");
    write(b.doc, "1234567890");
    await waitFor(async () => (await documentContributors(notes)).length === 2, "contributions");
    const contributors = await documentContributors(notes);
    expect(contributors.map((c) => [c.user.handle, c.inserted])).toEqual([
      [member.handle, 10],
      [producer.handle, 5],
    ]);
    const credits = await productionContributors(production.id);
    expect(credits.map((c) => c.user.handle)).toEqual([member.handle, producer.handle]);
  });

  it("versions keep the content and the editors since the last one; restoring is a new change everyone receives", async () => {
    const producer = await testUser("prod");
    const member = await testUser("mem");
    const { notes } = await testProduction(producer, [member]);
    const a = client(base, notes, { cookie: producer.cookie });
    await a.synced();
    write(a.doc, "Draft one");
    await waitFor(async () => (await db.documentUpdate.count({ where: { docName: notes } })) >= 1, "the log");
    const v1 = await createVersion(notes, { label: "Draft 1 — white pages", createdById: producer.id });
    expect(v1?.number).toBe(1);

    const b = client(base, notes, { cookie: member.cookie });
    await b.synced();
    write(b.doc, "A line draft two adds");
    await waitFor(async () => (await db.document.findUnique({ where: { name: notes } }))?.editorsSinceVersion.includes(member.id) ?? false, "the edit to count");
    // No automatic checkpoint before the pause; one after it.
    expect(await dueForCheckpoint(new Date(), 120_000, 600_000)).not.toContain(notes);
    expect(await dueForCheckpoint(new Date(Date.now() + 121_000), 120_000, 600_000)).toContain(notes);
    expect((await createVersion(notes, { automatic: true }))?.number).toBe(2);
    expect(await createVersion(notes, { automatic: true })).toBeNull(); // nothing new since

    const versions = await listVersions(notes);
    expect(versions.map((v) => [v.number, v.label, v.editors.map((e) => e.handle)])).toEqual([
      [2, null, [member.handle]],
      [1, "Draft 1 — white pages", [producer.handle]],
    ]);

    const info = (await resolveDocument(notes))!;
    expect(await restoreVersion(info, 1, producer.id)).toBe(true);
    await waitFor(() => textOf(a.doc).join() === "Draft one" && textOf(b.doc).join() === "Draft one", "the restore to arrive live");
    expect((await listVersions(notes))[0]).toMatchObject({ number: 3, label: "restore:1" });
    // History was not rewritten: version 2 still holds what it held.
    const v2 = await db.documentVersion.findUniqueOrThrow({ where: { docName_number: { docName: notes, number: 2 } } });
    const doc2 = new Y.Doc();
    Y.applyUpdate(doc2, v2.state);
    expect(blocksOf(doc2).map((x) => x.text)).toEqual(["Draft one", "A line draft two adds"]);
  });

  it("compaction folds the log into one state and really drops deleted content", async () => {
    const producer = await testUser("prod");
    const { notes } = await testProduction(producer);
    const a = client(base, notes, { cookie: producer.cookie });
    await a.synced();
    const secret = "x".repeat(50_000);
    write(a.doc, secret);
    write(a.doc, "what stays");
    await waitFor(() => textOf(a.doc).length === 2, "local");
    a.doc.getXmlFragment("default").delete(0, 1);
    await waitFor(async () => (await db.documentUpdate.count({ where: { docName: notes } })) >= 3, "the log");
    const result = await compact(notes);
    expect(result.updates).toBeGreaterThanOrEqual(3);
    expect(result.bytesBefore).toBeGreaterThan(50_000);
    expect(result.bytesAfter).toBeLessThan(1_000);
    expect(await db.documentUpdate.count({ where: { docName: notes } })).toBe(0);
    expect(textOf((await loadDocument(notes)).doc)).toEqual(["what stays"]);
  });

  it("a document read while its log is compacted is read whole", async () => {
    // A page view or a room loading reads the compacted state, then the later updates:
    // a compaction committed between the two reads must not hide what it folded.
    const producer = await testUser("prod");
    const { notes } = await testProduction(producer);
    const info = (await resolveDocument(notes))!;
    const doc = new Y.Doc();
    const reads: Promise<string[]>[] = [];
    for (let round = 1; round <= 40; round++) {
      const updates: Uint8Array[] = [];
      const keep = (u: Uint8Array) => updates.push(u);
      doc.on("update", keep);
      for (let i = 0; i < 10; i++) write(doc, `line ${round}.${i}`);
      doc.off("update", keep);
      await appendUpdates(updates.map((update) => ({ docName: notes, productionId: info.productionId, authorId: producer.id, update })));
      // Reads started a little before, with and after the compaction.
      const later = (ms: number) => new Promise((r) => setTimeout(r, ms)).then(async () => textOf((await loadDocument(notes)).doc));
      reads.push(...[0, 1, 2, 3, 5].map(later));
      await compact(notes);
      for (const read of await Promise.all(reads.splice(0))) expect(read.length, `round ${round}`).toBe(round * 10);
    }
  });

  it("appends go on while a long log is folded, and nothing appended meanwhile is lost", async () => {
    // Relays wait for their commit (decision 0019): an append that waited for a compaction
    // would hold back every writer's changes in the process while the log is folded.
    const producer = await testUser("prod");
    const { notes } = await testProduction(producer);
    const info = (await resolveDocument(notes))!;
    const doc = new Y.Doc();
    const append = async (line: string) => {
      const updates: Uint8Array[] = [];
      const keep = (u: Uint8Array) => updates.push(u);
      doc.on("update", keep);
      write(doc, line);
      doc.off("update", keep);
      await appendUpdates(updates.map((update) => ({ docName: notes, productionId: info.productionId, authorId: producer.id, update })));
    };
    await append("before the compaction");
    let folding!: () => void;
    const folded = new Promise<void>((r) => (folding = r));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const slow = compact(notes, async (state, updates) => {
      folding();
      await held; // a long fold
      return foldUpdates(state, updates);
    });
    await folded;
    const during = append("written while the log is folded");
    const outcome = await Promise.race([during.then(() => "appended"), new Promise((r) => setTimeout(r, 3_000, "held back by the compaction"))]);
    release();
    await Promise.all([slow, during]);
    expect(outcome).toBe("appended");
    expect(textOf((await loadDocument(notes)).doc)).toEqual(["before the compaction", "written while the log is folded"]);
    expect(await db.documentUpdate.count({ where: { docName: notes } })).toBe(1);

    // A compaction that another one overtook writes nothing: the log keeps what it had.
    await append("after");
    let overtaken!: () => void;
    const overtake = new Promise<void>((r) => (overtaken = r));
    const stale = compact(notes, async (state, updates) => {
      await overtake;
      return foldUpdates(state, updates);
    });
    await new Promise((r) => setTimeout(r, 200));
    expect((await compact(notes)).updates).toBe(2);
    await append("after both");
    overtaken();
    expect((await stale).updates).toBe(0);
    expect(textOf((await loadDocument(notes)).doc)).toEqual(["before the compaction", "written while the log is folded", "after", "after both"]);
  });
});
