// A property test (issue 17, item 2): random and hostile sync and awareness messages from a
// member who may edit, thrown at a live room of each document kind while two honest
// writers type. Whatever arrives, the honest writers converge, all they wrote is stored,
// nothing that breaks the document's schema is stored or relayed, every page of the
// document answers 200 and /healthz stays up.
import fc from "fast-check";
import * as encoding from "lib0/encoding";
import { beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { FRAGMENT } from "~/features/collab/content";
import { schemaFor } from "~/features/collab/schemas";
import { loadDocument } from "~/features/collab/store.server";
import { problemInUpdate, rulesFor } from "~/features/collab/validate";
import type { DocumentKind } from "~/lib/policy";
import { createDecision, decisionDocName } from "~/features/decisions/decisions.server";
import { changeRole } from "~/features/productions/membership.server";
import { createPage, wikiDocName } from "~/features/wiki/wiki.server";
import { connect, testProduction, testUser, textOf, waitFor, type TestUser } from "../support/collab";

const base = inject("baseUrl");
let producer: TestUser;
let crew: TestUser;
let hostile: TestUser;
beforeAll(async () => {
  [producer, crew, hostile] = await Promise.all([testUser("prod"), testUser("crew"), testUser("bad")]);
});

/** A live document of this kind in a new production, and the pages that read it. */
async function documentOf(kind: DocumentKind) {
  const { production } = await testProduction(producer, [crew, hostile]);
  await changeRole(production.id, producer.id, crew.id, "crew");
  await changeRole(production.id, producer.id, hostile.id, "crew");
  const p = `/p/${production.slug}`;
  if (kind === "notes") return { name: `notes:${production.id}`, pages: [`${p}/notes`, `${p}/notes/history`, p] };
  if (kind === "script") {
    const pages = ["script", "script.pdf", "script.fountain", "script/reports", "script/import", "script/history", "script/drafts", "tracker/scenes"];
    return { name: `script:${production.id}`, pages: pages.map((s) => `${p}/${s}`) };
  }
  if (kind === "decision") {
    const d = await createDecision(production.id, producer.id, { title: "The poster is the night bus", tags: [], reviewOn: null, links: [], text: [] });
    return { name: decisionDocName(d.id), pages: [`${p}/decisions/${d.number}`, `${p}/decisions/${d.number}/history`, `${p}/decisions`] };
  }
  const created = await createPage(production.id, producer.id, { title: "Noor", category: "character" });
  if (!created.ok) throw new Error(created.problem);
  return { name: wikiDocName(created.page.id), pages: [`${p}/wiki/noor`, `${p}/wiki/noor/history`, `${p}/wiki`, `${p}/wiki/changes`] };
}

/** An element as that kind's editor makes it. */
function element(kind: DocumentKind, text: string) {
  const el = new Y.XmlElement(kind === "script" ? "action" : "paragraph");
  el.insert(0, [new Y.XmlText(text)]);
  return el;
}

// ─── what the hostile member sends ─────────────────────────────────────────

const firstElement = (doc: Y.Doc) => doc.getXmlFragment(FRAGMENT).toArray().find((n): n is Y.XmlElement => n instanceof Y.XmlElement);
const firstText = (doc: Y.Doc) => firstElement(doc)?.toArray().find((n): n is Y.XmlText => n instanceof Y.XmlText);

/** Changes no editor makes, each built with Yjs on a copy of the document. */
const breakers: ((doc: Y.Doc, value: unknown) => void)[] = [
  (d, v) => d.getXmlFragment(FRAGMENT).insert(0, [v, { weird: true }, 42, "str", null] as never),
  (d, v) => (firstElement(d) ?? d.getXmlFragment(FRAGMENT)).insert(0, [v ?? 0] as never),
  (d) => d.getXmlFragment(FRAGMENT).insert(0, [new Y.XmlElement("script")]),
  (d) => d.getXmlFragment(FRAGMENT).insert(0, [new Y.XmlText("loose text")]),
  (d, v) => {
    const t = firstText(d);
    // A string "embedded" is plain text typed at the start, which an editor does: an object is not.
    if (t) t.insertEmbed(0, (typeof v === "string" ? { v } : (v ?? {})) as object);
    else d.getXmlFragment(FRAGMENT).insert(0, [v] as never);
  },
  (d) => firstText(d)?.format(0, 1, { blink: {} }) ?? d.getXmlFragment(FRAGMENT).insert(0, [new Y.XmlHook("x")] as never),
  (d, v) => firstElement(d)?.setAttribute("onclick", v as never) ?? d.getMap("x").set("y", v),
  (d, v) => firstElement(d)?.setAttribute(d.getXmlFragment(FRAGMENT).length % 2 ? "level" : "forced", (v ?? {}) as never) ?? d.getArray("z").insert(0, [v]),
  (d) => d.getXmlFragment(FRAGMENT).insert(0, [new Y.Doc()] as never),
  (d) => (firstElement(d) ?? d.getXmlFragment(FRAGMENT)).insert(0, [new Y.XmlElement("sceneBlock"), new Y.XmlElement("table")]),
];

type Hostile =
  | { t: "bytes"; data: Uint8Array }
  | { t: "sync"; sub: number; payload: Uint8Array }
  | { t: "break"; op: number; value: unknown }
  | { t: "pending"; text: string }
  | { t: "valid"; text: string }
  | { t: "awareness"; client: number; clock: number; state: unknown }
  | { t: "awarenessBytes"; data: Uint8Array };
type Command = { t: "write"; who: 0 | 1; text: string } | Hostile;

const text = fc.string({ minLength: 1, maxLength: 24 });
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant("write" as const), who: fc.constantFrom(0 as const, 1 as const), text }), weight: 4 },
  fc.record({ t: fc.constant("bytes" as const), data: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({ t: fc.constant("sync" as const), sub: fc.nat(3), payload: fc.uint8Array({ maxLength: 64 }) }),
  { arbitrary: fc.record({ t: fc.constant("break" as const), op: fc.nat(breakers.length - 1), value: fc.jsonValue({ maxDepth: 2 }) }), weight: 4 },
  fc.record({ t: fc.constant("pending" as const), text }),
  fc.record({ t: fc.constant("valid" as const), text }),
  fc.record({ t: fc.constant("awareness" as const), client: fc.nat(), clock: fc.nat(), state: fc.jsonValue({ maxDepth: 3 }) }),
  fc.record({ t: fc.constant("awarenessBytes" as const), data: fc.uint8Array({ maxLength: 64 }) }),
);

function message(type: number, ...parts: (number | Uint8Array)[]) {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  for (const part of parts) {
    if (typeof part === "number") encoding.writeVarUint(e, part);
    else encoding.writeVarUint8Array(e, part);
  }
  return encoding.toUint8Array(e);
}

/** The update a change makes on a copy of what the server relayed (a fresh Yjs client). */
function changeOn(seen: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(seen));
  const sv = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, sv);
}

function hostileMessage(kind: DocumentKind, c: Hostile, seen: Y.Doc): Uint8Array {
  switch (c.t) {
    case "bytes":
      return c.data;
    case "sync":
      return message(0, c.sub, c.payload);
    case "break":
      return message(0, 2, changeOn(seen, (d) => breakers[c.op]!(d, c.value)));
    case "pending": {
      // Something valid that needs a change the server never got.
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(seen));
      const fragment = doc.getXmlFragment(FRAGMENT);
      fragment.insert(fragment.length, [element(kind, c.text)]);
      const sv = Y.encodeStateVector(doc);
      fragment.insert(fragment.length, [element(kind, c.text), 42 as never]);
      return message(0, 2, Y.encodeStateAsUpdate(doc, sv));
    }
    case "valid":
      return message(0, 2, changeOn(seen, (d) => d.getXmlFragment(FRAGMENT).insert(0, [element(kind, c.text)])));
    case "awareness": {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, c.client);
      encoding.writeVarUint(e, c.clock);
      encoding.writeVarString(e, JSON.stringify(c.state) ?? "null");
      return message(1, encoding.toUint8Array(e));
    }
    case "awarenessBytes":
      return message(1, c.data);
  }
}

/** The hostile member's connection: a raw websocket, opened again whenever the server closed it. */
function hostileLine(name: string) {
  let ws: WebSocket | null = null;
  let opened: Promise<void> = Promise.resolve();
  return {
    async send(bytes: Uint8Array) {
      if (!ws || ws.readyState > WebSocket.OPEN) {
        const socket = new WebSocket(`${base.replace(/^http/, "ws")}/collab/${name}`, { headers: { Origin: base, Cookie: hostile.cookie } });
        socket.on("error", () => {});
        ws = socket;
        opened = new Promise((resolve) => {
          socket.on("open", () => resolve());
          socket.on("close", () => resolve());
        });
      }
      await opened;
      if (ws.readyState === WebSocket.OPEN) ws.send(bytes);
    },
    /** The next message goes on a new connection (the last one may be closing). */
    restart() {
      ws?.terminate();
      ws = null;
    },
    close: () => ws?.terminate(),
  };
}

const get = (path: string) => fetch(`${base}${path}`, { redirect: "manual", headers: { Cookie: producer.cookie } });

describe.each(["notes", "script", "decision", "wiki"] as const)("a live %s document", (kind) => {
  it("keeps its honest writers converging, stored and readable whatever a hostile member sends", async () => {
    await fc.assert(
      // Each run ends with raw values sent on a fresh connection, then a line from each writer.
      fc.asyncProperty(fc.array(command, { minLength: 4, maxLength: 12 }), fc.nat(1), fc.jsonValue({ maxDepth: 1 }), async (commands, op, value) => {
        const { name, pages } = await documentOf(kind);
        const writers = [connect(base, name, { cookie: producer.cookie }), connect(base, name, { cookie: crew.cookie })];
        const line = hostileLine(name);
        try {
          await Promise.all(writers.map((w) => w.synced()));
          const wrote: string[] = [];
          const last: Command[] = [{ t: "break", op, value }, { t: "write", who: 0, text: "last" }, { t: "write", who: 1, text: "last" }];
          for (const c of [...commands, ...last]) {
            if (c === last[0]) line.restart();
            if (c.t === "write") {
              const fragment = writers[c.who]!.doc.getXmlFragment(FRAGMENT);
              const marked = `${c.who}:${wrote.length}:${c.text}`;
              fragment.insert(fragment.length, [element(kind, marked)]);
              wrote.push(marked);
            } else await line.send(hostileMessage(kind, c, writers[0]!.doc));
            await new Promise((r) => setTimeout(r, 5));
          }
          // The honest writers converge, and the server stores all they wrote.
          const same = (a: Y.Doc, b: Y.Doc) => JSON.stringify(textOf(a)) === JSON.stringify(textOf(b));
          await waitFor(() => same(writers[0]!.doc, writers[1]!.doc), "the honest writers to converge");
          await waitFor(async () => same((await loadDocument(name)).doc, writers[0]!.doc), "the stored document to hold what they hold");
          const stored = textOf((await loadDocument(name)).doc);
          for (const w of wrote) expect(stored).toContain(w);
          // Nothing that breaks the schema was stored or relayed.
          const rules = rulesFor(schemaFor(kind));
          for (const doc of [(await loadDocument(name)).doc, ...writers.map((w) => w.doc)]) expect(problemInUpdate(rules, new Y.Doc(), Y.encodeStateAsUpdate(doc))).toBeNull();
          for (const w of writers) expect(w.closes).toEqual([]);
          for (const page of pages) expect([page, (await get(page)).status]).toEqual([page, 200]);
          expect((await fetch(`${base}/healthz`)).status).toBe(200);
        } finally {
          line.close();
          for (const w of writers) w.provider.destroy();
        }
      }),
      { numRuns: 3, endOnFailure: true },
    );
  }, 90_000);
});
