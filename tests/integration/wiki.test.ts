// The wiki against the running studio: pages edited live through the websocket, links
// and what links here following the text, renames that keep links working, search in
// English and French stems, history and restore, protection, talk, and hostile input
// that never comes back as markup.
import { describe, expect, inject, it } from "vitest";
import * as Y from "yjs";
import { FRAGMENT } from "~/features/collab/content";
import { loadDocument } from "~/features/collab/store.server";
import { createPage, reindexBracketedPages, reindexPage, revertEditsBy, wikiDocName } from "~/features/wiki/wiki.server";
import { db } from "~/lib/db.server";
import { connect, testProduction, testUser, textOf, waitFor, write, type TestUser } from "../support/collab";

const base = inject("baseUrl");

function post(path: string, user: TestUser, fields: Record<string, string>) {
  return fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, Cookie: user.cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
}

const html = (path: string, user?: TestUser) => fetch(`${base}${path}`, { headers: user ? { Cookie: user.cookie } : {} }).then((r) => r.text());

async function setting() {
  const producer = await testUser("prod");
  const member = await testUser("mem");
  const { production } = await testProduction(producer, [member]);
  return { producer, member, production, wiki: `/p/${production.slug}/wiki` };
}

async function page(productionId: string, user: TestUser, title: string, category = "character") {
  const created = await createPage(productionId, user.id, { title, category });
  if (!created.ok) throw new Error(created.problem);
  return created.page;
}

describe("links", () => {
  it("follow the text as it is edited live: links, what links here, red links", async () => {
    const { member, production, wiki } = await setting();
    const noor = await page(production.id, member, "Noor");
    const street = await page(production.id, member, "Rue des Tanneurs", "location");
    const editor = connect(base, wikiDocName(noor.id), { cookie: member.cookie });
    await editor.synced();
    write(editor.doc, "Noor mends the lamps of [[Rue des Tanneurs]] and rides with [[Basile]].");
    await waitFor(async () => (await db.wikiLink.count({ where: { fromId: noor.id } })) === 2, "links from Noor");
    const streetPage = await html(`${wiki}/rue-des-tanneurs`);
    expect(streetPage).toContain(`href="${wiki}/noor"`); // what links here
    const noorPage = await html(`${wiki}/noor`);
    expect(noorPage).toContain(`href="${wiki}/rue-des-tanneurs"`);
    expect(noorPage).toContain(`href="${wiki}/new?title=Basile"`); // not written yet
    expect(noorPage).toContain("red-link");

    // The link is removed from the text: it is gone from what links here.
    const fragment = editor.doc.getXmlFragment(FRAGMENT);
    editor.doc.transact(() => fragment.delete(0, fragment.length));
    write(editor.doc, "Noor works alone tonight.");
    await waitFor(async () => (await db.wikiLink.count({ where: { fromId: noor.id } })) === 0, "links to be dropped");
    expect(await html(`${wiki}/rue-des-tanneurs`)).not.toContain(`href="${wiki}/noor"`);
    editor.provider.destroy();
    void street;
  });

  it("keep working after a rename, and the old address leads to the page", async () => {
    const { member, production, wiki } = await setting();
    const lamp = await page(production.id, member, "The lamp", "prop");
    const noor = await page(production.id, member, "Noor");
    const editor = connect(base, wikiDocName(noor.id), { cookie: member.cookie });
    await editor.synced();
    write(editor.doc, "Noor carries [[The lamp]].");
    await waitFor(async () => (await db.wikiLink.count({ where: { fromId: noor.id } })) === 1, "the link");
    editor.provider.destroy();
    const renamed = await post(`${wiki}/the-lamp`, member, { intent: "rename", title: "The first lamp" });
    expect(renamed.status).toBe(302);
    expect(renamed.headers.get("location")).toBe(`${wiki}/the-first-lamp?renamed`);
    const old = await fetch(`${base}${wiki}/the-lamp`, { redirect: "manual" });
    expect(old.status).toBe(301);
    expect(old.headers.get("location")).toBe(`${wiki}/the-first-lamp`);
    expect(await html(`${wiki}/noor`)).toContain(`href="${wiki}/the-lamp"`); // the old link, still a page
    expect(await html(`${wiki}/the-first-lamp`)).toContain(`href="${wiki}/noor"`); // what links here, by its old name
    // A new page cannot take the old address.
    expect((await createPage(production.id, member.id, { title: "The lamp", category: "prop" })).ok).toBe(false);
    void lamp;
  });
});

describe("search", () => {
  it("finds words by their English and French stems, titles by prefix, with highlighted snippets", async () => {
    const { member, production, wiki } = await setting();
    const cast = await page(production.id, member, "Distribution", "research");
    const doc = connect(base, wikiDocName(cast.id), { cookie: member.cookie });
    await doc.synced();
    write(doc.doc, "Chaque personnage a sa lumière. The characters walking at night.");
    await waitFor(async () => (await db.wikiPage.findUniqueOrThrow({ where: { id: cast.id } })).body.includes("personnage"), "the index");
    doc.provider.destroy();
    await page(production.id, member, "Basile the driver");
    const find = (q: string) => html(`${wiki}?q=${encodeURIComponent(q)}`);
    expect(await find("personnages")).toContain(`href="${wiki}/distribution"`); // French plural finds the singular
    expect(await find("character")).toContain(`href="${wiki}/distribution"`); // English stem
    expect(await find("walk")).toContain("<mark>walking</mark>");
    expect(await find("Basi")).toContain(`href="${wiki}/basile-the-driver"`); // title prefix
    expect(await find("submarine")).toContain("No page matches.");
  });
});

describe("reading and editing", () => {
  it("quotes search results as readers read them: links by their label, no brackets, no images' alt text", async () => {
    const { member, production, wiki } = await setting();
    const p = await page(production.id, member, "Lamplighters");
    const doc = connect(base, wikiDocName(p.id), { cookie: member.cookie });
    await doc.synced();
    write(doc.doc, "[[Marcel]] lights the lamps of [[Rue des Tanneurs|the old street]] every evening.");
    const image = new Y.XmlElement("image");
    image.setAttribute("src", `${wiki}/images/none`);
    image.setAttribute("alt", "lamplighter portrait");
    doc.doc.getXmlFragment(FRAGMENT).insert(1, [image]);
    await waitFor(async () => (await db.wikiPage.findUniqueOrThrow({ where: { id: p.id } })).body.includes("every evening"), "the index");
    doc.provider.destroy();
    const results = await html(`${wiki}?q=${encodeURIComponent("lamps")}`);
    const snippet = /<p class="snippet">([\s\S]*?)<\/p>/.exec(results)?.[1] ?? "";
    const text = snippet.replace(/<[^>]+>/g, "").replace(/<!-- -->/g, "");
    expect(text).toContain("Marcel lights the");
    expect(text).toContain("the old street every evening");
    expect(text).not.toContain("[[");
    expect(text).not.toContain("portrait");
  });

  it("quotes as read the pages indexed before, once the studio starts, without counting it as their change", async () => {
    const { member, production, wiki } = await setting();
    const p = await page(production.id, member, "Old index");
    const doc = connect(base, wikiDocName(p.id), { cookie: member.cookie });
    await doc.synced();
    write(doc.doc, "[[Bernadette]] keeps the night bus depot's keys.");
    await waitFor(async () => (await db.wikiPage.findUniqueOrThrow({ where: { id: p.id } })).body.includes("depot's keys"), "the index");
    doc.provider.destroy();
    // As the index was before: the text with its brackets, last changed a while ago.
    const before = new Date("2026-01-02T03:04:05Z");
    await db.$executeRaw`UPDATE "WikiPage" SET body = ${"[[Bernadette]] keeps the night bus depot's keys."}, "updatedAt" = ${before} WHERE id = ${p.id}`;
    expect(await reindexBracketedPages()).toBeGreaterThanOrEqual(1);
    const after = await db.wikiPage.findUniqueOrThrow({ where: { id: p.id } });
    expect(after.body).toBe("Bernadette keeps the night bus depot's keys.");
    expect(after.updatedAt.toISOString()).toBe(before.toISOString());
    const results = await html(`${wiki}?q=${encodeURIComponent("depot")}`);
    const snippet = (/<p class="snippet">([\s\S]*?)<\/p>/.exec(results)?.[1] ?? "").replace(/<[^>]+>/g, "").replace(/<!-- -->/g, "");
    expect(snippet).toContain("Bernadette keeps");
    expect(snippet).not.toContain("[[");
  });

  it("opens a page for reading, and for editing at its ?edit address, without JavaScript", async () => {
    const { member, production, wiki } = await setting();
    await page(production.id, member, "Marcel");
    const reading = await html(`${wiki}/marcel`, member);
    expect(reading).toContain('data-mode="read"');
    expect(reading).toContain(`href="${wiki}/marcel?edit"`);
    expect(reading).toContain('aria-keyshortcuts="e"');
    const editing = await html(`${wiki}/marcel?edit`, member);
    expect(editing).toContain('data-mode="edit"');
    expect(editing).toContain(`href="${wiki}/marcel"`); // back to reading
    // A visitor asking for the editor reads the page, with how to take part.
    const visitor = await html(`${wiki}/marcel?edit`);
    expect(visitor).toContain('data-mode="read"');
    expect(visitor).not.toContain(`href="${wiki}/marcel?edit"`);
    expect(visitor).toContain("Log in and join the production to edit the wiki.");
  });
});

describe("history and protection", () => {
  it("restores an earlier version as a new change, and lets only crew and producers edit a protected page", async () => {
    const { producer, member, production, wiki } = await setting();
    const p = await page(production.id, member, "Ana");
    const name = wikiDocName(p.id);
    const editor = connect(base, name, { cookie: member.cookie });
    await editor.synced();
    write(editor.doc, "Ana bakes the town's bread.");
    await waitFor(async () => (await db.wikiPage.findUniqueOrThrow({ where: { id: p.id } })).body.includes("bread"), "first text");
    const { createVersion } = await import("~/features/collab/store.server");
    const v1 = await createVersion(name, { label: "before", createdById: member.id });
    write(editor.doc, "Vandalised.");
    await waitFor(async () => (await db.wikiPage.findUniqueOrThrow({ where: { id: p.id } })).body.includes("Vandalised"), "second text");
    editor.provider.destroy();
    const restore = await post(`${wiki}/ana/history`, member, { number: String(v1!.number) });
    expect(restore.status).toBe(302);
    await reindexPage(p.id);
    const body = (await db.wikiPage.findUniqueOrThrow({ where: { id: p.id } })).body;
    expect(body).toContain("bread");
    expect(body).not.toContain("Vandalised");

    expect((await post(`${wiki}/ana`, member, { intent: "facts", category: "character", protected: "on" })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await post(`${wiki}/ana`, producer, { intent: "facts", category: "character", protected: "on" })).status).toBe(200);
    const refused = connect(base, name, { cookie: member.cookie });
    await refused.synced();
    write(refused.doc, "A member writes on a protected page.");
    await waitFor(() => refused.closes.length > 0, "the member's change to be refused");
    refused.provider.destroy();
    expect((await db.wikiPage.findUniqueOrThrow({ where: { id: p.id } })).body).not.toContain("protected page");
  });

  it("protecting a page stops the members already writing on it: they come back read-only, and what they type later is not stored", async () => {
    const { producer, member, production, wiki } = await setting();
    const p = await page(production.id, member, "Basile");
    const name = wikiDocName(p.id);
    const writer = connect(base, name, { cookie: member.cookie });
    await writer.synced();
    write(writer.doc, "Basile drives the night bus.");
    await waitFor(async () => textOf((await loadDocument(name)).doc).some((t) => t.includes("night bus")), "the member's first text");

    expect((await post(`${wiki}/basile`, producer, { intent: "facts", category: "character", protected: "on" })).status).toBe(200);
    // Given time to take effect; without it the member stays connected as a writer.
    await waitFor(() => writer.closes.includes(4100), "the member's connection to be closed", 5000).catch(() => {});
    await waitFor(() => writer.provider.wsconnected && writer.provider.synced, "the member to be connected");
    write(writer.doc, "Written after the page was protected.");
    const stored = async () => textOf((await loadDocument(name)).doc);
    await waitFor(async () => writer.closes.includes(4403) || (await stored()).some((t) => t.includes("after the page")), "the change to be refused or stored");
    writer.provider.destroy();
    expect(await stored()).not.toContain("Written after the page was protected.");
    expect(await stored()).toContain("Basile drives the night bus.");
    expect(writer.closes).toContain(4100);
  });
});

describe("talk and hostile input", () => {
  it("never returns what people typed as markup: page text, titles, talk", async () => {
    const { producer, member, production, wiki } = await setting();
    const hostile = [
      `<script>alert("x")</script>`,
      `<img src=x onerror=alert(1)>`,
      `[[javascript:alert(1)]]`,
      `[[Noor|<b onmouseover=alert(1)>hi</b>]]`,
      `<a href="javascript:alert(1)">click</a>`,
      `data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==`,
    ];
    const p = await page(production.id, member, `<svg onload=alert(1)>`);
    const editor = connect(base, wikiDocName(p.id), { cookie: member.cookie });
    await editor.synced();
    for (const h of hostile) write(editor.doc, h);
    await waitFor(async () => (await db.wikiPage.findUniqueOrThrow({ where: { id: p.id } })).body.includes("data:text/html"), "the text");
    editor.provider.destroy();
    for (const h of hostile) expect((await post(`${wiki}/${p.slug}/talk`, member, { body: h, parentId: "" })).status).toBe(200);
    for (const path of [`${wiki}/${p.slug}`, `${wiki}/${p.slug}/talk`, wiki, `${wiki}?q=alert`, `${wiki}/changes`]) {
      const page = await html(path);
      expect(page, path).not.toMatch(/<(script|img|svg|b)\b[^>]*(alert|onerror|onload|onmouseover)/i);
      expect(page, path).not.toMatch(/href="javascript:/i);
      expect(page, path).not.toMatch(/href="data:/i);
    }
    // A producer hides a message: its words are gone, its place in the thread stays.
    const first = await db.wikiComment.findFirstOrThrow({ where: { pageId: p.id }, orderBy: { createdAt: "asc" } });
    expect((await post(`${wiki}/${p.slug}/talk`, producer, { intent: "hide", commentId: first.id })).status).toBe(200);
    const talk = await html(`${wiki}/${p.slug}/talk`);
    expect(talk).toContain("This message was hidden by a moderator.");
    expect((await post(`${wiki}/${p.slug}/talk`, member, { intent: "hide", commentId: first.id })).headers.get("Set-Cookie")).toContain("claquette_refused=");
  });
});

describe("recent changes", () => {
  it("lists versions of pages with who edited, filtered, and as an Atom feed", async () => {
    const { member, production, wiki } = await setting();
    const p = await page(production.id, member, "Basile");
    const editor = connect(base, wikiDocName(p.id), { cookie: member.cookie });
    await editor.synced();
    write(editor.doc, "Basile drives the last bus.");
    await waitFor(async () => (await db.wikiPage.findUniqueOrThrow({ where: { id: p.id } })).body.includes("bus"), "the text");
    editor.provider.destroy();
    const { createVersion } = await import("~/features/collab/store.server");
    await createVersion(wikiDocName(p.id), { label: "first draft", createdById: member.id });
    const changes = await html(`${wiki}/changes?person=${member.handle}`);
    expect(changes).toContain("first draft");
    expect(changes).toContain(member.displayName);
    expect(await html(`${wiki}/changes?category=location`)).not.toContain("first draft");
    const feed = await html(`${wiki}/changes.atom`);
    expect(feed).toContain("<feed xmlns=\"http://www.w3.org/2005/Atom\">");
    expect(feed).toContain("Basile — Version 1");
  });
});

describe("moderation", () => {
  it("reverts everything a person wrote across pages in one step, keeping the history", async () => {
    const { producer, member, production, wiki } = await setting();
    const vandal = await testUser("vandal");
    await db.membership.create({ data: { productionId: production.id, userId: vandal.id, role: "member" } });
    const { createVersion } = await import("~/features/collab/store.server");
    const pages = [await page(production.id, member, "Noor"), await page(production.id, member, "Basile")];
    for (const [i, p] of pages.entries()) {
      const c = connect(base, wikiDocName(p.id), { cookie: member.cookie });
      await c.synced();
      write(c.doc, `Good text ${i}.`);
      await waitFor(async () => (await db.wikiPage.findUniqueOrThrow({ where: { id: p.id } })).body.includes(`Good text ${i}`), "good text");
      c.provider.destroy();
      await createVersion(wikiDocName(p.id), { createdById: member.id });
    }
    await new Promise((r) => setTimeout(r, 20));
    const since = new Date();
    for (const p of pages) {
      const c = connect(base, wikiDocName(p.id), { cookie: vandal.cookie });
      await c.synced();
      const fragment = c.doc.getXmlFragment(FRAGMENT);
      c.doc.transact(() => fragment.delete(0, fragment.length));
      write(c.doc, "SPAM SPAM SPAM");
      await waitFor(async () => (await db.wikiPage.findUniqueOrThrow({ where: { id: p.id } })).body.includes("SPAM"), "the vandalism");
      c.provider.destroy();
    }
    expect((await post(`${wiki}/changes`, member, { person: vandal.handle })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    const restored = await revertEditsBy(production.id, vandal.id, since, producer.id);
    expect(restored.sort()).toEqual(["basile", "noor"]);
    for (const [i, p] of pages.entries()) {
      const body = (await db.wikiPage.findUniqueOrThrow({ where: { id: p.id } })).body;
      expect(body).toBe(`Good text ${i}.`);
    }
    // The vandalism and its reversal are both in the history.
    const history = await html(`${wiki}/noor/history`);
    expect(history).toContain("restored from version");
  });
});

describe("the demo production", () => {
  it("has characters, places and a prop, linked to each other", async () => {
    const index = await html("/p/les-veilleurs/wiki");
    for (const title of ["Noor", "Basile", "Ana", "Rue des Tanneurs", "The bus depot", "The first lamp"]) expect(index).toContain(title);
    const street = await html("/p/les-veilleurs/wiki/rue-des-tanneurs");
    expect(street).toContain('href="/p/les-veilleurs/wiki/noor"'); // what links here
    expect(await html("/p/les-veilleurs/wiki?q=lampe")).toContain('href="/p/les-veilleurs/wiki/'); // French stems on English text still find "lamps"
  });
});

describe("tables and images", () => {
  it("show a table and an uploaded image, checked by content; other images are never shown", async () => {
    const { member, producer, production, wiki } = await setting();
    const { encodePng } = await import("~/features/media/png");
    const png = encodePng(40, 30, (x, y) => [x * 6, y * 8, 120]);
    const upload = (bytes: Uint8Array, name: string, user = member) => {
      const form = new FormData();
      form.set("image", new Blob([new Uint8Array(bytes)], { type: "image/png" }), name);
      return fetch(`${base}${wiki}/images`, { method: "POST", headers: { Origin: base, Cookie: user.cookie, "Accept-Language": "fr" }, body: form });
    };
    const refused = await upload(new TextEncoder().encode("<svg onload=alert(1)>"), "lamp.png");
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe("Ce fichier n’est pas une image PNG, JPEG, WebP ou GIF.");
    const ok = await upload(png, "lamp.png");
    const { src } = (await ok.json()) as { src: string };
    expect(src).toMatch(new RegExp(`^${wiki}/images/[a-z0-9]+$`));
    const served = await fetch(`${base}${src}`);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer())).toEqual(Buffer.from(png));

    const p = await page(production.id, producer, "Cast");
    const editor = connect(base, wikiDocName(p.id), { cookie: member.cookie });
    await editor.synced();
    const cell = (name: string, text: string) => {
      const c = new Y.XmlElement(name);
      const para = new Y.XmlElement("paragraph");
      para.insert(0, [new Y.XmlText(text)]);
      c.insert(0, [para]);
      return c;
    };
    const row = (...cells: Y.XmlElement[]) => {
      const r = new Y.XmlElement("tableRow");
      r.insert(0, cells);
      return r;
    };
    const table = new Y.XmlElement("table");
    const image = (at: string, alt = `image ${at}`) => {
      const el = new Y.XmlElement("image");
      el.setAttribute("src", at);
      el.setAttribute("alt", alt);
      return el;
    };
    // A portrait in a cell, beside the actor's name.
    const actor = cell("tableCell", "Aiko");
    actor.insert(1, [image(src, "Aiko as Noor")]);
    table.insert(0, [row(cell("tableHeader", "Character"), cell("tableHeader", "Played by")), row(cell("tableCell", "[[Noor]]"), actor)]);
    editor.doc.getXmlFragment(FRAGMENT).insert(0, [table, image(src), image("https://tracker.example/pixel.gif"), image("javascript:alert(1)")]);
    await waitFor(async () => (await db.wikiPage.findUniqueOrThrow({ where: { id: p.id } })).body.includes("Aiko"), "the table");
    editor.provider.destroy();
    const shown = await html(`${wiki}/cast`);
    expect(shown).toMatch(/<th scope="col">(<span>)?Character/);
    expect(shown).toMatch(new RegExp(`<td><a [^>]*href="${wiki}/new\\?title=Noor"`));
    expect(shown).toContain(`<img src="${src}" alt="image ${src}"`);
    expect(shown).toMatch(new RegExp(`<td>(<span>)?Aiko(</span>)?<img src="${src}" alt="Aiko as Noor"`));
    expect(shown).not.toContain("tracker.example/pixel.gif\" alt");
    expect(shown).not.toMatch(/<img[^>]+src="javascript:/);
    // Another production's page cannot borrow this image.
    const other = await setting();
    expect((await fetch(`${base}${other.wiki}/images/${src.split("/").pop()}`)).status).toBe(404);
  });
});
