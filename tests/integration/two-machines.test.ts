// Two machines, for real (issue 21): two studio processes on one PostgreSQL, each with a
// disk of its own, and real Yjs clients over real websockets, one process each. What one
// machine does to a live document or to someone's rights, the other's clients follow.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { CloseCode } from "../../server/collab/limits.ts";
import { awarenessMessage, encodeAwareness } from "../../server/collab/protocol.ts";
import type { connect as Connect, TestUser } from "../support/collab";
import { startTwoStudios } from "../support/two-studios.ts";

let studios: Awaited<ReturnType<typeof startTwoStudios>>;
let A = "";
let B = "";
// Loaded once DATABASE_URL names this file's database (the modules read it when first imported).
let lib: typeof import("../support/collab");
let app: {
  db: typeof import("~/lib/db.server").db;
  createSession: typeof import("~/features/auth/session.server").createSession;
  createPage: typeof import("~/features/wiki/wiki.server").createPage;
  wikiDocName: typeof import("~/features/wiki/wiki.server").wikiDocName;
  updatePageFacts: typeof import("~/features/wiki/wiki.server").updatePageFacts;
  changeRole: typeof import("~/features/productions/membership.server").changeRole;
  loadDocument: typeof import("~/features/collab/store.server").loadDocument;
};

beforeAll(async () => {
  studios = await startTwoStudios({ name: "two_machines", mainUrl: inject("databaseUrl") });
  A = studios.a.base;
  B = studios.b.base;
  lib = await import("../support/collab");
  const [{ db }, { createSession }, { createPage, wikiDocName, updatePageFacts }, { changeRole }, { loadDocument }] = await Promise.all([
    import("~/lib/db.server"),
    import("~/features/auth/session.server"),
    import("~/features/wiki/wiki.server"),
    import("~/features/productions/membership.server"),
    import("~/features/collab/store.server"),
  ]);
  app = { db, createSession, createPage, wikiDocName, updatePageFacts, changeRole, loadDocument };
}, 300_000);

afterAll(async () => {
  await app?.db.$disconnect();
  await studios?.stop();
});

const open: { provider: { destroy(): void } }[] = [];
function client(...args: Parameters<typeof Connect>) {
  const c = lib.connect(...args);
  open.push(c);
  return c;
}
afterEach(() => {
  for (const c of open.splice(0)) c.provider.destroy();
});

/** A wiki page of a new production with a producer and a member (both may edit it). */
async function wikiPage() {
  const producer = await lib.testUser("prod");
  const member = await lib.testUser("mem");
  const { production } = await lib.testProduction(producer, [member]);
  const created = await app.createPage(production.id, producer.id, { title: "Noor", category: "character" });
  if (!created.ok) throw new Error(created.problem);
  return { producer, member, production, page: created.page, name: app.wikiDocName(created.page.id) };
}

/** A form posted as the studio's own page would post it. */
function post(base: string, path: string, user: TestUser, fields: Record<string, string>) {
  return fetch(`${base}${path}`, { method: "POST", headers: { Origin: base, Cookie: user.cookie }, body: new URLSearchParams(fields), redirect: "manual" });
}

const sorted = (lines: string[]) => [...lines].sort();

describe("two studio processes on one database", () => {
  it("a live document edited through both at once converges, and either reads it afterwards", async () => {
    const { producer, member, name } = await wikiPage();
    const onA = client(A, name, { cookie: producer.cookie });
    const onB = client(B, name, { cookie: member.cookie });
    const readerOnB = client(B, name);
    await Promise.all([onA.synced(), onB.synced(), readerOnB.synced()]);

    // Both type at the same time, each through their own machine.
    const expected: string[] = [];
    for (let i = 0; i < 15; i++) {
      lib.write(onA.doc, `from A ${i}`);
      lib.write(onB.doc, `from B ${i}`);
      expected.push(`from A ${i}`, `from B ${i}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const all = (doc: import("yjs").Doc) => sorted(lib.textOf(doc).filter(Boolean));
    for (const c of [onA, onB, readerOnB]) await lib.waitFor(() => all(c.doc).length === expected.length, "every line on every client");
    expect(all(onA.doc)).toEqual(sorted(expected));
    // One order for everyone, the reader on B included.
    expect(lib.textOf(onB.doc)).toEqual(lib.textOf(onA.doc));
    expect(lib.textOf(readerOnB.doc)).toEqual(lib.textOf(onA.doc));
    expect(onA.closes).toEqual([]);
    expect(onB.closes).toEqual([]);
    expect(readerOnB.closes).toEqual([]);
    const text = lib.textOf(onA.doc);

    for (const c of open.splice(0)) c.provider.destroy();
    // A fresh client on either machine reads the same text.
    for (const base of [A, B]) {
      const fresh = client(base, name);
      await fresh.synced();
      await lib.waitFor(() => lib.textOf(fresh.doc).length === text.length, `the whole text on ${base === A ? "A" : "B"}`);
      expect(lib.textOf(fresh.doc)).toEqual(text);
    }
  });

  it("a reader on one machine sees a writer's changes on the other as they are typed", async () => {
    const { producer, name } = await wikiPage();
    const writer = client(A, name, { cookie: producer.cookie });
    const reader = client(B, name);
    await Promise.all([writer.synced(), reader.synced()]);
    for (const line of ["INT. NIGHT BUS", "Noor counts the stops."]) {
      lib.write(writer.doc, line);
      await lib.waitFor(() => lib.textOf(reader.doc).includes(line), `"${line}" on B`, 5_000);
    }
    expect(reader.closes).toEqual([]);
  });

  it("a session revoked from the settings on one machine closes its connections on the other, and it cannot come back", async () => {
    const { producer, name } = await wikiPage();
    // The same person signed in twice: the phone (on B) is revoked from the laptop (on A).
    const laptop = await app.createSession(producer.id, "laptop");
    const onLaptop: TestUser = { ...producer, cookie: `claquette_session=${laptop.token}` };
    const phone = client(B, name, { cookie: producer.cookie });
    const laptopLive = client(B, name, { cookie: onLaptop.cookie });
    await Promise.all([phone.synced(), laptopLive.synced()]);

    const revoked = await post(A, "/settings", onLaptop, { intent: "revoke", sessionId: producer.sessionId });
    expect(revoked.status).toBe(200);
    await lib.waitFor(() => phone.closes.includes(CloseCode.accessChanged), "the phone's connection on B to be closed", 5_000);
    for (const base of [B, A]) {
      const again = lib.rawSocket(`${base.replace(/^http/, "ws")}/collab/${name}`, { Origin: base, Cookie: producer.cookie });
      expect((await again.outcome).status, base).toBe(401);
    }
    // The other session is not touched.
    expect(laptopLive.closes).toEqual([]);
    expect(laptopLive.provider.wsconnected).toBe(true);
  });

  it("a role lowered on one machine makes an editor on the other a reader", async () => {
    const { producer, member, production, page, name } = await wikiPage();
    // A protected page: crew may edit it, members only read it.
    await app.updatePageFacts(page.id, { protected: true });
    expect(await app.changeRole(production.id, producer.id, member.id, "crew")).toEqual({ ok: true });
    const onB = client(B, name, { cookie: member.cookie });
    await onB.synced();
    lib.write(onB.doc, "written as crew");
    await lib.waitFor(async () => lib.textOf((await app.loadDocument(name)).doc).includes("written as crew"), "the crew's line to be stored");

    const lowered = await post(A, `/p/${production.slug}/members`, producer, { intent: "changeRole", userId: member.id, role: "member" });
    expect(lowered.status).toBe(200);
    await lib.waitFor(() => onB.closes.includes(CloseCode.accessChanged), "the member's connection on B to be closed", 5_000);
    await lib.waitFor(() => onB.provider.wsconnected && onB.provider.synced, "the reconnection");
    lib.write(onB.doc, "written as a member");
    await lib.waitFor(() => onB.closes.includes(CloseCode.readOnly), "the member's change to be refused");
    expect(lib.textOf((await app.loadDocument(name)).doc)).not.toContain("written as a member");
  });

  it("who is here, and where their caret is, is seen from the other machine", async () => {
    const { producer, member, name } = await wikiPage();
    const presentOn = (c: ReturnType<typeof client>, id: number) => c.provider.awareness.getStates().get(id) as { user?: { name: string } } | undefined;
    const onA = client(A, name, { cookie: producer.cookie });
    const watcherOnA = client(A, name);
    await Promise.all([onA.synced(), watcherOnA.synced()]);
    onA.provider.awareness.setLocalState({ user: { name: "anyone", color: "#112233" }, cursor: null });
    await lib.waitFor(() => presentOn(watcherOnA, onA.doc.clientID)?.user?.name === producer.displayName, "A's writer on A");

    // B opens the document after A's writer said they were here (their client says it
    // again only 15 s later): B asks the others who is here.
    const onB = client(B, name, { cookie: member.cookie });
    await onB.synced();
    await lib.waitFor(() => presentOn(onB, onA.doc.clientID)?.user?.name === producer.displayName, "A's writer on B", 5_000);
    onB.provider.awareness.setLocalState({ user: { name: "anyone", color: "#445566" }, cursor: null });
    await lib.waitFor(() => presentOn(onA, onB.doc.clientID)?.user?.name === member.displayName, "B's writer on A", 5_000);

    // Nobody on B speaks for A's writer: a claim on their client id is not taken on A.
    const hostile = lib.rawSocket(`${B.replace(/^http/, "ws")}/collab/${name}`, { Origin: B, Cookie: member.cookie });
    await lib.waitFor(() => hostile.ws.readyState === hostile.ws.OPEN, "the hostile connection");
    const own = 0x7fff_fff0;
    const state = { user: { name: "Impostor", color: "#000000" }, cursor: null };
    hostile.ws.send(awarenessMessage(encodeAwareness([{ clientID: onA.doc.clientID, clock: 1_000, state }, { clientID: own, clock: 1, state }])));
    await lib.waitFor(() => presentOn(watcherOnA, own)?.user?.name === member.displayName, "the hostile connection's own presence on A", 5_000);
    expect(presentOn(watcherOnA, onA.doc.clientID)?.user?.name).toBe(producer.displayName);
    hostile.ws.close();

    // Leaving A is seen on B.
    onA.provider.destroy();
    await lib.waitFor(() => presentOn(onB, onA.doc.clientID) === undefined, "A's writer gone from B", 5_000);
  });
});
