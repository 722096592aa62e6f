// A room that compacted its own document does not read the whole document back at its
// next catch-up: it takes what it had not seen from what it folded, and reads on from there.
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { compact, docFromStored, readStoredDocument, resolveDocument, storedSince } from "~/features/collab/store.server";
import { db } from "~/lib/db.server";
import { Room } from "../../server/collab/room.ts";
import { testProduction, testUser, textOf, write } from "../support/collab";

const rooms: Room[] = [];
afterEach(() => {
  for (const r of rooms.splice(0)) r.destroy();
});

async function appendElsewhere(docName: string, authorId: string, text: string) {
  const doc = new Y.Doc();
  write(doc, text);
  await db.documentUpdate.create({ data: { docName, authorId, update: Buffer.from(Y.encodeStateAsUpdate(doc)) } });
}

describe("a room after its own compaction", () => {
  it("catches up from what it folded, then reads only what came after", async () => {
    const producer = await testUser("fold");
    const { notes } = await testProduction(producer);
    const info = (await resolveDocument(notes))!;
    await appendElsewhere(notes, producer.id, "before the room opened");
    const stored = await readStoredDocument(notes);
    const room = new Room(info, docFromStored(stored), stored.lastUpdateId, stored.storedBytes, () => Promise.reject(new Error("nobody types here")));
    rooms.push(room);

    // Another process appends; before its notification arrives, this process compacts.
    await appendElsewhere(notes, producer.id, "written in the other process");
    const result = await compact(notes);
    expect(result.updates).toBe(2);
    await room.folded(result.folded!.through, result.folded!.updates);

    // Before any catch-up: the room holds the other process's line and has seen the log
    // through what it folded (without this, its next catch-up read the whole document).
    expect(textOf(room.doc).sort()).toEqual(["before the room opened", "written in the other process"]);
    expect(room.lastSeenId).toBe(result.folded!.through);
    // The next catch-up has nothing to read again: not the whole document.
    const next = await storedSince(notes, room.lastSeenId);
    expect(next.updates.length).toBe(0);

    await appendElsewhere(notes, producer.id, "after the compaction");
    await room.catchUp();
    expect(textOf(room.doc)).toContain("after the compaction");
  });
});
