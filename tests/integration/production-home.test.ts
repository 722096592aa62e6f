// A production's home tells its whole story and leads with the film once it is out;
// a signed-in person's home gathers what waits for them. Against the running studio.
import { describe, expect, inject, it } from "vitest";
import { resolveDocument, writeVersion } from "~/features/collab/store.server";
import { createDecision, decide, proposeDecision } from "~/features/decisions/decisions.server";
import { castBallot, changeClosing, createPoll } from "~/features/polls/polls.server";
import { createRelease } from "~/features/releases/releases.server";
import { freezeDraft, scriptDocName } from "~/features/script/script.server";
import { createTask, ensureTracker } from "~/features/tracker/tracker.server";
import { createPage, wikiDocName } from "~/features/wiki/wiki.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser, type TestUser } from "../support/collab";

const base = inject("baseUrl");

const page = async (path: string, who?: TestUser) => {
  const res = await fetch(`${base}${path}`, { headers: who ? { cookie: who.cookie } : {}, redirect: "manual" });
  expect(res.status).toBe(200);
  return res.text();
};
/** The kinds listed under "What is happening", in order. */
const storyKinds = (html: string) => [...(html.match(/<ol class="activity"[\s\S]*?<\/ol>/)?.[0] ?? "").matchAll(/data-kind="([^"]+)"/g)].map((m) => m[1]);

/** One list of the page, by its test id (empty when the page has none). */
const list = (html: string, testId: string) => html.match(new RegExp(`<ul[^>]*data-testid="${testId}"[\\s\\S]*?</ul>`))?.[0] ?? "";

describe("the production home", () => {
  it("tells the whole story, filtered by kind and a page at a time, and leads with the film once it is out", async () => {
    const producer = await testUser("prod");
    const member = await testUser("memb");
    const { production } = await testProduction(producer, [member]);
    const home = `/p/${production.slug}`;

    const poll = await createPoll(production.id, producer.id, { question: "Which poster?", method: "plurality", options: [{ label: "A" }, { label: "B" }], closesAt: new Date(Date.now() + 3600_000) });
    await changeClosing(poll.id, producer.id, { kind: "close_early" });
    const decision = await createDecision(production.id, producer.id, { title: "Shoot on film", tags: [], reviewOn: null, links: [], text: [] });
    expect(await proposeDecision(decision.id, producer.id)).toBe(true);
    expect(await decide(decision.id, producer.id, "accepted")).toBe("decided");
    const wiki = await createPage(production.id, producer.id, { title: "Noor", category: "character" });
    if (!wiki.ok) throw new Error("wiki page");
    await db.$transaction((tx) => writeVersion(tx, wikiDocName(wiki.page.id), { label: "first", createdById: member.id }));
    await freezeDraft((await resolveDocument(scriptDocName(production.id)))!, { name: "First draft", colour: "white" }, producer.id);
    await ensureTracker(production.id);
    const type = await db.taskType.findFirstOrThrow({ where: { productionId: production.id } });
    await createTask(production.id, producer.id, { title: "Design the poster", typeId: type.id });
    const release = await createRelease(production.id, producer.id, { slug: "cut", title: "Theatrical cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() + 3600_000), synopsis: "" });
    if (!release.ok) throw new Error("release");

    let html = await page(home);
    expect(new Set(storyKinds(html))).toEqual(
      new Set(["production.created", "member.joined", "poll.opened", "poll.closed", "decision.proposed", "decision.accepted", "wiki.edited", "script.draft", "task.created", "release.created"]),
    );
    expect(html).toContain(`href="${home}/decisions/${decision.number}"`);
    expect(html).toContain(`href="${home}/wiki/noor"`);
    expect(html).not.toContain('data-testid="watch-film"'); // not out yet

    // The premiere passes: the home leads with the film, and the story says it is out.
    await db.release.update({ where: { id: release.release.id }, data: { publishAt: new Date(Date.now() - 1000) } });
    html = await page(home, member);
    expect(html).toMatch(new RegExp(`data-testid="watch-film"[\\s\\S]*?href="${home}/releases/cut"[^>]*>Watch the film<`));
    // It leads the page, before what is open and the story; the header's title and poster are not repeated large.
    expect(html.indexOf('data-testid="watch-film"')).toBeLessThan(html.indexOf('data-testid="overview-open"'));
    expect(html.indexOf('data-testid="overview-open"')).toBeLessThan(html.indexOf('id="activity-h"'));
    expect(html).not.toMatch(/<img[^>]*class="poster"/);
    expect(html).toMatch(/<h1 class="visually-hidden">/);
    expect(storyKinds(html)).toContain("release.out");

    // A filter is a plain link or form: ?kind=…
    expect(storyKinds(await page(`${home}?kind=polls`))).toEqual(["poll.closed", "poll.opened"]);
    expect(storyKinds(await page(`${home}?kind=decisions`))).toEqual(["decision.accepted", "decision.proposed"]);
    expect(html).toMatch(/<form[^>]*method="get"[^>]*>(?:(?!<\/form>)[\s\S])*<select id="story-kind" name="kind"/);

    // A long story comes a page at a time.
    const long = Date.now() - 86_400_000;
    await db.productionEvent.createMany({ data: Array.from({ length: 25 }, (_, i) => ({ productionId: production.id, actorId: member.id, kind: "member.role", data: { subject: `P${i}`, role: "crew" }, createdAt: new Date(long - i * 1000) })) });
    const first = await page(`${home}?kind=members`);
    expect(storyKinds(first)).toHaveLength(20);
    expect(first).toContain(`href="${home}?kind=members&amp;page=2#activity-h"`);
    const second = await page(`${home}?kind=members&page=2`);
    // The member's join (now) and 25 role changes a day ago: 20 on the first page, 6 on the second.
    expect(storyKinds(second)).toEqual(Array(6).fill("member.role"));
    expect(second).not.toContain("page=3");
  });
});

describe("a signed-in person's home", () => {
  it("shows their productions, tasks not done, polls they may vote in now and unread notifications; visitors get the front page", async () => {
    const producer = await testUser("prod");
    const me = await testUser("mine");
    const { production } = await testProduction(producer, [me]);
    const other = (await testProduction(producer)).production; // not mine
    await db.production.update({ where: { id: other.id }, data: { title: "Someone else's film" } });

    await ensureTracker(production.id);
    const type = await db.taskType.findFirstOrThrow({ where: { productionId: production.id } });
    await createTask(production.id, producer.id, { title: "Light the bakery", typeId: type.id, assigneeIds: [me.id] });
    const done = await createTask(production.id, producer.id, { title: "Cast the baker", typeId: type.id, assigneeIds: [me.id] });
    const doneStatus = await db.taskStatus.findFirstOrThrow({ where: { productionId: production.id, isDone: true } });
    await db.task.update({ where: { id: done.id }, data: { statusId: doneStatus.id } });
    await createTask(production.id, producer.id, { title: "Score the chase", typeId: type.id, assigneeIds: [producer.id] });

    const rule = { method: "plurality" as const, options: [{ label: "A" }, { label: "B" }], closesAt: new Date(Date.now() + 3600_000), requireConfirmedEmail: false };
    await createPoll(production.id, producer.id, { ...rule, question: "Open to every member?", minMembershipHours: 0 });
    // Joined just now: too late for a poll asking for a day of membership.
    await createPoll(production.id, producer.id, { ...rule, question: "Old hands only?", minMembershipHours: 24 });
    await createPoll(other.id, producer.id, { ...rule, question: "Not my production?", minMembershipHours: 0 });
    const closing = await createPoll(production.id, producer.id, { ...rule, question: "Which ending?", minMembershipHours: 0 });
    expect(await castBallot(closing.id, me.id, [{ option: closing.options[0]!.key, rank: 1 }], null)).toMatchObject({ ok: true });
    await changeClosing(closing.id, producer.id, { kind: "close_early" });

    const html = await page("/", me);
    expect(html).toContain("Your studio");
    expect(list(html, "home-productions")).toContain(`href="/p/${production.slug}"`);
    expect(html).not.toContain("Someone else");
    const tasks = list(html, "home-tasks");
    expect(tasks).toContain("Light the bakery");
    expect(tasks).not.toContain("Cast the baker"); // done
    expect(tasks).not.toContain("Score the chase"); // someone else's
    const polls = list(html, "home-polls");
    expect(polls).toContain("Open to every member?");
    expect(polls).not.toContain("Old hands only?");
    expect(polls).not.toContain("Not my production?");
    expect(polls).not.toContain("Which ending?"); // closed
    expect(list(html, "home-notifications")).toContain("The poll “Which ending?” you voted in has closed");
    expect(html).not.toContain("Make films in the open");

    // In French too.
    const fr = await (await fetch(`${base}/`, { headers: { cookie: `${me.cookie}; claquette_lang=fr` } })).text();
    expect(fr).toContain("Votre studio");

    // Read, a notification leaves the home.
    await db.notification.updateMany({ where: { userId: me.id }, data: { readAt: new Date() } });
    expect(await page("/", me)).toContain("You are up to date.");

    const visitor = await page("/");
    expect(visitor).toContain("Make films in the open");
    expect(visitor).not.toContain("Your studio");
  });
});
