// Two people write in the production notes at once, in two browsers: each sees
// the other's text and cursor. One loses the network, keeps writing, closes the
// page; later, back online, the words arrive. Another leaves for another page with words
// not yet sent: they go as soon as the studio can be reached.
import type { Page } from "playwright-core";
import { testProduction, testUser } from "../support/collab";
import { a11y, baseUrl, caretSettled, expect, signInAs, test, visit } from "../support/browser";

const editorOf = (page: Page) => page.getByRole("textbox", { name: "Production notes" });
const status = (page: Page) => page.getByTestId("connection-state");

/**
 * A reader on the notes, and a writer whose websocket to the studio can be cut: while
 * `cut(true)` holds, it is closed and cannot reopen (the pages themselves still load).
 */
async function readerAndWriter(person: () => Promise<Page>) {
  const ana = await testUser("ana");
  const noor = await testUser("noor");
  const { production } = await testProduction(ana, [noor]);
  const path = `/p/${production.slug}/notes`;
  const reader = await person();
  await signInAs(reader, ana);
  await visit(reader, path);
  const writer = await person();
  await signInAs(writer, noor);
  let isCut = false;
  await writer.context().routeWebSocket(/\/collab\//, (ws) => {
    if (isCut) return void ws.close();
    const server = ws.connectToServer();
    const watch = setInterval(() => {
      if (!isCut) return;
      clearInterval(watch);
      ws.close();
      server.close();
    }, 50);
  });
  await visit(writer, path);
  await expect.poll(() => status(writer).textContent()).toBe("Connected: your changes are shared as you type.");
  return { production, path, reader, writer, cut: (on: boolean) => void (isCut = on) };
}

test("two people edit the notes live and see each other's text and cursors", async ({ person }) => {
  const noor = await testUser("noor");
  const basile = await testUser("basile");
  const { production } = await testProduction(noor, [basile]);
  const path = `/p/${production.slug}/notes`;

  const a = await person();
  await signInAs(a, noor);
  await visit(a, path);
  await expect.poll(() => status(a).textContent()).toBe("Connected: your changes are shared as you type.");
  const b = await person({ viewport: { width: 390, height: 844 } });
  await signInAs(b, basile);
  await visit(b, path);
  await expect.poll(() => status(b).textContent()).toBe("Connected: your changes are shared as you type.");

  await editorOf(a).click();
  await a.keyboard.type("The lamp on Rue des Tanneurs flickers.");
  await expect.poll(() => editorOf(b).textContent()).toContain("The lamp on Rue des Tanneurs flickers.");

  await editorOf(b).click();
  await b.keyboard.press("End");
  await caretSettled(b);
  await b.keyboard.press("Enter");
  await b.keyboard.type("Basile brakes the bus.");
  await expect.poll(() => editorOf(a).textContent()).toContain("Basile brakes the bus.");

  // Each sees who is here, and the other's cursor, labelled with their name.
  await expect.poll(() => a.getByTestId("here").textContent()).toContain(basile.displayName);
  await expect.poll(() => b.getByTestId("here").textContent()).toContain(noor.displayName);
  await expect.poll(() => a.locator(".collaboration-carets__label").allTextContents()).toContain(basile.displayName);
  await expect.poll(() => b.locator(".collaboration-carets__label").allTextContents()).toContain(noor.displayName);
  await a11y(a);
  await a11y(b);

  // Credits follow the writing.
  await visit(a, path);
  await expect.poll(() => a.getByTestId("contributors").textContent()).toContain(basile.displayName);
});

test("edits made offline are kept on the device and arrive when the writer is back", async ({ person }) => {
  const { path, reader, writer, cut } = await readerAndWriter(person);
  await editorOf(writer).click();
  await writer.keyboard.type("Online words.");
  await expect.poll(() => editorOf(reader).textContent()).toContain("Online words.");

  cut(true);
  await writer.context().setOffline(true);
  await expect.poll(() => status(writer).textContent()).not.toContain("Connected");
  await writer.keyboard.press("Enter");
  await writer.keyboard.type("Words written in the tunnel.");
  await expect.poll(() => status(writer).textContent()).toBe(
    "Offline: your changes are kept on this device and will be sent when you are back online.",
  );
  await a11y(writer);
  await new Promise((r) => setTimeout(r, 500));
  expect(await editorOf(reader).textContent()).not.toContain("Words written in the tunnel.");

  // The writer closes the page before the network comes back; the words wait in IndexedDB.
  await writer.close({ runBeforeUnload: false });
  cut(false);
  await reader.context().setOffline(false);
  const later = await writer.context().newPage();
  await later.context().setOffline(false);
  await later.goto(new URL(path, baseUrl).href);
  await expect.poll(() => editorOf(reader).textContent(), { timeout: 15_000 }).toContain("Words written in the tunnel.");
  await expect.poll(() => status(later).textContent()).toBe("Connected: your changes are shared as you type.");
  await a11y(reader);
});

test("edits not yet sent when the writer goes to another page of the studio are sent as soon as the server can be reached", async ({ person }) => {
  const { production, reader, writer, cut } = await readerAndWriter(person);
  cut(true);
  await expect.poll(() => status(writer).textContent()).not.toContain("Connected");
  await editorOf(writer).click();
  await writer.keyboard.type("Written on the way out.");
  await expect.poll(() => status(writer).textContent()).toContain("kept on this device");
  // She goes back to the production's page by its header, and never returns to the notes.
  await writer.getByRole("navigation", { name: `Sections of ${production.title}` }).getByRole("link", { name: "Overview" }).click();
  await expect.poll(() => writer.getByRole("heading", { level: 1 }).textContent()).toBe(production.title);
  await a11y(writer);
  cut(false);
  await expect.poll(() => editorOf(reader).textContent(), { timeout: 15_000 }).toContain("Written on the way out.");
  expect(new URL(writer.url()).pathname).toBe(`/p/${production.slug}`);
});

test("a visitor reads the notes and cannot edit them; the history shows versions and changes", async ({ person }) => {
  const margaux = await testUser("margaux");
  const { production } = await testProduction(margaux);
  const path = `/p/${production.slug}/notes`;

  const producer = await person();
  await signInAs(producer, margaux);
  await visit(producer, path);
  await expect.poll(() => status(producer).textContent()).toBe("Connected: your changes are shared as you type.");
  await editorOf(producer).click();
  await producer.keyboard.type("First idea.");
  await visit(producer, `${path}/history`);
  await producer.getByLabel("Name", { exact: true }).fill("Draft 1 — white pages");
  await producer.getByRole("button", { name: "Save this version" }).click();
  await expect.poll(() => producer.getByRole("status").textContent()).toBe("Saved as version 1.");
  await a11y(producer);

  await visit(producer, path);
  await expect.poll(() => status(producer).textContent()).toBe("Connected: your changes are shared as you type.");
  await editorOf(producer).click();
  await producer.keyboard.press("End");
  await caretSettled(producer);
  await producer.keyboard.press("Enter");
  await producer.keyboard.type("Second idea.");
  await visit(producer, `${path}/history`);
  await producer.getByLabel("Name", { exact: true }).fill("Draft 2");
  await producer.getByRole("button", { name: "Save this version" }).click();
  await expect.poll(() => producer.getByRole("status").textContent()).toBe("Saved as version 2.");
  await producer.getByLabel("From").selectOption("1");
  await producer.getByLabel("To").selectOption("2");
  await producer.getByRole("button", { name: "Compare" }).click();
  await expect.poll(() => producer.getByTestId("diff").locator("ins").allTextContents()).toEqual(["Added: Second idea."]);
  await a11y(producer);

  const visitor = await person();
  await visit(visitor, path);
  expect(await visitor.getByText("Second idea.").count()).toBe(1);
  expect(await editorOf(visitor).count()).toBe(0);
  expect(await visitor.getByText("Log in and join the production to write here.").count()).toBe(1);
  await visit(visitor, `${path}/history`);
  expect(await visitor.getByRole("button", { name: "Save this version" }).count()).toBe(0);
  await visit(visitor, `${path}/history/1`);
  expect(await visitor.getByRole("button", { name: "Restore this version" }).count()).toBe(0);

  // The producer restores version 1: the second idea goes, as a new change.
  await visit(producer, `${path}/history/1`);
  await producer.getByRole("button", { name: "Restore this version" }).click();
  await expect.poll(() => producer.getByRole("status").first().textContent()).toBe("Version 1 is restored, as a new change.");
  await expect.poll(() => editorOf(producer).textContent()).toBe("First idea.");
  await a11y(producer);
});
