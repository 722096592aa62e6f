// Hostile presence states against a member writing in the notes. An anonymous visitor
// sends the state of issue 17 (a caret of nulls) through the studio: it is refused. States
// the editors cannot use that reach the browser anyway (from a studio of another version,
// say: injected here into the member's own connection) are ignored: the member keeps
// receiving another writer's text, and their own typing removes nothing stored.
import * as encoding from "lib0/encoding";
import type { WebSocketRoute } from "playwright-core";
import * as Y from "yjs";
import { docFromStored, readStoredDocument } from "~/features/collab/store.server";
import { awarenessMessage } from "../../server/collab/protocol.ts";
import { connect, rawSocket, testProduction, testUser, textOf, waitFor, write } from "../support/collab";
import { a11y, baseUrl, caretSettled, expect, signInAs, test, visit } from "../support/browser";

/** An awareness message carrying these states, as JSON text, from made-up client ids. */
function presence(states: string[]) {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, states.length);
  states.forEach((json, i) => {
    encoding.writeVarUint(e, 77_000 + i);
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, json);
  });
  return Buffer.from(awarenessMessage(encoding.toUint8Array(e)));
}

const connected = "Connected: your changes are shared as you type.";

test("a visitor's hostile presence neither stops a member's editor nor makes their typing remove others' text", async ({ person }) => {
  const ana = await testUser("ana");
  const noor = await testUser("noor");
  const { production, notes } = await testProduction(ana, [noor]);
  const path = `/p/${production.slug}/notes`;

  // Ana writes from another client (a real Yjs client over the studio's websocket).
  const writer = connect(baseUrl, notes, { cookie: ana.cookie });
  await writer.synced();
  write(writer.doc, "Ana's first paragraph.");

  const page = await person();
  await signInAs(page, noor);
  let noorsSocket: WebSocketRoute | undefined;
  await page.context().routeWebSocket(/\/collab\//, (ws) => {
    noorsSocket = ws;
    ws.connectToServer();
  });
  await visit(page, path);
  const editor = page.getByRole("textbox", { name: "Production notes" });
  const status = page.getByTestId("connection-state");
  await expect.poll(() => status.textContent()).toBe(connected);
  await expect.poll(() => editor.textContent()).toContain("Ana's first paragraph.");
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));

  // The visitor of issue 17, through the studio: closed, 4400.
  const visitor = rawSocket(`${baseUrl.replace(/^http/, "ws")}/collab/${notes}`, { Origin: baseUrl });
  await waitFor(() => visitor.ws.readyState === visitor.ws.OPEN, "the visitor's connection");
  visitor.ws.send(presence([JSON.stringify({ cursor: { anchor: null, head: null } })]));
  expect((await visitor.outcome).code).toBe(4400);

  // The same, and worse, straight into Noor's connection.
  const at = (item: object) => ({ type: null, tname: "default", item, assoc: 0 });
  noorsSocket!.send(
    presence([
      JSON.stringify({ user: { name: "Mallory", color: "#000000" }, cursor: { anchor: null, head: null } }),
      JSON.stringify({ cursor: { anchor: { type: { client: 1, clock: 99 } }, head: { type: { client: 1, clock: 99 } } } }),
      JSON.stringify({ cursor: { anchor: { tname: "nowhere" }, head: { tname: "nowhere" } } }),
      JSON.stringify({ cursor: { anchor: at({ client: writer.doc.clientID, clock: 1e9 }), head: 42 } }),
      JSON.stringify({ cursor: "here", user: { name: { toString: 1 }, color: 7 } }),
      JSON.stringify({ cursor: { anchor: [], head: {} } }),
    ]),
  );

  // Ana goes on writing: Noor's editor still receives it, and still says so truly.
  write(writer.doc, "Ana's second paragraph, stored.");
  await expect.poll(() => editor.textContent()).toContain("Ana's second paragraph, stored.");
  expect(await status.textContent()).toBe(connected);

  // Noor types at the end: nothing of Ana's goes.
  await editor.click();
  await page.keyboard.press("Control+End");
  await caretSettled(page);
  await page.keyboard.press("Enter");
  await page.keyboard.type("Noor's answer.");
  const stored = async () => textOf(docFromStored(await readStoredDocument(notes)));
  await expect.poll(stored, { timeout: 15_000 }).toEqual(["Ana's first paragraph.", "Ana's second paragraph, stored.", "Noor's answer."]);
  await expect.poll(() => textOf(writer.doc)).toEqual(["Ana's first paragraph.", "Ana's second paragraph, stored.", "Noor's answer."]);

  // Ana's real caret is still drawn for Noor; none of the hostile ones is.
  const first = writer.doc.getXmlFragment("default").get(0) as Y.XmlElement;
  const inFirst = Y.createRelativePositionFromTypeIndex(first.get(0) as Y.XmlText, 3);
  writer.provider.awareness.setLocalStateField("cursor", { anchor: inFirst, head: inFirst });
  await expect.poll(() => page.locator(".collaboration-carets__label").allTextContents()).toEqual([ana.displayName]);
  expect(errors).toEqual([]);
  await a11y(page);
  writer.provider.destroy();
});
