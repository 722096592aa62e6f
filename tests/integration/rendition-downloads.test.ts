// The web renditions offered as downloads (decision 0046): each MP4 the studio made is in
// "Download the film" beside the master with its size and weight, shut before the
// premiere and open after, saved under a name that says which film and size, and counted
// by the honest rules (0045): once per client and day for the film, never for the player.
import { describe, expect, inject, it } from "vitest";
import { createRelease } from "~/features/releases/releases.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser, type TestUser } from "../support/collab";
import { generatedFilm, uploadToRelease } from "../support/film";

const base = inject("baseUrl");
const get = (p: string, user?: TestUser | null, headers: Record<string, string> = {}) => fetch(`${base}${p}`, { headers: { ...(user ? { Cookie: user.cookie } : {}), ...headers }, redirect: "manual" });
/** A page's HTML without React's text separators (<!-- -->). */
const html = async (p: string, user?: TestUser | null, lang = "en") => (await (await get(p, user, { "Accept-Language": lang })).text()).replace(/<!-- -->/g, "");
/** The "Download the film" buttons of web renditions on a page: address and facts. */
const renditionButtons = (page: string) =>
  [...page.matchAll(/<a class="button" href="([^"]+)" download="" data-testid="download-rendition">[^<]*<span class="download-facts">([^<]*)<\/span>/g)].map((m) => ({ href: m[1]!, facts: m[2]! }));

describe("web renditions as downloads", () => {
  it("are offered beside the master, locked until the premiere, and counted once per client and day", async () => {
    const producer = await testUser("prod");
    const member = await testUser("mem");
    const { production } = await testProduction(producer, [member]);
    const created = await createRelease(production.id, producer.id, { slug: "cut", title: "Cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() + 86_400_000), synopsis: "" });
    if (!created.ok) throw new Error("release");
    const release = created.release;
    const page = `/p/${production.slug}/releases/cut`;
    await uploadToRelease(base, producer, release.id, "master.mp4", "film", generatedFilm({ width: 640, height: 360, seconds: 2 }));
    const until = Date.now() + 150_000;
    for (;;) {
      const states = ((await (await get(`${page}/renditions.json`, producer)).json()) as { renditions: { status: string }[] }).renditions;
      if (states.length && states.every((s) => s.status === "ready")) break;
      expect(states.some((s) => s.status === "failed")).toBe(false);
      if (Date.now() > until) throw new Error(`renditions not ready: ${JSON.stringify(states)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    const mp4 = await db.rendition.findFirstOrThrow({ where: { releaseId: release.id, kind: "mp4" } });
    const master = await db.releaseFile.findFirstOrThrow({ where: { releaseId: release.id, kind: "film" } });

    // The producer sees the web MP4 beside the master, with its format, size and weight.
    const producerPage = await html(page, producer);
    const buttons = renditionButtons(producerPage);
    expect(buttons).toEqual([{ href: `${page}/renditions/${mp4.id}/film.mp4`, facts: expect.stringMatching(/^MP4 · 360p · [\d.,]+ [kM]B$/) }]);
    expect(producerPage).toMatch(/data-testid="download-film">[^<]*<span class="download-facts">MP4 · 360p · original file · /);
    expect(renditionButtons(await html(page, producer, "fr"))).toHaveLength(1);
    expect(await html(page, producer, "fr")).toContain("fichier original");
    const url = buttons[0]!.href;

    // Before the premiere: not on the page, and its address shut, to all but the producers.
    expect(renditionButtons(await html(page))).toEqual([]);
    expect(renditionButtons(await html(page, member))).toEqual([]);
    expect((await get(url)).status).toBe(403);
    expect((await get(url, member)).status).toBe(403);
    expect((await get(url, producer)).status).toBe(200);
    const counted = async () => (await db.releaseDownload.findMany({ where: { fileId: master.id } })).reduce((n, d) => n + d.count, 0);
    expect(await counted(), "a producer's look under embargo is no download").toBe(0);

    // After: on every visitor's page, and open.
    await db.release.update({ where: { id: release.id }, data: { publishAt: new Date(Date.now() - 1000) } });
    expect(renditionButtons(await html(page)).map((b) => b.href)).toEqual([url]);
    const res = await get(url, null, { "User-Agent": "viewer-a" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`filename="${production.slug}-cut-360p.mp4"`);
    await res.arrayBuffer();
    await expect.poll(counted).toBe(1);

    // The same client again, the player streaming it, a resumed range, the master the
    // same day: still one download of the film.
    await (await get(url, null, { "User-Agent": "viewer-a" })).arrayBuffer();
    await (await get(url, null, { "User-Agent": "viewer-b", "Sec-Fetch-Dest": "video" })).arrayBuffer();
    await (await get(url, null, { "User-Agent": "viewer-c", Range: "bytes=100-199" })).arrayBuffer();
    await (await get(`${page}/files/master.mp4`, null, { "User-Agent": "viewer-a" })).arrayBuffer();
    // Another person: a second download.
    await (await get(url, member)).arrayBuffer();
    await expect.poll(counted).toBe(2);
    await new Promise((r) => setTimeout(r, 500));
    expect(await counted()).toBe(2);
    // Read signed in: a visitor's page may come from the page cache, a minute behind the counts (decision 0050).
    expect(await html(page, member)).toMatch(/data-testid="counts">[^<]*· 2 downloads/);
  }, 240_000);
});
