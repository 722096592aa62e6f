// kill -9 of the studio while several people edit: after a restart, every
// client's edits are present everywhere, and in the database.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { loadDocument } from "~/features/collab/store.server";
import { connect, testProduction, testUser, textOf, waitFor, write } from "../support/collab";

const root = path.resolve(import.meta.dirname, "../..");
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function startStudio(port: number) {
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: inject("databaseUrl"), PORT: String(port), PUBLIC_URL: base, HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  await waitFor(() => out.includes("Claquette is running"), "the studio to start", 60_000);
  return child;
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
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
    server.kill("SIGKILL");
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
    server.kill("SIGTERM");
  }, 120_000);
});
