// Real Yjs clients for the live-document tests: y-websocket's WebsocketProvider
// over real websockets, with the cookie and Origin a browser would send.
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { blocksOf, FRAGMENT } from "~/features/collab/content";
import { createSession } from "~/features/auth/session.server";
import { createUser } from "~/features/auth/user.server";
import { createProduction } from "~/features/productions/production.server";
import { join } from "~/features/productions/membership.server";
import { db } from "~/lib/db.server";
import { newPerson } from "./people";

export type TestUser = { id: string; handle: string; displayName: string; cookie: string; sessionId: string; token: string };

export async function testUser(prefix = "u"): Promise<TestUser> {
  const p = newPerson(prefix);
  const created = await createUser(p);
  if (!created.ok) throw new Error("sign-up failed");
  const s = await createSession(created.userId, "test client");
  return { id: created.userId, handle: p.handle, displayName: p.displayName, cookie: `claquette_session=${s.token}`, sessionId: s.sessionId, token: s.token };
}

/** A production with a producer; its notes document name. */
export async function testProduction(producer: TestUser, members: TestUser[] = []) {
  const slug = `live-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const created = await createProduction(
    producer.id,
    { title: "Live test", slug, logline: "", synopsis: "", phase: "development", licence: "CC-BY-SA-4.0", membersEditScript: true },
    null,
  );
  if (!created.ok) throw new Error("production failed");
  const production = await db.production.findUniqueOrThrow({ where: { slug } });
  for (const m of members) await join(production.id, m.id);
  return { production, notes: `notes:${production.id}` };
}

export function socketClass(origin: string, cookie?: string) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { Origin: origin, ...(cookie ? { Cookie: cookie } : {}) } });
    }
  };
}

export function connect(baseUrl: string, docName: string, { cookie, origin = baseUrl, doc = new Y.Doc() }: { cookie?: string; origin?: string; doc?: Y.Doc } = {}) {
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, "ws")}/collab`, docName, doc, {
    WebSocketPolyfill: socketClass(origin, cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
  });
  const closes: number[] = [];
  provider.on("connection-close", (event) => {
    if (event) closes.push(event.code);
  });
  return { provider, doc, closes, synced: () => waitFor(() => provider.synced, "sync") };
}

/** Append a paragraph of text to a document, as the editor would. */
export function write(doc: Y.Doc, text: string) {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment(FRAGMENT);
  fragment.insert(fragment.length, [p]);
}

export function textOf(doc: Y.Doc): string[] {
  return blocksOf(doc).map((b) => b.text);
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Open a raw websocket and report how the upgrade or the connection ended. */
export function rawSocket(url: string, headers: Record<string, string>) {
  const ws = new WebSocket(url, { headers });
  const outcome = new Promise<{ status?: number; code?: number; opened: boolean }>((resolve) => {
    let opened = false;
    ws.on("open", () => (opened = true));
    ws.on("unexpected-response", (_req, res) => resolve({ status: res.statusCode, opened }));
    ws.on("close", (code) => resolve({ code, opened }));
    ws.on("error", () => {});
  });
  return { ws, outcome };
}
