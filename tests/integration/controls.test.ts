// Controls that never lie: a person is shown only what the policy gives them, and a form
// the policy refuses goes back to its page with a message in their language.
import { describe, expect, inject, it } from "vitest";
import { createTask, ensureTracker, listsOf } from "~/features/tracker/tracker.server";
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
