// What a read-only client sends back costs the room little: its messages are checked
// against one snapshot of the document, taken again only after the document changed.
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { FRAGMENT } from "../../app/features/collab/content.ts";
import { FROM_STORE, Room } from "../../server/collab/room.ts";

function paragraph(doc: Y.Doc, text: string) {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(FRAGMENT).push([p]);
}

const rooms: Room[] = [];
afterEach(() => {
  for (const r of rooms.splice(0)) r.destroy();
});

function roomWith(writer: Y.Doc) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer), FROM_STORE);
  const info = { name: "notes:readers", kind: "notes" as const, productionId: "p", productionSlug: "p", membersEditScript: false };
  const room = new Room(info, doc, 0n, 0, () => Promise.reject(new Error("nobody writes here")));
  rooms.push(room);
  return room;
}

describe("readers handing back what they hold", () => {
  it("are checked against one snapshot until the document changes", () => {
    const writer = new Y.Doc();
    paragraph(writer, "struck line");
    paragraph(writer, "kept line");
    writer.getXmlFragment(FRAGMENT).delete(0, 1); // a delete set, as readers hand back
    const room = roomWith(writer);
    const reader = new Y.Doc();
    Y.applyUpdate(reader, Y.encodeStateAsUpdate(room.doc));

    // Fifty readers answer the sync with their whole state: nothing changes, one snapshot.
    for (let i = 0; i < 50; i++) expect(room.changesNothing(Y.encodeStateAsUpdate(reader))).toBe(true);
    expect(room.snapshotsTaken).toBe(1);

    // A writer's change (through the store, as another process's) makes it stale.
    paragraph(writer, "later line");
    Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(writer, Y.encodeStateVector(room.doc)), FROM_STORE);
    Y.applyUpdate(reader, Y.encodeStateAsUpdate(room.doc, Y.encodeStateVector(reader)));
    for (let i = 0; i < 20; i++) expect(room.changesNothing(Y.encodeStateAsUpdate(reader))).toBe(true);
    expect(room.snapshotsTaken).toBe(2);

    // What the room lacks is still a change, against the cached snapshot too.
    const before = Y.encodeStateVector(reader);
    reader.getXmlFragment(FRAGMENT).delete(0, 1);
    expect(room.changesNothing(Y.encodeStateAsUpdate(reader, before))).toBe(false);
    expect(room.changesNothing(Y.encodeStateAsUpdate(reader))).toBe(false);
    expect(room.snapshotsTaken).toBe(2);
  });
});
