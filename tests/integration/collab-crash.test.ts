// kill -9 of the studio while several people edit: after a restart, every
// client's edits are present everywhere, and in the database.
import { afterAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../server/free-port.ts";
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
