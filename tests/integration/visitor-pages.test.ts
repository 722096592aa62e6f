// A visitor's reading pages ship the islands, not the framework (issue 21, decision 0058):
// the production home, a release and a wiki page, as the server writes them for someone
// not signed in, load one small module and carry no data for React to hydrate; the same
// pages for a signed-in person, and the other pages, are the app's.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "~/lib/db.server";
import { DEMO_SLUG } from "../../prisma/seed";
import { clientBuild } from "../support/client-build";
import { testUser, type TestUser } from "../support/collab";

const base = inject("baseUrl");

// The scripts a browser runs (a release's JSON-LD is data).
const scriptTags = (html: string) => (html.match(/<script\b[^>]*>/g) ?? []).filter((tag) => !tag.includes('type="application/ld+json"'));
const page = (path: string, cookie?: string) => fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} }).then((r) => r.text());

/** The islands' chunk first, then every chunk it imports before it runs, as a browser loads them. */
const islands = clientBuild().moduleChunks("app/islands/visitor.ts");
const gzippedKB = (files: string[]) => files.reduce((sum, file) => sum + gzipSync(readFileSync(`build/client${file}`), { level: 9 }).length, 0) / 1024;

let pages: [name: string, path: string][] = [];
let member: TestUser;
beforeAll(async () => {
  const production = await db.production.findUniqueOrThrow({ where: { slug: DEMO_SLUG } });
  const wiki = await db.wikiPage.findFirstOrThrow({ where: { productionId: production.id }, orderBy: { createdAt: "asc" } });
  const release = await db.release.findFirstOrThrow({ where: { productionId: production.id }, orderBy: { createdAt: "asc" } });
  pages = [
    ["production home", `/p/${DEMO_SLUG}`],
    ["release", `/p/${DEMO_SLUG}/releases/${release.slug}`],
    ["wiki page", `/p/${DEMO_SLUG}/wiki/${wiki.slug}`],
  ];
  member = await testUser("visitor");
});

describe("a visitor's reading pages", () => {
  it("load the islands alone, a few KB, with no framework and no data to hydrate", async () => {
    for (const [name, path] of pages) {
      const html = await page(path);
      const tags = scriptTags(html);
      expect(tags, name).toHaveLength(1);
      const src = /src="([^"]+)"/.exec(tags[0]!)?.[1] ?? "";
      expect(src, name).toBe(islands[0]);
      expect(tags[0], name).toMatch(/type="module"/);
      expect(html, name).not.toContain("modulepreload");
      expect(html, name).not.toContain("__reactRouterContext");
      // The budget is 110 KB; the islands stay far below it (the player's code comes only with a film to play).
      expect(gzippedKB(islands), name).toBeLessThan(10);
    }
  });

  it("are the app's for a signed-in person", async () => {
    for (const [name, path] of pages) {
      const html = await page(path, member.cookie);
      expect(html, name).toContain("__reactRouterContext");
      expect(html, name).not.toContain("visitor-islands");
    }
  });

  it("leave the other pages to the app", async () => {
    for (const path of ["/explore", `/p/${DEMO_SLUG}/polls`]) {
      const html = await page(path);
      expect(html, path).toContain("__reactRouterContext");
      expect(html, path).not.toContain("visitor-islands");
    }
  });
});
