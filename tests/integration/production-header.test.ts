// The header of a production's pages: the viewer's unread notifications about it, and one
// read of the production per page request, shared by the header and the page.
import { createRequestHandler, type ServerBuild } from "react-router";
import { describe, expect, inject, it } from "vitest";
import { db } from "~/lib/db.server";
import { notify } from "~/features/tracker/notifications.server";
import { testProduction, testUser, type TestUser } from "../support/collab";
import { statementsDuring } from "../support/statements";

const base = inject("baseUrl");

const page = async (path: string, who?: TestUser) => {
  const res = await fetch(`${base}${path}`, { headers: who ? { cookie: who.cookie } : {}, redirect: "manual" });
  expect(res.status).toBe(200);
  return res.text();
};

/** The bell link of the header, or "" when the page has none. */
const bell = (html: string) => html.match(/<a[^>]*data-testid="production-unread"[\s\S]*?<\/a>/)?.[0] ?? "";

describe("the production header", () => {
  it("shows a signed-in person their unread notifications about this production, on every page of it", async () => {
    const producer = await testUser("prod");
    const member = await testUser("memb");
    const { production } = await testProduction(producer, [member]);
    const other = await testProduction(producer, [member]);
    await notify([member.id], { kind: "pollClosed", productionId: production.id, data: { question: "Q1", pollId: "x" } });
    await notify([member.id], { kind: "pollClosed", productionId: production.id, data: { question: "Q2", pollId: "y" } });
    await notify([member.id], { kind: "pollClosed", productionId: other.production.id, data: { question: "Which ending for the other film?", pollId: "z" } });
    // One already read does not count.
    await notify([member.id], { kind: "pollClosed", productionId: production.id, data: { question: "Q4", pollId: "w" } });
    const read = await db.notification.findFirstOrThrow({ where: { userId: member.id, data: { path: ["question"], equals: "Q4" } } });
    await db.notification.update({ where: { id: read.id }, data: { readAt: new Date() } });

    for (const path of ["", "/polls", "/tracker", "/wiki"]) {
      const b = bell(await page(`/p/${production.slug}${path}`, member));
      expect(b, path).toContain('aria-label="2 unread notifications about this production"');
      expect(b).toContain(`href="/notifications?production=${production.slug}"`);
      expect(b).toMatch(/<span class="badge badge-info" aria-hidden="true">2<\/span>/);
    }
    // The producer has none: the bell says so, without a number.
    const b = bell(await page(`/p/${production.slug}`, producer));
    expect(b).toContain('aria-label="Notifications about this production: none unread"');
    expect(b).not.toContain("badge");
    // A visitor has no bell.
    expect(bell(await page(`/p/${production.slug}`))).toBe("");
    // In French, with the plural of the language.
    const fr = await fetch(`${base}/p/${production.slug}`, { headers: { cookie: `${member.cookie}; claquette_lang=fr` } }).then((r) => r.text());
    expect(bell(fr)).toContain('aria-label="2 notifications non lues sur cette production"');

    // The bell opens the list about this production only.
    const list = await page(`/notifications?production=${production.slug}`, member);
    expect(list).toContain("Q1");
    expect(list).toContain("Q2");
    // (a question no asset's name can hold by chance)
    expect(list).not.toContain("Which ending for the other film?");
    expect(await page("/notifications", member)).toContain("Which ending for the other film?");
  });

  it("reads the production once per page request, for the header and the page alike", async () => {
    const producer = await testUser("prod");
    const member = await testUser("memb");
    const { production } = await testProduction(producer, [member]);
    await db.release.create({
      data: { productionId: production.id, slug: "cut", title: "Cut", version: "1", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() - 60_000), createdById: producer.id },
    });
    // The built studio, run in this process over this process's database pool, so that its
    // queries can be counted.
    const built = "../../build/server/index.js";
    const build = (await import(/* @vite-ignore */ built)) as ServerBuild;
    const handle = createRequestHandler(build, "production");
    const productionReads = async (path: string) => {
      const seen = await statementsDuring(async () => {
        const res = await handle(new Request(`${base}${path}`, { headers: { cookie: member.cookie } }));
        expect(res.status, path).toBe(200);
        await res.text();
      });
      // Every query that reads the production table, whatever else it joins.
      return seen.filter((s) => s.includes('FROM "public"."Production"')).length;
    };
    for (const path of ["", "/polls", "/decisions", "/releases", "/releases/cut", "/tracker", "/wiki", "/script", "/members", "/log"]) {
      expect(await productionReads(`/p/${production.slug}${path}`), path).toBe(1);
    }
  });
});
