// Two studio processes on one PostgreSQL, the same document open in both (no
// load balancer pinning it to one): edits made through either reach both.
import { afterAll, describe, expect, inject, it } from "vitest";
import * as Y from "yjs";
import { freePort } from "../../server/free-port.ts";
import { compact, DOC_CHANNEL, loadDocument } from "~/features/collab/store.server";
import { db } from "~/lib/db.server";
import { connect, rawSocket, testProduction, testUser, textOf, waitFor, write } from "../support/collab";
import { startStudioProcess, stopStudioProcess, type StudioProcess } from "../support/studio-process";

let second: StudioProcess | undefined;
afterAll(async () => {
  if (second) await stopStudioProcess(second);
});

describe("several processes", () => {
  it("keep a document in step through the update log's notifications", async () => {
    const port = await freePort();
    const otherBase = `http://127.0.0.1:${port}`;
    second = await startStudioProcess({ DATABASE_URL: inject("databaseUrl"), PORT: String(port), PUBLIC_URL: otherBase, HOST: "127.0.0.1" });

    const producer = await testUser("prod");
    const member = await testUser("mem");
    const { notes } = await testProduction(producer, [member]);
    const here = connect(inject("baseUrl"), notes, { cookie: producer.cookie });
    const there = connect(otherBase, notes, { cookie: member.cookie });
    await Promise.all([here.synced(), there.synced()]);

    write(here.doc, "typed on process one");
    write(there.doc, "typed on process two");
    await waitFor(() => textOf(here.doc).length === 2 && textOf(there.doc).length === 2, "both edits on both processes");
    expect([...textOf(here.doc)].sort()).toEqual([...textOf(there.doc)].sort());
    await waitFor(async () => textOf((await loadDocument(notes)).doc).length === 2, "both in the database");
    here.provider.destroy();
    there.provider.destroy();
  }, 90_000);
});

describe("several processes on one port (PROCESSES)", () => {
  it("serve every connection of one document from one process: a person's limit counts them all, and edits flow", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const studio = await startStudioProcess({ DATABASE_URL: inject("databaseUrl"), PORT: String(port), PUBLIC_URL: base, HOST: "127.0.0.1", PROCESSES: "2" });
    try {
      const producer = await testUser("prod");
      const member = await testUser("mem");
      const { notes } = await testProduction(producer, [member]);
      const url = `${base.replace(/^http/, "ws")}/collab/${notes}`;
      const headers = { Origin: base, Cookie: producer.cookie };
      // Each on a connection of its own, which the kernel gives to either process. Handed
      // to the one that holds the document, they are counted together: 20 a person.
      const open = Array.from({ length: 20 }, () => rawSocket(url, headers));
      await waitFor(() => open.every((s) => s.ws.readyState === s.ws.OPEN), "20 connections open", 30_000);
      const extra = rawSocket(url, headers);
      const opened = new Promise<{ opened: true }>((r) => extra.ws.once("open", () => r({ opened: true })));
      expect(await Promise.race([extra.outcome, opened])).toEqual({ status: 429, opened: false });
      for (const s of open) s.ws.close();
      await Promise.all(open.map((s) => s.outcome));

      const one = connect(base, notes, { cookie: producer.cookie });
      const two = connect(base, notes, { cookie: member.cookie });
      await Promise.all([one.synced(), two.synced()]);
      write(one.doc, "from one");
      write(two.doc, "from two");
      await waitFor(() => textOf(one.doc).length === 2 && textOf(two.doc).length === 2, "both edits in both editors");
      one.provider.destroy();
      two.provider.destroy();
    } finally {
      await stopStudioProcess(studio);
    }
  }, 120_000);
});

// Here the test itself is the other process: it writes to the update log, and says so
// when the case needs it.
describe("updates another process appended", () => {
  async function appendElsewhere(docName: string, authorId: string, text: string) {
    const doc = new Y.Doc();
    write(doc, text);
    await db.documentUpdate.create({ data: { docName, authorId, update: Buffer.from(Y.encodeStateAsUpdate(doc)) } });
  }
  const announce = (docName: string) => db.$executeRaw`SELECT pg_notify(${DOC_CHANNEL}, ${`elsewhere|${docName}`})`;

  it("reach the room even when their notification comes after the room's own later append", async () => {
    const producer = await testUser("prod");
    const { notes } = await testProduction(producer);
    const here = connect(inject("baseUrl"), notes, { cookie: producer.cookie });
    await here.synced();
    await appendElsewhere(notes, producer.id, "written in the other process");
    write(here.doc, "typed here");
    await waitFor(async () => textOf((await loadDocument(notes)).doc).includes("typed here"), "the room's own append");
    await announce(notes);
    await waitFor(() => textOf(here.doc).includes("written in the other process"), "the other process's line, live");
    here.provider.destroy();
  });

  it("reach the room even when a compaction folded them before the room read them", async () => {
    const producer = await testUser("prod");
    const { notes } = await testProduction(producer);
    const here = connect(inject("baseUrl"), notes, { cookie: producer.cookie });
    await here.synced();
    write(here.doc, "typed here");
    await waitFor(async () => textOf((await loadDocument(notes)).doc).includes("typed here"), "the room's own append");
    await appendElsewhere(notes, producer.id, "written in the other process");
    await compact(notes);
    await announce(notes);
    await waitFor(() => textOf(here.doc).includes("written in the other process"), "the other process's line, live");
    expect(textOf(here.doc).sort()).toEqual(["typed here", "written in the other process"]);
    here.provider.destroy();
  });
});
