// One way to say each thing across the studio, read from the pages the running studio
// serves: the licence by its own short name, the feeds and calendars a person can open.
import { describe, expect, inject, it } from "vitest";
import { createRelease } from "~/features/releases/releases.server";
import { createTask, ensureTracker, listsOf } from "~/features/tracker/tracker.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser, type TestUser } from "../support/collab";

const base = inject("baseUrl");

const get = (p: string, user?: TestUser | null, headers: Record<string, string> = {}) =>
  fetch(`${base}${p}`, { headers: { ...(user ? { Cookie: user.cookie } : {}), ...headers }, redirect: "manual" });

/** What a person reads on the page: the body's text, without tags, scripts or attributes. */
function visibleText(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1] ?? html;
  return body
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

describe("the licence", () => {
  it("is written by its short name on the production, its release and the release form, never by its SPDX id", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    await db.production.update({ where: { id: production.id }, data: { licence: "CC-BY-NC-SA-4.0" } });
    const created = await createRelease(production.id, producer.id, {
      slug: "cut",
      title: "Cut",
      version: "1.0",
      licence: "CC-BY-4.0",
      publishAt: new Date(Date.now() - 1000),
      synopsis: "",
    });
    if (!created.ok) throw new Error("release");
    const p = `/p/${production.slug}`;

    const home = visibleText(await (await get(p)).text());
    expect(home).toContain("Licensed under CC BY-NC-SA 4.0");
    const homeFr = visibleText(await (await get(p, null, { "Accept-Language": "fr" })).text());
    expect(homeFr).toContain("Sous licence CC BY-NC-SA 4.0");

    const release = visibleText(await (await get(`${p}/releases/cut`)).text());
    expect(release).toContain("CC BY 4.0");

    const form = visibleText(await (await get(`${p}/releases/new`, producer)).text());
    expect(form).toContain("CC BY-SA 4.0");
    expect(form).toContain("CC0 1.0");

    for (const text of [home, homeFr, release, form]) expect(text).not.toMatch(/CC-BY|CC0-1\.0/);
    // The machine-readable link keeps the licence's address.
    expect(await (await get(p)).text()).toContain('rel="license"');
  });
});

describe("a done task", () => {
  it("leaves the open calls and loses its 'Open call' badge once moved to Done", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    await ensureTracker(production.id);
    const { statuses, types } = await listsOf(production.id);
    const done = statuses.find((s) => s.isDone)!;
    const task = await createTask(production.id, producer.id, { title: "Design the poster", typeId: types[0]!.id, open: true });
    const tracker = `/p/${production.slug}/tracker`;
    const card = async () => /data-testid="task-\d+"[\s\S]*?<\/li>/.exec(await (await get(tracker, producer)).text())?.[0] ?? "";
    expect(await card()).toContain("Open call");

    const moved = await fetch(`${base}${tracker}`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: base, Cookie: producer.cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "status", number: String(task.number), statusId: done.id, rank: "1" }),
    });
    expect(moved.status).toBeLessThan(400);
    expect(await card()).toContain("Design the poster");
    expect(await card()).not.toContain("Open call");
    const openCalls = await (await get(`${tracker}?view=list&open=1`, producer)).text();
    expect(openCalls).not.toContain("Design the poster");
  });
});

describe("the script's download links", () => {
  it("name the US Letter PDF in French too", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const fr = visibleText(await (await get(`/p/${production.slug}/script`, null, { "Accept-Language": "fr" })).text());
    expect(fr).toContain("PDF (format Lettre US)");
    expect(fr).toContain("PDF (A4)");
    const en = visibleText(await (await get(`/p/${production.slug}/script`)).text());
    expect(en).toContain("PDF (US Letter)");
  });
});

describe("feeds and calendars a person opens", () => {
  it("lead from the decision log and the wiki's changes to a page people can read, with the feed and calendar addresses", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const p = `/p/${production.slug}`;
    // The links people click lead to the page, not to raw XML.
    expect(await (await get(`${p}/decisions`)).text()).toContain(`href="${p}/follow#decisions-feed"`);
    expect(await (await get(`${p}/wiki/changes`)).text()).toContain(`href="${p}/follow#wiki-feed"`);

    const res = await get(`${p}/follow`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain(`value="${base}${p}/decisions.atom"`);
    expect(html).toContain(`value="${base}${p}/wiki/changes.atom"`);
    expect(html).toContain(`href="webcal://${new URL(base).host}${p}/screenings.ics"`);
    expect(visibleText(html)).toContain("Follow this production");
    expect(visibleText(await (await get(`${p}/follow`, null, { "Accept-Language": "fr" })).text())).toContain("Suivre cette production");
    // Feed readers keep reading the feed itself.
    expect((await get(`${p}/decisions.atom`)).headers.get("content-type")).toMatch(/^application\/atom\+xml/);
  });

  it("offer the screenings as a webcal:// subscription beside the .ics download", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const created = await createRelease(production.id, producer.id, { slug: "cut", title: "Cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() - 1000), synopsis: "" });
    if (!created.ok) throw new Error("release");
    const html = await (await get(`/p/${production.slug}/releases/cut`)).text();
    expect(html).toContain(`href="webcal://${new URL(base).host}/p/${production.slug}/screenings.ics"`);
    expect(html).toContain(`href="/p/${production.slug}/screenings.ics"`);
    expect(visibleText(html)).toContain("Subscribe to the screenings in your calendar app");
  });
});
