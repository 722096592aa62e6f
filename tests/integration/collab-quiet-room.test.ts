// A quiet room sends a change as soon as it is committed; broadcasts are batched only
// while changes keep coming (issue 21, "ahead at every size"). A browser sends its caret
// with every keystroke, and the caret goes out at once (nothing to commit): the
// keystroke must not then wait for the broadcast beat the caret started.
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { FRAGMENT } from "~/features/collab/content";
import { startCollabServer } from "../support/collab-server";
import { connect, testProduction, testUser, waitFor } from "../support/collab";

// A long beat (the studio's is 10 ms), so that a machine busy elsewhere, which slows the
// commits, cannot hide a keystroke waiting for it.
const BEAT_MS = 300;

let base = "";
let stop = async () => {};

beforeAll(async () => {
  ({ base, stop } = await startCollabServer({ databaseUrl: inject("databaseUrl"), timings: { broadcastIntervalMs: BEAT_MS } }));
});

afterAll(() => stop());

describe("a quiet room", () => {
  it("relays a keystroke once it is committed, not on the beat of the caret sent with it", async () => {
    const producer = await testUser("quiet");
    const member = await testUser("watch");
    const { notes } = await testProduction(producer, [member]);
    const writer = connect(base, notes, { cookie: producer.cookie });
    const watcher = connect(base, notes, { cookie: member.cookie });
    await Promise.all([writer.synced(), watcher.synced()]);
    const paragraph = new Y.XmlElement("paragraph");
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    writer.doc.getXmlFragment(FRAGMENT).insert(0, [paragraph]);
    await waitFor(() => watcher.doc.getXmlFragment(FRAGMENT).length === 1, "the paragraph to arrive");

    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      // Several beats without a change: the room is quiet again.
      await new Promise((r) => setTimeout(r, 2 * BEAT_MS));
      const arrived = new Promise<number>((resolve) => watcher.doc.once("update", () => resolve(performance.now())));
      const sent = performance.now();
      // As the editor does: the keystroke, then the caret after it.
      text.insert(text.length, "a");
      const caret = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, text.length));
      writer.provider.awareness.setLocalStateField("cursor", { anchor: caret, head: caret });
      waits.push((await arrived) - sent);
    }
    writer.provider.destroy();
    watcher.provider.destroy();
    // Held back by the caret, every keystroke waited out the whole beat; sent once
    // committed, they arrive after a commit (milliseconds; more on a busy machine).
    expect(Math.min(...waits), `waits: ${waits.map((w) => w.toFixed(1)).join(", ")} ms`).toBeLessThan(BEAT_MS / 2);
  });
});
