// Signed-in pages read what is the same for every viewer once (docs/decisions/0062): the
// next person's production home asks PostgreSQL only what is theirs, yet shows every write
// committed before they asked, and never someone else's role, follow or notifications.
// The studio's HTTP application runs in this process, over this process's pool, so that
// its statements can be counted (as production-header.test.ts counts them).
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ServerBuild } from "react-router";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDecision, proposeDecision } from "~/features/decisions/decisions.server";
import { follow } from "~/features/productions/membership.server";
import { notify } from "~/features/tracker/notifications.server";
import { db } from "~/lib/db.server";
import { createApp } from "../../server/app.ts";
import { statementsDuring } from "../support/statements";
import { root } from "../support/studio-process";
import { testProduction, testUser, waitFor, type TestUser } from "../support/collab";

let base = "";
let studio: ReturnType<typeof createApp>;
let server: import("node:http").Server;
let dataDir = "";
beforeAll(async () => {
  const built = "../../build/server/index.js";
  const build = (await import(/* @vite-ignore */ built)) as ServerBuild;
  dataDir = await mkdtemp(path.join(os.tmpdir(), "claquette-shared-reads-"));
  studio = createApp({ build, clientDir: path.join(root, "build", "client"), publicUrl: "http://127.0.0.1", databaseUrl: inject("databaseUrl"), root, dataDir });
  server = studio.app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await waitFor(async () => studio.pages.enabled, "the change notifications heard");
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await studio?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const home = async (slug: string, who: TestUser) => {
  const res = await fetch(`${base}/p/${slug}`, { headers: { cookie: who.cookie } });
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe("private, no-store");
  return res.text();
};
/** A decision proposed to the production, as its producer does. */
async function propose(productionId: string, producer: TestUser, title: string) {
  const d = await createDecision(productionId, producer.id, { title, tags: [], reviewOn: null, links: [], text: [] });
  await proposeDecision(d.id, producer.id);
}
const latestDecisions = (html: string) => html.match(/data-testid="latest-decisions"[\s\S]*?<\/ul>/)?.[0] ?? "";
const logline = (html: string) => html.match(/<p class="lead">([^<]*)</)?.[1] ?? null;
const myRole = (html: string) => html.match(/data-testid="my-role"[^>]*>([^<]*)</)?.[1] ?? null;
const followButton = (html: string) => html.match(/<button [^>]*value="(follow|unfollow)"/)?.[1] ?? null;
const unread = (html: string) => html.match(/aria-label="(\d+) unread notifications? about this production"/)?.[1] ?? null;

describe("what signed-in pages read alike", () => {
  it("is read once for everyone, while each person's own part and every write show at once", async () => {
    const producer = await testUser("prod");
    const member = await testUser("memb");
    const follower = await testUser("foll");
    const newcomer = await testUser("newc");
    const { production } = await testProduction(producer, [member]);
    await propose(production.id, producer, "Shoot on the night bus");
    await follow(production.id, follower.id);
    await notify([member.id], { kind: "pollClosed", productionId: production.id, data: { question: "Q1", pollId: "x" } });

    // The first reader reads the production as everyone sees it.
    const first = await home(production.slug, producer);
    expect(latestDecisions(first)).toContain("Shoot on the night bus");
    expect(myRole(first)).toBe("You are: Producer");
    expect(unread(first)).toBe(null);

    // The next one asks only what is theirs: their session, their notifications, their place
    // in the production, and one round trip that hears the changes committed before.
    let page = "";
    const statements = await statementsDuring(async () => (page = await home(production.slug, member)));
    // The session (with the header's unread count), a round trip on the listening connection, the viewer's own part.
    expect(statements.length, statements.join("\n")).toBeLessThanOrEqual(3);
    expect(myRole(page)).toBe("You are: Member");
    expect(unread(page)).toBe("1");
    expect(followButton(page)).toBe("follow");
    const theirs = await home(production.slug, follower);
    expect(myRole(theirs)).toBe(null);
    expect(followButton(theirs)).toBe("unfollow");
    expect(unread(theirs)).toBe(null);

    // A write committed before someone asks is on their page, whoever wrote it and however.
    await propose(production.id, producer, "The ending stays open");
    expect(latestDecisions(await home(production.slug, member))).toContain("The ending stays open");
    await db.production.update({ where: { id: production.id }, data: { logline: "Night buses, and who rides them" } });
    expect(logline(await home(production.slug, follower))).toBe("Night buses, and who rides them");
    // Each person's own part is theirs alone, and changes for them at once.
    expect(followButton(await home(production.slug, newcomer))).toBe("follow");
    await follow(production.id, newcomer.id);
    expect(followButton(await home(production.slug, newcomer))).toBe("unfollow");
  });
});
