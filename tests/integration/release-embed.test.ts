// Sharing a released film as video sites do: an embed page other sites may frame (and
// no other page), an oEmbed answer found from the release page, and the embed code on it.
import { describe, expect, inject, it } from "vitest";
import { createRelease } from "~/features/releases/releases.server";
import { testProduction, testUser } from "../support/collab";

const base = inject("baseUrl");
const demo = "/p/les-veilleurs/releases/festival-cut";
const text = async (path: string) => {
  const res = await fetch(`${base}${path}`);
  return { res, html: (await res.text()).replace(/<!-- -->/g, "") };
};

describe("sharing a released film", () => {
  it("has an embed page with the player alone, the only page other sites may frame", async () => {
    const { res, html } = await text(`${demo}/embed`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(res.headers.get("x-frame-options")).toBeNull();
    expect(html).toContain("<media-controller");
    expect(html).toContain(`src="${demo}/files/les-veilleurs-teaser.webm"`);
    expect(html).toContain(`${demo}/tracks/les-veilleurs-teaser.en.vtt`);
    // no studio header or footer inside someone else's page, and a way back to the film's page
    expect(html).not.toContain('class="site-header"');
    expect(html).not.toContain('class="site-footer"');
    expect(html).toContain(`href="${base}${demo}" target="_top"`);
    // every other page keeps refusing to be framed
    for (const page of [demo, "/p/les-veilleurs", "/"]) {
      const other = await fetch(`${base}${page}`);
      expect(other.headers.get("content-security-policy"), page).toContain("frame-ancestors 'none'");
    }
  });

  it("answers oEmbed for a release page, found from the page's discovery link", async () => {
    const { html } = await text(demo);
    const discovery = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(html)?.[1];
    expect(discovery).toBeDefined();
    const res = await fetch(discovery!.replace(/&amp;/g, "&"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const answer = (await res.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ version: "1.0", type: "video", provider_name: "Claquette", title: "Les Veilleurs — Festival cut", width: 640 });
    expect(answer.html).toBe(
      `<iframe src="${base}${demo}/embed" width="640" height="${answer.height}" title="Les Veilleurs — Festival cut" allow="fullscreen; picture-in-picture" allowfullscreen style="border:0"></iframe>`,
    );
    // the release page offers the same code to copy
    expect(html).toContain("Embed it in your site");
    expect(html).toContain(String(answer.html).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    const small = (await (await fetch(`${base}/oembed?url=${encodeURIComponent(`${base}${demo}`)}&maxwidth=320`)).json()) as { width: number; height: number };
    expect(small.width).toBe(320);
  });

  it("answers oEmbed for no other address, no release under embargo, and no format but JSON", async () => {
    const ask = (url: string, format = "json") => fetch(`${base}/oembed?url=${encodeURIComponent(url)}&format=${format}`);
    expect((await ask(`${base}/p/les-veilleurs`)).status).toBe(404);
    expect((await ask(`https://elsewhere.example${demo}`)).status).toBe(404);
    expect((await ask(`${base}/p/les-veilleurs/releases/no-such-cut`)).status).toBe(404);
    expect((await ask("not an address")).status).toBe(404);
    expect((await ask(`${base}${demo}`, "xml")).status).toBe(501);
    expect((await fetch(`${base}/oembed`)).status).toBe(400);
    // under embargo: its embed page says when it opens and plays nothing; no share box
    const producer = await testUser("embargo-producer");
    const { production } = await testProduction(producer);
    const created = await createRelease(production.id, producer.id, { slug: "first-cut", title: "First cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() + 7 * 24 * 3600_000), synopsis: "" });
    if (!created.ok) throw new Error("no release");
    const embargoed = `/p/${production.slug}/releases/first-cut`;
    const { res, html } = await text(`${embargoed}/embed`);
    expect(res.status).toBe(200);
    expect(html).toContain("This film opens to everyone on");
    expect(html).not.toContain("<media-controller");
    expect((await text(embargoed)).html).not.toContain("Embed it in your site");
    expect((await text(embargoed)).html).not.toContain("application/json+oembed");
  });
});
