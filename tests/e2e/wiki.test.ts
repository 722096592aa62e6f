// The wiki in Chromium: a page created through a red link, written live in two
// browsers, its history compared and a version restored; a visitor reads and cannot
// edit; hostile text never runs. A member reads a page first, edits it on purpose and
// links to pages by picking them from the list `[[` opens.
import type { Page } from "playwright-core";
import { connect, testProduction, testUser, write } from "../support/collab";
import { a11y, baseUrl, caretSettled, expect, signInAs, test, visit } from "../support/browser";

const editorOf = (page: Page) => page.getByRole("textbox", { name: "Text of the page" });
const connected = "Connected: your changes are shared as you type.";

test("a red link becomes a page, two people write it live, its history restores a version, a visitor reads it", async ({ person }) => {
  const noor = await testUser("noor");
  const basile = await testUser("basile");
  const { production } = await testProduction(noor, [basile]);
  const wiki = `/p/${production.slug}/wiki`;

  const a = await person();
  await signInAs(a, noor);
  await visit(a, `${wiki}/new`);
  await a.getByLabel("Title").fill("Noor");
  await a.getByRole("button", { name: "Create the page" }).click();
  await a.waitForURL(/\/wiki\/noor\?edit$/); // a new page opens for writing
  await expect.poll(() => a.getByTestId("connection-state").textContent()).toBe(connected);
  await a11y(a);
  await editorOf(a).click();
  await a.keyboard.type("Noor mends the lamps of [[Rue des Tanneurs]]. <img src=x onerror=window.pwned=1> [[javascript:window.pwned=1]]");

  // Basile follows the red link and writes the new page.
  const b = await person({ viewport: { width: 390, height: 844 } });
  await signInAs(b, basile);
  const { db } = await import("~/lib/db.server");
  const noorPage = await db.wikiPage.findFirstOrThrow({ where: { productionId: production.id, slug: "noor" } });
  await expect.poll(async () => (await db.wikiPage.findUniqueOrThrow({ where: { id: noorPage.id } })).body, { timeout: 15_000 }).toContain("Rue des Tanneurs");
  await visit(b, `${wiki}/noor`);
  expect(await b.getByTestId("wiki-text").textContent()).toContain("Noor mends the lamps of Rue des Tanneurs");
  await b.getByTestId("wiki-text").getByRole("link", { name: /Rue des Tanneurs/ }).click();
  await b.waitForURL(/\/wiki\/new\?title=/);
  await a11y(b);
  expect(await b.getByLabel("Title").inputValue()).toBe("Rue des Tanneurs");
  await b.getByLabel("Category").selectOption("location");
  await b.getByRole("button", { name: "Create the page" }).click();
  await b.waitForURL(/\/wiki\/rue-des-tanneurs\?edit$/);
  await expect.poll(() => b.getByTestId("connection-state").textContent()).toBe(connected);
  await a11y(b);

  // Both write the street's page at once.
  const { createVersion } = await import("~/features/collab/store.server");
  const street = await db.wikiPage.findFirstOrThrow({ where: { productionId: production.id, slug: "rue-des-tanneurs" } });
  const stored = (text: string) => expect.poll(async () => (await db.wikiPage.findUniqueOrThrow({ where: { id: street.id } })).body, { timeout: 10_000 }).toContain(text);
  await visit(a, `${wiki}/rue-des-tanneurs?edit`);
  await expect.poll(() => a.getByTestId("connection-state").textContent()).toBe(connected);
  await editorOf(b).click();
  await b.keyboard.type("A narrow street of old lamps.");
  await expect.poll(() => editorOf(a).textContent()).toContain("A narrow street of old lamps.");
  await stored("A narrow street of old lamps.");
  // The studio checkpoints after a pause in editing; here, at once.
  await createVersion(`wiki:${street.id}`, { label: "Clean" });
  await editorOf(a).click();
  await a.keyboard.press("Control+End");
  await caretSettled(a);
  await a.keyboard.press("Enter");
  await a.keyboard.type("Vandalised by mistake.");
  await expect.poll(() => editorOf(b).textContent()).toContain("Vandalised by mistake.");
  await stored("Vandalised by mistake.");
  await createVersion(`wiki:${street.id}`, {});

  // History: the comparison shows the unwanted line; restoring the clean version removes it, live.
  await visit(a, `${wiki}/rue-des-tanneurs/history`);
  await a.getByRole("button", { name: "Compare" }).click();
  await expect.poll(() => a.getByTestId("diff").textContent()).toContain("Vandalised by mistake.");
  await a11y(a);
  await a.getByRole("button", { name: "Restore this version 1" }).click();
  await expect.poll(() => a.getByText("Version 1 restored, as a new change.").count()).toBe(1);
  await a11y(a);
  await expect.poll(() => editorOf(b).textContent()).not.toContain("Vandalised by mistake.");
  expect(await editorOf(b).textContent()).toContain("A narrow street of old lamps.");

  // An image and a table, from the toolbar.
  await editorOf(b).click();
  await b.keyboard.press("Control+End");
  const { encodePng } = await import("~/features/media/png");
  await b.getByTestId("image-input").setInputFiles({ name: "lamp.png", mimeType: "image/png", buffer: Buffer.from(encodePng(60, 40, (x) => [x * 4, 90, 160])) });
  await expect.poll(() => b.locator(".editor-content img").count()).toBe(1);
  await editorOf(b).click();
  await b.keyboard.press("Control+End");
  await caretSettled(b);
  await b.getByRole("button", { name: "Insert a table" }).click();
  // The editor takes the focus back in the next frame (as Tiptap's focus does); keys
  // typed before it would go to the button, as they would for a person that fast.
  await expect.poll(() => editorOf(b).evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await b.keyboard.type("Lamp");
  await b.keyboard.press("Tab");
  await b.keyboard.type("Year");
  await b.keyboard.press("Tab");
  await b.keyboard.type("Amber globe");
  await b.keyboard.press("Tab");
  await b.keyboard.type("1931");
  await stored("Lamp | Year\nAmber globe | 1931");
  await a11y(b);

  // A visitor reads the pages, the links work, nothing typed runs, and there is no editor.
  const visitor = await person();
  await visit(visitor, `${wiki}/noor`);
  expect(await editorOf(visitor).count()).toBe(0);
  await expect.poll(() => visitor.getByTestId("wiki-text").textContent()).toContain("Noor mends the lamps of Rue des Tanneurs");
  expect(await visitor.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  expect(await visitor.locator('a[href^="javascript:"]').count()).toBe(0);
  await visitor.getByTestId("wiki-text").getByRole("link", { name: "Rue des Tanneurs" }).click();
  await visitor.waitForURL(/\/wiki\/rue-des-tanneurs$/);
  await expect.poll(() => visitor.getByTestId("backlinks").textContent()).toContain("Noor");
  await expect.poll(() => visitor.getByRole("columnheader", { name: "Lamp" }).count()).toBe(1);
  expect(await visitor.getByRole("cell", { name: "1931" }).count()).toBe(1);
  const picture = visitor.locator("img.wiki-image");
  await picture.scrollIntoViewIfNeeded();
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(60);
  await a11y(visitor);

  // Hostile titles and talk messages, typed through the forms, do not run either.
  await visit(b, `${wiki}/new`);
  await b.getByLabel("Title").fill(`<svg onload="window.pwned=2">`);
  await b.getByRole("button", { name: "Create the page" }).click();
  await b.waitForURL((url) => !url.pathname.endsWith("/new"));
  await a11y(b);
  await visit(b, `${wiki}/noor/talk`);
  await b.getByLabel("Your message").fill(`<img src=x onerror="window.pwned=3"> <a href="javascript:window.pwned=4">click</a>`);
  await b.getByRole("button", { name: "Post" }).click();
  await expect.poll(() => b.getByTestId("talk").textContent()).toContain("onerror");
  await a11y(b);
  for (const path of [wiki, `${wiki}/noor/talk`, `${wiki}/changes`]) {
    await visit(visitor, path);
    expect(await visitor.evaluate(() => (window as unknown as { pwned?: number }).pwned), path).toBeUndefined();
    expect(await visitor.locator('a[href^="javascript:"], img[onerror], svg[onload]').count(), path).toBe(0);
  }
}, 240_000); // four people's journey through the wiki: several minutes on a loaded machine

test("a member reads a page, edits it on purpose, links by name from the list [[ opens; another member sees it live; search quotes it as read", async ({ person }) => {
  const ines = await testUser("ines");
  const jules = await testUser("jules");
  const { production } = await testProduction(ines, [jules]);
  const wiki = `/p/${production.slug}/wiki`;
  const { createPage, wikiDocName } = await import("~/features/wiki/wiki.server");
  const { db } = await import("~/lib/db.server");
  const made = async (title: string) => {
    const created = await createPage(production.id, ines.id, { title, category: "character" });
    if (!created.ok) throw new Error(created.problem);
    return created.page;
  };
  const marcel = await made("Marcel");
  await made("Bernadette");
  await made("Berthe");
  const writer = connect(baseUrl, wikiDocName(marcel.id), { cookie: ines.cookie });
  await writer.synced();
  write(writer.doc, "Marcel lights the lamps of the old town.");
  const stored = (text: string) => expect.poll(async () => (await db.wikiPage.findUniqueOrThrow({ where: { id: marcel.id } })).body, { timeout: 10_000 }).toContain(text);
  await stored("lights the lamps");
  writer.provider.destroy();

  // Jules, on a phone and in French, has the page open for writing.
  const b = await person({ viewport: { width: 390, height: 844 }, locale: "fr-FR" });
  await signInAs(b, jules);
  await visit(b, `${wiki}/marcel`);
  await b.getByRole("link", { name: "Modifier" }).click();
  await b.waitForURL(/\/wiki\/marcel\?edit$/);
  await expect.poll(() => b.getByTestId("connection-state").textContent()).toContain("Connecté");
  await a11y(b);

  // Ines opens the page: she reads it as a visitor would, with an Edit action.
  const a = await person();
  await signInAs(a, ines);
  await visit(a, `${wiki}/marcel`);
  expect(await a.getByTestId("wiki-text").textContent()).toContain("Marcel lights the lamps of the old town.");
  expect(await editorOf(a).count()).toBe(0);
  const edit = a.getByRole("link", { name: "Edit" });
  expect(await edit.getAttribute("aria-keyshortcuts")).toBe("e");
  // `e` edits, in place: the page is not loaded again.
  await a.evaluate(() => ((window as unknown as { stayed?: boolean }).stayed = true));
  await a.keyboard.press("e");
  await a.waitForURL(/\/wiki\/marcel\?edit$/);
  await expect.poll(() => a.getByTestId("connection-state").textContent()).toBe(connected);
  expect(await a.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  await expect.poll(() => a.getByTestId("here").textContent()).toContain(jules.displayName);

  // [[Ber opens the list of pages; arrows move in it, Enter picks.
  await editorOf(a).click();
  await a.keyboard.press("Control+End");
  await caretSettled(a);
  await a.keyboard.type(" She waits for [[Ber");
  const list = a.getByRole("listbox", { name: "Pages to link to" });
  await expect.poll(() => list.getByRole("option").allTextContents()).toEqual(["Bernadette", "Berthe"]);
  expect(await editorOf(a).getAttribute("aria-controls")).toBe(await list.getAttribute("id"));
  await a11y(a);
  await a.keyboard.press("ArrowDown");
  await expect.poll(() => list.getByRole("option", { selected: true }).textContent()).toBe("Berthe");
  await a.keyboard.press("ArrowUp");
  await expect.poll(() => list.getByRole("option", { selected: true }).textContent()).toBe("Bernadette");
  await a.keyboard.press("Enter");
  await expect.poll(() => list.count()).toBe(0);
  await expect.poll(() => editorOf(a).textContent()).toContain("She waits for [[Bernadette]]");
  // The link shows as a link while writing; a page not written yet, as a red link.
  await expect.poll(() => editorOf(a).locator(".wiki-link:not(.red-link)").allTextContents()).toEqual(["[[Bernadette]]"]);
  await a.keyboard.type(" and [[Nobody yet");
  await expect.poll(() => a.getByText("No page by that name yet: the link will be red until someone writes it.").count()).toBe(1);
  await a.keyboard.press("Escape");
  await a.keyboard.type("]].");
  await expect.poll(() => editorOf(a).locator(".wiki-link.red-link").allTextContents()).toEqual(["[[Nobody yet]]"]);

  // Jules's editor follows, links and all.
  const julesEditor = b.getByRole("textbox", { name: "Texte de la page" });
  await expect.poll(() => julesEditor.locator(".wiki-link:not(.red-link)").allTextContents()).toEqual(["[[Bernadette]]"]);
  await expect.poll(() => julesEditor.locator(".wiki-link.red-link").allTextContents()).toEqual(["[[Nobody yet]]"]);
  await a11y(b);

  // Done: back to reading, the links as readers see them.
  await stored("She waits for Bernadette and Nobody yet.");
  await a.getByRole("link", { name: "Done" }).click();
  await a.waitForURL(/\/wiki\/marcel$/);
  await expect.poll(() => a.getByTestId("wiki-text").getByRole("link", { name: "Bernadette" }).count()).toBe(1);
  expect(await a.getByTestId("wiki-text").locator(".red-link").textContent()).toContain("Nobody yet");
  await a11y(a);

  // Search quotes the page as it reads: no brackets.
  await visit(a, `${wiki}?q=${encodeURIComponent("waits")}`);
  const snippet = await a.getByTestId("search-results").locator(".snippet").textContent();
  expect(snippet).toContain("She waits for Bernadette");
  expect(snippet).not.toContain("[[");
}, 240_000);
