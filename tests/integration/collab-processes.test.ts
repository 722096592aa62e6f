// Two studio processes on one PostgreSQL, the same document open in both (no
// load balancer pinning it to one): edits made through either reach both.
import { afterAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../server/free-port.ts";
import { loadDocument } from "~/features/collab/store.server";
import { connect, testProduction, testUser, textOf, waitFor, write } from "../support/collab";
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
