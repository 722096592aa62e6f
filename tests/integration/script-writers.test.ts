// Who wrote each line, from real Yjs clients over the collaboration server: the server
// records whose editor writes with each client id, and the attribution survives the
// compaction that folds away the update log and its authors.
import { afterEach, describe, expect, inject, it } from "vitest";
import * as Y from "yjs";
import { FRAGMENT } from "~/features/collab/content";
import { compact, pendingUpdateCount } from "~/features/collab/store.server";
import { scriptDocName } from "~/features/script/script.server";
import { scriptWriters } from "~/features/script/writers.server";
import { db } from "~/lib/db.server";
import { connect, testProduction, testUser, waitFor } from "../support/collab";

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

const element = (type: string, text: string) => {
  const e = new Y.XmlElement(type);
  e.insert(0, [new Y.XmlText(text)]);
  return e;
};

describe("who wrote each line of the script", () => {
  it("names each line's writers from what the server stored, before and after compaction", async () => {
    const margaux = await testUser("margaux");
    const lena = await testUser("lena");
    const { production } = await testProduction(margaux, [lena]);
    const name = scriptDocName(production.id);

    const a = client(base, name, { cookie: margaux.cookie });
    await a.synced();
    const block = new Y.XmlElement("sceneBlock");
    block.insert(0, [element("sceneHeading", "INT. ROOF - NIGHT"), element("action", "Wind.")]);
    a.doc.getXmlFragment(FRAGMENT).insert(0, [block]);

    const b = client(base, name, { cookie: lena.cookie });
    await b.synced();
    await waitFor(() => b.doc.getXmlFragment(FRAGMENT).length === 1, "Margaux's scene at Lena's");
    // Lena adds to Margaux's action, and writes a line of her own.
    const theirs = b.doc.getXmlFragment(FRAGMENT).get(0) as Y.XmlElement;
    const action = (theirs.get(1) as Y.XmlElement).get(0) as Y.XmlText;
    action.insert(action.length, " Cold.");
    theirs.insert(2, [element("action", "A door bangs.")]);
    await waitFor(() => a.doc.getXmlFragment(FRAGMENT).toString().includes("A door bangs."), "Lena's lines at Margaux's");

    const owners = await db.documentClient.findMany({ where: { docName: name }, select: { clientId: true, userId: true } });
    expect(new Map(owners.map((o) => [Number(o.clientId), o.userId]))).toEqual(
      new Map([
        [a.doc.clientID, margaux.id],
        [b.doc.clientID, lena.id],
      ]),
    );

    const expected = [
      { text: "INT. ROOF - NIGHT", writers: [margaux.handle] },
      { text: "Wind. Cold.", writers: [lena.handle, margaux.handle] },
      { text: "A door bangs.", writers: [lena.handle] },
    ];
    const read = async () =>
      (await scriptWriters(name, production, null, null)).lines.map((l) => ({
        text: "text" in l.element && Array.isArray(l.element.text) ? l.element.text.map((r) => r.text).join("") : "",
        writers: l.writers.map((w) => w.handle),
      }));
    expect(await read()).toEqual(expected);

    // The log and the authors it holds are folded away; the attribution stays.
    for (const c of open.splice(0)) c.provider.destroy();
    await compact(name);
    expect(await pendingUpdateCount(name)).toBe(0);
    expect(await read()).toEqual(expected);
  });
});
