// Document content that breaks the editor's schema (issue 17, item 2): a member's
// hand-built update over a real websocket is refused and never stored or relayed; a
// document that already holds such content (stored before the check) still reads on
// every page, and a producer restores a version of it.
import { afterEach, describe, expect, inject, it } from "vitest";
import * as Y from "yjs";
import { FRAGMENT } from "~/features/collab/content";
import { appendUpdates, createVersion, loadDocument } from "~/features/collab/store.server";
import { createPage, wikiDocName } from "~/features/wiki/wiki.server";
import { scriptOfDoc } from "~/features/script/ydoc";
import { db } from "~/lib/db.server";
import { updateMessage } from "../../server/collab/protocol";
import { OUT_OF_STEP } from "../../server/collab/schema";
import { connect, testProduction, testUser, textOf, waitFor, write, type TestUser } from "../support/collab";

const base = inject("baseUrl");
const open: { provider: { destroy(): void } }[] = [];
function client(...args: Parameters<typeof connect>) {
  const c = connect(...args);
  open.push(c);
  return c;
}
afterEach(() => {
  for (const c of open.splice(0)) c.provider.destroy();
});

const raw = [{ weird: true }, 42, "str", null] as never;
const get = (path: string, user: TestUser) => fetch(`${base}${path}`, { redirect: "manual", headers: { Cookie: user.cookie } });
const scriptPages = ["script", "script.pdf", "script.fountain", "script/reports", "script/import", "script/history", "script/drafts", "tracker/scenes"];

/** Append an action to a script, as the screenplay editor would. */
function writeAction(doc: Y.Doc, text: string) {
  const action = new Y.XmlElement("action");
  action.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment(FRAGMENT);
  fragment.insert(fragment.length, [action]);
}

/** Whether anything in the document is not an element or text (what the editors choke on). */
const holdsRawValues = (doc: Y.Doc) => doc.getXmlFragment(FRAGMENT).toArray().some((n) => !(n instanceof Y.XmlElement));

describe("updates that break the document's schema", () => {
  it("are refused (4400): not stored, not relayed, and every page of the script answers 200", async () => {
    const producer = await testUser("prod");
    const member = await testUser("mem");
    const { production } = await testProduction(producer, [member]);
    const name = `script:${production.id}`;
    const honest = client(base, name, { cookie: producer.cookie });
    const hostile = client(base, name, { cookie: member.cookie });
    await Promise.all([honest.synced(), hostile.synced()]);
    writeAction(honest.doc, "Noor climbs the ladder.");
    await waitFor(() => textOf(hostile.doc).includes("Noor climbs the ladder."), "the honest line to reach the member");

    hostile.doc.getXmlFragment(FRAGMENT).insert(0, raw);
    await waitFor(() => hostile.closes.includes(4400), "the sender to be closed with 4400");
    writeAction(honest.doc, "Basile holds it.");
    await waitFor(async () => textOf((await loadDocument(name)).doc).includes("Basile holds it."), "the honest writer's next line to be stored");
    expect(holdsRawValues(honest.doc)).toBe(false);
    expect(holdsRawValues((await loadDocument(name)).doc)).toBe(false);
    for (const page of scriptPages) expect([page, (await get(`/p/${production.slug}/${page}`, producer)).status]).toEqual([page, 200]);
  });

  it("on a wiki page, the other editors' typing still reaches the server", async () => {
    const producer = await testUser("prod");
    const member = await testUser("mem");
    const { production } = await testProduction(producer, [member]);
    const created = await createPage(production.id, producer.id, { title: "Noor", category: "character" });
    if (!created.ok) throw new Error(created.problem);
    const name = wikiDocName(created.page.id);
    const honest = client(base, name, { cookie: producer.cookie });
    const hostile = client(base, name, { cookie: member.cookie });
    await Promise.all([honest.synced(), hostile.synced()]);
    write(honest.doc, "first line");
    await waitFor(() => textOf(hostile.doc).includes("first line"), "the first line to reach the member");
    // Raw values inside an element, and an unknown node.
    (hostile.doc.getXmlFragment(FRAGMENT).get(0) as Y.XmlElement).insert(0, raw);
    await waitFor(() => hostile.closes.includes(4400), "the sender to be closed with 4400");
    const again = client(base, name, { cookie: member.cookie });
    await again.synced();
    again.doc.getXmlFragment(FRAGMENT).insert(0, [new Y.XmlElement("script")]);
    await waitFor(() => again.closes.includes(4400), "the second sender to be closed with 4400");

    write(honest.doc, "second line");
    await waitFor(async () => textOf((await loadDocument(name)).doc).includes("second line"), "the honest writer's next line to be stored");
    const stored = (await loadDocument(name)).doc.getXmlFragment(FRAGMENT);
    expect(stored.toArray().map((n) => (n as Y.XmlElement).nodeName)).toEqual(["paragraph", "paragraph"]);
    expect((stored.get(0) as Y.XmlElement).toArray().every((n) => n instanceof Y.XmlText)).toBe(true);
    expect((await get(`/p/${production.slug}/wiki/noor`, producer)).status).toBe(200);
  });
});

describe("updates that need changes the room has not seen", () => {
  it("are not held: a hostile one cannot get an honest writer refused, an honest one is sent again after a reconnection", async () => {
    const producer = await testUser("prod");
    const member = await testUser("mem");
    const { notes } = await testProduction(producer, [member]);
    const honest = client(base, notes, { cookie: producer.cookie });
    const hostile = client(base, notes, { cookie: member.cookie });
    await Promise.all([honest.synced(), hostile.synced()]);
    write(honest.doc, "first line");
    await waitFor(() => textOf(hostile.doc).includes("first line"), "the first line to reach the member");

    // Raw values placed after the honest writer's next paragraph, which the server does
    // not have yet: held pending, they would come in with that paragraph.
    const forged = new Y.Doc();
    forged.clientID = honest.doc.clientID;
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(hostile.doc));
    write(forged, "a guess at the next line");
    const sv = Y.encodeStateVector(forged);
    const trap = new Y.Doc();
    Y.applyUpdate(trap, Y.encodeStateAsUpdate(forged));
    const fragment = trap.getXmlFragment(FRAGMENT);
    fragment.insert(fragment.length, raw);
    (hostile.provider.ws as unknown as { send(b: Uint8Array): void }).send(updateMessage(Y.encodeStateAsUpdate(trap, sv)));
    await waitFor(() => hostile.closes.includes(OUT_OF_STEP), "the sender to be told to reconnect");

    write(honest.doc, "second line");
    await waitFor(async () => textOf((await loadDocument(notes)).doc).includes("second line"), "the honest line to be stored");
    expect(honest.closes).toEqual([]);
    expect(holdsRawValues((await loadDocument(notes)).doc)).toBe(false);

    // An honest client whose update needs one of its own changes the server missed
    // (here: made without being sent) reconnects and sends both.
    honest.doc.transact(() => write(honest.doc, "kept back"), honest.provider);
    write(honest.doc, "sent");
    await waitFor(() => honest.closes.includes(OUT_OF_STEP), "the writer to be told to reconnect");
    await waitFor(async () => {
      const stored = textOf((await loadDocument(notes)).doc);
      return stored.includes("kept back") && stored.includes("sent");
    }, "both lines to be stored");
  });
});

describe("a document stored with such content before the check", () => {
  it("shows what can be read on every page, and a producer restores a version", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const name = `script:${production.id}`;
    const writer = client(base, name, { cookie: producer.cookie });
    await writer.synced();
    writeAction(writer.doc, "Noor climbs the ladder.");
    await waitFor(async () => textOf((await loadDocument(name)).doc).includes("Noor climbs the ladder."), "the line to be stored");
    writer.provider.destroy();
    const before = await createVersion(name, { label: "clean" });

    // Appended as a studio without the check would have stored it.
    const { doc } = await loadDocument(name);
    const sv = Y.encodeStateVector(doc);
    doc.getXmlFragment(FRAGMENT).insert(0, raw);
    (doc.getXmlFragment(FRAGMENT).get(4) as Y.XmlElement).insert(0, raw);
    await appendUpdates([{ docName: name, productionId: production.id, authorId: producer.id, update: Y.encodeStateAsUpdate(doc, sv) }]);
    await createVersion(name, { label: "broken" });

    for (const page of scriptPages) expect([page, (await get(`/p/${production.slug}/${page}`, producer)).status]).toEqual([page, 200]);
    expect(await (await get(`/p/${production.slug}/script.fountain`, producer)).text()).toContain("Noor climbs the ladder.");

    // Restoring the broken version itself keeps what reads; restoring the clean one too.
    for (const number of [before!.number + 1, before!.number]) {
      const res = await fetch(`${base}/p/${production.slug}/script/history`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: base, Cookie: producer.cookie, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ number: String(number) }),
      });
      expect(res.status).toBe(302);
      const restored = (await loadDocument(name)).doc;
      expect(holdsRawValues(restored)).toBe(false);
      expect(scriptOfDoc(restored).elements.map((e) => e.type)).toEqual(["action"]);
    }
    expect(await db.documentVersion.count({ where: { docName: name, label: { startsWith: "restore:" } } })).toBe(2);
  });
});
