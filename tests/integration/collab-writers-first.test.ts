// Writers see each other's keystrokes at once; whoever may not write sees them once
// they are committed (decision 0064, amending 0019). Writers can give back what a crash
// took from the studio (collab-crash.test.ts); readers cannot, so they wait.
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { FRAGMENT } from "~/features/collab/content";
import { loadDocument } from "~/features/collab/store.server";
import { startCollabServer } from "../support/collab-server";
import { connect, testProduction, testUser, waitFor } from "../support/collab";

// A long commit window (the studio's is 10 ms): the first change after a quiet spell is
// committed at once, the next one waits for the window, long enough that a busy machine
// cannot blur the difference between "at once" and "once committed".
const WINDOW_MS = 600;

let base = "";
let stop = async () => {};

beforeAll(async () => {
  ({ base, stop } = await startCollabServer({ databaseUrl: inject("databaseUrl"), timings: { commitWindowMs: WINDOW_MS } }));
});

afterAll(() => stop());

const textIn = (doc: Y.Doc) => doc.getXmlFragment(FRAGMENT).toString();

describe("a keystroke before its commit", () => {
  it("reaches the other writers at once, and a visitor only once it is stored", async () => {
    const producer = await testUser("first");
    const member = await testUser("second");
    const { notes } = await testProduction(producer, [member]);
    const writer = connect(base, notes, { cookie: producer.cookie });
    const coauthor = connect(base, notes, { cookie: member.cookie });
    const visitor = connect(base, notes);
    await Promise.all([writer.synced(), coauthor.synced(), visitor.synced()]);

    const paragraph = new Y.XmlElement("paragraph");
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    writer.doc.getXmlFragment(FRAGMENT).insert(0, [paragraph]);
    await waitFor(() => [coauthor, visitor].every((c) => c.doc.getXmlFragment(FRAGMENT).length === 1), "the paragraph to arrive");

    // The paragraph's commit opened the window: this keystroke waits for the next commit.
    const arrival = (doc: Y.Doc) =>
      new Promise<{ at: number; stored: boolean }>((resolve) =>
        doc.once("update", () => {
          const at = performance.now();
          void loadDocument(notes).then(({ doc: stored }) => resolve({ at, stored: textIn(stored).includes("Fade in") }));
        }),
      );
    const toCoauthor = arrival(coauthor.doc);
    const toVisitor = arrival(visitor.doc);
    const typed = performance.now();
    text.insert(0, "Fade in");
    const [c, v] = await Promise.all([toCoauthor, toVisitor]);

    expect(textIn(coauthor.doc)).toContain("Fade in");
    expect(textIn(visitor.doc)).toContain("Fade in");
    // Before: the co-author waited for the commit too (about WINDOW_MS).
    expect(c.at - typed, "the co-author's wait, ms").toBeLessThan(WINDOW_MS / 3);
    expect(v.stored, "stored when the visitor received it").toBe(true);
    expect(v.at - typed, "the visitor's wait, ms").toBeGreaterThan(c.at - typed);
    for (const client of [writer, coauthor, visitor]) client.provider.destroy();
  });
});
