// Controls that never lie: a person is shown only what the policy gives them, and a form
// the policy refuses goes back to its page with a message in their language.
import { describe, expect, inject, it } from "vitest";
import { createDecision, proposeDecision } from "~/features/decisions/decisions.server";
import { decisionTemplate } from "~/features/decisions/template";
import { createPoll } from "~/features/polls/polls.server";
import { createRelease } from "~/features/releases/releases.server";
import { createTask, ensureTracker, listsOf } from "~/features/tracker/tracker.server";
import { translator } from "~/lib/i18n";
import { db } from "~/lib/db.server";
import { testProduction, testUser, type TestUser } from "../support/collab";

const base = inject("baseUrl");

function post(path: string, user: TestUser, body: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, Cookie: user.cookie, "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(body),
  });
}
const page = async (path: string, cookie: string) => (await fetch(`${base}${path}`, { headers: { Cookie: cookie } })).text();
/** The tasks whose card offers "Move" (its hidden label names the task). */
const movable = (html: string) => [...html.matchAll(/<span class="visually-hidden"> T-(?:<!-- -->)?(\d+)<\/span>/g)].map((m) => Number(m[1])).sort();

describe("the tracker board", () => {
  it("offers Move only on the tasks the person may move, and a refused move returns to the board with a message", async () => {
    const producer = await testUser("prod");
    const member = await testUser("mem");
    const { production } = await testProduction(producer, [member]);
    await ensureTracker(production.id);
    const { statuses, types } = await listsOf(production.id);
    const typeId = types[0]!.id;
    const theirs = await createTask(production.id, producer.id, { title: "Someone else's", typeId });
    const mine = await createTask(production.id, producer.id, { title: "Mine", typeId, assigneeIds: [member.id] });
    const board = `/p/${production.slug}/tracker`;

    expect(movable(await page(board, member.cookie))).toEqual([mine.number]);
    expect(movable(await page(board, producer.cookie))).toEqual([theirs.number, mine.number].sort());
    // And only those cards can be dragged.
    const draggable = [...(await page(board, member.cookie)).matchAll(/<li class="task-card" draggable="true"[^>]*data-testid="task-(\d+)"/g)].map((m) => Number(m[1]));
    expect(draggable).toEqual([mine.number]);

    // Sent anyway (an old page, another tab): back to the board, which says why, once.
    const before = (await db.task.findUniqueOrThrow({ where: { id: theirs.id } })).statusId;
    const wip = statuses.find((s) => s.setBy !== "crew" && s.id !== before)!;
    const refused = await post(board, member, { intent: "status", number: String(theirs.number), statusId: wip.id }, { Referer: `${base}${board}?view=board` });
    expect(refused.status).toBe(303);
    expect(refused.headers.get("Location")).toBe(`${board}?view=board`);
    const flash = refused.headers.get("Set-Cookie")!.split(";")[0]!;
    const back = await fetch(`${base}${board}?view=board`, { headers: { Cookie: `${member.cookie}; ${flash}` } });
    expect(back.status).toBe(200);
    const html = await back.text();
    expect(html).toContain('data-testid="refused"');
    expect(html).toContain("You are not allowed to do that here, so nothing was changed.");
    expect(back.headers.get("Set-Cookie")).toMatch(/claquette_refused=;.*Max-Age=0/);
    expect((await db.task.findUniqueOrThrow({ where: { id: theirs.id } })).statusId).toBe(before);
    // In French too; and not on another page.
    const fr = await page(board, `${member.cookie}; ${flash}; claquette_lang=fr`);
    expect(fr).toContain("Vous n’avez pas le droit de faire cela ici : rien n’a été modifié.");
    expect(await page(`/p/${production.slug}`, `${member.cookie}; ${flash}`)).not.toContain('data-testid="refused"');
  });
});

// Each irreversible action: sent without its "I understand" box (a form sent by hand, or a
// browser that ignores `required`) it changes nothing and says why; ticked, it is done.
describe("irreversible actions ask first", () => {
  const en = translator("en");
  const fr = translator("fr");
  const unticked = async (res: Response) => {
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(en("confirm.required"));
  };

  it("accepting or rejecting a decision", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const d = await createDecision(production.id, producer.id, { title: "Night bus", tags: [], reviewOn: null, links: [], text: decisionTemplate(en) });
    await proposeDecision(d.id, producer.id);
    const path = `/p/${production.slug}/decisions/${d.number}`;
    const form = (await page(path, producer.cookie)).split('data-testid="decide-form"')[1]!.split("</form>")[0]!;
    expect(form).toContain(en("decision.decideConfirm"));
    expect(form).toMatch(/<input type="checkbox" id="decide-confirm" required=""[^>]*name="confirm" value="yes"/);
    for (const intent of ["accept", "reject"]) await unticked(await post(path, producer, { intent }));
    expect((await db.decision.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("proposed");
    expect(await page(path, `${producer.cookie}; claquette_lang=fr`)).toContain(fr("decision.decideConfirm"));
    expect((await post(path, producer, { intent: "reject", confirm: "yes" })).status).toBe(200);
    expect((await db.decision.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("rejected");
  });

  it("closing a poll", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const poll = await createPoll(production.id, producer.id, { question: "Title?", method: "plurality", options: [{ label: "A" }, { label: "B" }], closesAt: new Date(Date.now() + 3600_000) });
    const path = `/p/${production.slug}/polls/${poll.id}`;
    expect((await page(path, producer.cookie)).split('data-testid="close-form"')[1]!.split("</form>")[0]).toContain(en("poll.closeConfirm"));
    await unticked(await post(path, producer, { intent: "close_early" }));
    expect((await db.pollEvent.findMany({ where: { pollId: poll.id } })).map((e) => e.kind)).toEqual([]);
    expect((await post(path, producer, { intent: "close_early", confirm: "yes" })).status).toBe(200);
    expect((await db.pollEvent.findMany({ where: { pollId: poll.id } })).map((e) => e.kind)).toEqual(["close_early"]);
  });

  it("publishing a release now", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const publishAt = new Date(Date.now() + 24 * 3600_000);
    const created = await createRelease(production.id, producer.id, { slug: "cut", title: "Cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt, synopsis: "" });
    if (!created.ok) throw new Error("release");
    const path = `/p/${production.slug}/releases/cut`;
    expect((await page(path, producer.cookie)).split('data-testid="publish-now-form"')[1]!.split("</form>")[0]).toContain(en("release.publishNowConfirm"));
    await unticked(await post(path, producer, { intent: "publishNow" }));
    expect((await db.release.findUniqueOrThrow({ where: { id: created.release.id } })).publishAt).toEqual(publishAt);
    expect((await post(path, producer, { intent: "publishNow", confirm: "yes" })).status).toBe(200);
    expect((await db.release.findUniqueOrThrow({ where: { id: created.release.id } })).publishAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("removing a member", async () => {
    const producer = await testUser("prod");
    const member = await testUser("mem");
    const { production } = await testProduction(producer, [member]);
    const path = `/p/${production.slug}/members`;
    const row = (await page(path, producer.cookie)).split(`data-testid="remove-${member.handle}"`)[1]!.split("</details>")[0]!;
    expect(row).toContain(en("members.removeConfirm", { name: member.displayName }));
    const refused = await post(path, producer, { intent: "remove", userId: member.id });
    expect(refused.status).toBe(400);
    // The step stays open on the person it was for, with the reason.
    const html = await refused.text();
    expect(html).toContain(en("confirm.required"));
    expect(html).toMatch(new RegExp(`<details open="" data-testid="remove-${member.handle}"`));
    expect(await db.membership.count({ where: { productionId: production.id, userId: member.id } })).toBe(1);
    expect((await post(path, producer, { intent: "remove", userId: member.id, confirm: "yes" })).status).toBe(200);
    expect(await db.membership.count({ where: { productionId: production.id, userId: member.id } })).toBe(0);
  });
});
