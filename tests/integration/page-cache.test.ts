// Public pages served to anonymous visitors from each process's cache (docs/decisions/0050):
// never someone's own page, rendered again after any change they may show (written
// through this process, another, or straight into the database), and at the premiere.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import * as Y from "yjs";
import { FRAGMENT } from "~/features/collab/content";
import { createRelease } from "~/features/releases/releases.server";
import { db } from "~/lib/db.server";
import { freePort } from "../../server/free-port.ts";
import { connect, testProduction, testUser, waitFor, type TestUser } from "../support/collab";
import { startStudioProcess, stopStudioProcess, type StudioProcess } from "../support/studio-process";

const base = inject("baseUrl");

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers, redirect: "manual" });
const asMember = (user: TestUser) => ({ cookie: user.cookie });
const post = (url: string, user: TestUser, form: Record<string, string>) =>
  fetch(url, {
    method: "POST",
    headers: { Origin: new URL(url).origin, Cookie: user.cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
    redirect: "manual",
  });

async function releaseOf(producer: TestUser, publishAt: Date, title = "Theatrical cut") {
  const { production } = await testProduction(producer);
  const made = await createRelease(production.id, producer.id, { slug: "cut", title, version: "1.0", licence: "CC-BY-SA-4.0", publishAt, synopsis: "" });
  if (!made.ok) throw new Error(made.problem);
  return { production, release: made.release, path: `/p/${production.slug}/releases/cut` };
}

/** A line of action at the end of a screenplay, as its editor writes it. */
function typeAction(doc: Y.Doc, text: string) {
  const line = new Y.XmlElement("action");
  line.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment(FRAGMENT);
  fragment.insert(fragment.length, [line]);
}

/** Whether this answer came from the cache's memory, not rendered for it. */
const hit = (res: Response) => res.headers.get("X-Page-Cache") === "hit";

/** The page anonymous visitors get, once the cache holds it (served with an ETag). */
async function cached(url: string, headers: Record<string, string> = {}) {
  let res = await get(url, headers);
  await waitFor(async () => (res = await get(url, headers)).headers.has("ETag"), `${url} cached`);
  return res;
}

let second: StudioProcess | undefined;
let otherBase = "";
beforeAll(async () => {
  const port = await freePort();
  otherBase = `http://127.0.0.1:${port}`;
  second = await startStudioProcess({ DATABASE_URL: inject("databaseUrl"), PORT: String(port), PUBLIC_URL: otherBase, HOST: "127.0.0.1" });
}, 200_000);
afterAll(async () => {
  if (second) await stopStudioProcess(second);
});

describe("the page cache", () => {
  it("never serves a signed-in person's page to a visitor, nor a visitor's to them", async () => {
    const producer = await testUser("prod");
    const member = await testUser("memb");
    const { production } = await testProduction(producer, [member]);
    const home = `${base}/p/${production.slug}`;
    const mine = (html: string) => html.includes('data-testid="profile-link"') || html.includes(`@${member.handle}<`) || html.includes('data-testid="production-unread"');

    // The member first: their page is theirs alone, and says so to any cache on the way.
    const theirs = await get(home, asMember(member));
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get("Cache-Control")).toBe("private, no-store");
    expect(theirs.headers.get("ETag")).toBeNull();
    expect(mine(await theirs.text())).toBe(true);

    const visitor = await cached(home);
    expect(visitor.headers.get("Cache-Control")).toMatch(/^public, /);
    expect(mine(await visitor.text())).toBe(false);

    // Now that the visitor's page is cached, the member still gets their own.
    const again = await get(home, asMember(member));
    expect(again.headers.get("ETag")).toBeNull();
    expect(mine(await again.text())).toBe(true);
    // A visitor with a cookie the cache does not know (a stale session, say) gets a page rendered for them.
    const stale = await get(home, { cookie: "claquette_session=nothing-valid" });
    expect(stale.headers.get("ETag")).toBeNull();
    expect(stale.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it("answers 304 to a visitor who has the page, in each language its own, and a new ETag after a change", async () => {
    const producer = await testUser("prod");
    const { release, path } = await releaseOf(producer, new Date(Date.now() + 24 * 3600_000));
    const url = `${base}${path}`;
    const first = await cached(url, { "Accept-Language": "en" });
    const etag = first.headers.get("ETag")!;
    // (Shorter when something else in the studio changes by itself sooner: a premiere in another test.)
    expect(first.headers.get("Cache-Control")).toMatch(/^public, max-age=0, s-maxage=(10|\d), stale-while-revalidate=\d+, stale-if-error=\d+$/);
    expect(first.headers.get("Vary")).toBe("Accept-Language, Cookie");
    const notModified = await get(url, { "Accept-Language": "en", "If-None-Match": etag });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("ETag")).toBe(etag);
    expect(await notModified.text()).toBe("");
    // The browser keeps its copy with its nonce: a new policy would refuse its scripts.
    expect(notModified.headers.get("Content-Security-Policy")).toBeNull();

    // French is a page of its own.
    const french = await cached(url, { "Accept-Language": "fr" });
    expect(french.headers.get("ETag")).not.toBe(etag);
    expect(await french.text()).toContain('<html lang="fr"');
    expect((await get(url, { "Accept-Language": "fr", "If-None-Match": etag })).status).toBe(200);

    // Each response has its own CSP nonce, the cached page's scripts with it.
    const [a, b] = await Promise.all([get(url), get(url)]);
    const nonceOf = (res: Response) => res.headers.get("Content-Security-Policy")!.match(/'nonce-([^']+)'/)![1]!;
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    expect(await a.text()).toContain(`nonce="${nonceOf(a)}"`);

    await db.release.update({ where: { id: release.id }, data: { synopsis: "Written straight into the database." } });
    await waitFor(async () => (await get(url, { "Accept-Language": "en", "If-None-Match": etag })).status === 200, "the old ETag no longer matches");
    expect(await (await get(url)).text()).toContain("Written straight into the database.");
  });

  it("renders again in every process after an edit through one of them", async () => {
    const producer = await testUser("prod");
    const { path } = await releaseOf(producer, new Date(Date.now() + 24 * 3600_000), "Working cut");
    const here = `${base}${path}`;
    const there = `${otherBase}${path}`;
    for (const url of [here, there]) expect(await (await cached(url)).text()).toContain("Working cut");

    const facts = { intent: "facts", title: "Premiere cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 16), timeZone: "UTC", synopsis: "" };
    expect((await post(here, producer, facts)).status).toBe(200);
    for (const url of [here, there]) {
      await waitFor(async () => (await (await get(url)).text()).includes("Premiere cut"), `the new title through ${url}`);
      const html = await (await cached(url)).text();
      expect(html).toContain("Premiere cut");
      expect(html).not.toContain("Working cut");
    }
  }, 60_000);

  it("shows the film at the premiere hour, with no write to tell it", async () => {
    const producer = await testUser("prod");
    const premiere = new Date(Date.now() + 6_000);
    const { path } = await releaseOf(producer, premiere);
    const url = `${base}${path}`;
    const before = await cached(url);
    expect(await before.text()).toContain('data-testid="embargo"');
    // Shared caches may not hold it past the premiere either.
    const sharedAge = Number(before.headers.get("Cache-Control")!.match(/s-maxage=(\d+)/)![1]);
    for (const stale of ["stale-while-revalidate", "stale-if-error"]) {
      const seconds = Number(before.headers.get("Cache-Control")!.match(new RegExp(`${stale}=(\\d+)`))![1]);
      expect(Date.now() + (sharedAge + seconds) * 1000, stale).toBeLessThanOrEqual(premiere.getTime() + 1000);
    }

    await waitFor(() => Date.now() > premiere.getTime(), "the premiere", 15_000);
    const after = await get(url);
    expect(after.status).toBe(200);
    expect(await after.text()).not.toContain('data-testid="embargo"');
  }, 30_000);

  it("keeps another production's pages at a write, and renders the written one's again", async () => {
    const producer = await testUser("prod");
    const a = await testProduction(producer);
    const b = await testProduction(producer);
    const [homeA, homeB] = [a, b].map(({ production }) => `${base}/p/${production.slug}`) as [string, string];
    for (const url of [homeA, homeB]) await cached(url);
    await waitFor(async () => hit(await get(homeB)), "B's home from memory");

    await db.production.update({ where: { id: a.production.id }, data: { logline: "A heist in a bakery." } });
    // Served only once every change committed before the request is heard: no wait needed.
    const afterA = await get(homeA);
    expect(hit(afterA)).toBe(false);
    expect(await afterA.text()).toContain("A heist in a bakery.");
    const afterB = await get(homeB);
    expect(afterB.headers.get("X-Page-Cache")).toBe("hit");
    // Explore lists every production: a production's own row ends it too.
    const explore = `${base}/explore`;
    await cached(explore);
    await db.production.update({ where: { id: b.production.id }, data: { logline: "A heist in a cinema." } });
    const exploreAfter = await get(explore);
    expect(hit(exploreAfter)).toBe(false);
    expect(await exploreAfter.text()).toContain("A heist in a cinema.");
  });

  it("keeps every page when someone confirms their address or changes their password, and renders them again at a new name", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const home = `${base}/p/${production.slug}`;
    await cached(home);
    await waitFor(async () => hit(await get(home)), "the home from memory");

    // The last step of every sign-up, and a forgotten password: no page shows either.
    await db.user.update({ where: { id: producer.id }, data: { emailConfirmedAt: new Date() } });
    await db.user.update({ where: { id: producer.id }, data: { passwordHash: "replaced" } });
    expect(hit(await get(home))).toBe(true);

    // Their name is on the home, among the members.
    await db.user.update({ where: { id: producer.id }, data: { displayName: "Noor the Producer" } });
    const renamed = await get(home);
    expect(hit(renamed)).toBe(false);
    expect(await renamed.text()).toContain("Noor the Producer");
  });

  it("keeps another production's pages at an image uploaded to one", async () => {
    const producer = await testUser("prod");
    const a = await testProduction(producer);
    const b = await testProduction(producer);
    const homeB = `${base}/p/${b.production.slug}`;
    await cached(homeB);
    await waitFor(async () => hit(await get(homeB)), "B's home from memory");

    // A wiki image of A, uploaded as the wiki does: the image and its row of A at once.
    await db.image.create({
      data: { mimeType: "image/png", width: 1, height: 1, sha256: "0".repeat(64), bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), wikiImage: { create: { productionId: a.production.id, uploaderId: producer.id } } },
    });
    expect(hit(await get(homeB))).toBe(true);
  });

  it("keeps the pages cached while a screenplay is typed in, and shows the text within the live delay", async () => {
    const producer = await testUser("prod");
    const a = await testProduction(producer);
    const b = await testProduction(producer);
    const homeA = `${base}/p/${a.production.slug}`;
    const homeB = `${base}/p/${b.production.slug}`;
    const scriptA = `${base}/p/${a.production.slug}/script`;
    for (const url of [homeA, homeB, scriptA]) await cached(url);
    const writer = connect(base, `script:${a.production.id}`, { cookie: producer.cookie });
    try {
      await writer.synced();
      // Group commits every few milliseconds while someone types: the pages stay in memory.
      for (let i = 0; i < 20; i++) {
        typeAction(writer.doc, `Line ${i} of the heist.`);
        await new Promise((r) => setTimeout(r, 30));
      }
      await waitFor(async () => (await db.documentUpdate.count({ where: { docName: `script:${a.production.id}` } })) > 0, "the typing stored");
      expect((await get(homeB)).headers.get("X-Page-Cache")).toBe("hit");
      expect((await get(homeA)).headers.get("X-Page-Cache")).toBe("hit");
      // The read view catches up once the delay (ten seconds) is over.
      await waitFor(async () => (await (await get(scriptA)).text()).includes("Line 19 of the heist."), "the typed text on the read view", 20_000);
    } finally {
      writer.provider.destroy();
    }
  }, 40_000);
});
