// The tracker against the running studio: scenes following the script as it is edited
// live (added, renamed, cut, reordered), the rules for tasks (members take open calls but
// cannot change others' tasks; crew review), progress from the statuses' flags, and
// notifications for assignments, mentions and reviews.
import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { resolveDocument } from "~/features/collab/store.server";
import { parseFountain } from "~/features/script/fountain";
import { importFountain, scriptDocName } from "~/features/script/script.server";
import { replaceScript } from "~/features/script/ydoc";
import { changeRole } from "~/features/productions/membership.server";
import { createTask, ensureTracker, listsOf } from "~/features/tracker/tracker.server";
import { db } from "~/lib/db.server";
import { connect, testProduction, testUser, waitFor, type TestUser } from "../support/collab";

const base = inject("baseUrl");
const corpus = readFileSync(new URL("../../app/features/script/corpus/les-veilleurs.fountain", import.meta.url), "utf8");

function post(path: string, user: TestUser, body: Record<string, string | string[]> | FormData) {
  const form = new URLSearchParams();
  if (!(body instanceof FormData)) for (const [k, v] of Object.entries(body)) for (const x of [v].flat()) form.append(k, x);
  return fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, Cookie: user.cookie, ...(body instanceof FormData ? {} : { "Content-Type": "application/x-www-form-urlencoded" }) },
    body: body instanceof FormData ? body : form,
  });
}
const get = (path: string, user?: TestUser) => fetch(`${base}${path}`, { redirect: "manual", headers: user ? { Cookie: user.cookie } : {} });

async function setting() {
  const producer = await testUser("prod");
  const crew = await testUser("crew");
  const member = await testUser("mem");
  const other = await testUser("other");
  const { production } = await testProduction(producer, [crew, member, other]);
  await changeRole(production.id, producer.id, crew.id, "crew");
  await ensureTracker(production.id);
  const { statuses, types } = await listsOf(production.id);
  const status = (key: string) => statuses.find((s) => s.key === key)!;
  const type = (key: string) => types.find((t) => t.key === key)!;
  return { producer, crew, member, other, production, status, type, tracker: `/p/${production.slug}/tracker` };
}

const headings = (productionId: string) =>
  db.scene.findMany({ where: { productionId }, orderBy: { position: "asc" }, select: { id: true, heading: true, missingSince: true, previousHeading: true, number: true } });

describe("scenes follow the script", () => {
  it("as it is imported and edited live: added, renamed, cut and reordered, tasks kept", async () => {
    const { producer, member, production, type } = await setting();
    const info = (await resolveDocument(scriptDocName(production.id)))!;
    await importFountain(info, corpus, producer.id, "les-veilleurs.fountain");
    let scenes = await headings(production.id);
    expect(scenes.map((s) => s.heading)).toEqual(["EXT. RUE DES TANNEURS - NIGHT", "EXT. BUS STOP, RUE DES TANNEURS - CONTINUOUS", "INT. ANA'S BAKERY - NIGHT"]);
    const bakery = scenes[2]!;
    const street = scenes[0]!;
    const task = await createTask(production.id, producer.id, { title: "Bake the bread prop", typeId: type("design").id, sceneId: bakery.id });
    await createTask(production.id, producer.id, { title: "Scout the street", typeId: type("design").id, sceneId: street.id });
    // Cast and locations are in the breakdown, linked to the scenes.
    expect(await db.sceneElement.count({ where: { sceneId: bakery.id, element: { kind: "cast", name: "ANA" } } })).toBe(1);

    // A writer edits live: the bakery is renamed, the first street scene cut, a new scene
    // added at the end, and the bus stop moved after the bakery.
    const editor = connect(base, scriptDocName(production.id), { cookie: member.cookie });
    await editor.synced();
    const edited = corpus
      .replace("INT. ANA'S BAKERY - NIGHT #3#", "INT. ANA'S BAKERY - DAWN #3#")
      .replace(/EXT\. RUE DES TANNEURS - NIGHT #1#[\s\S]*?(?=EXT\. BUS STOP)/, "");
    const [head, busAndRest] = edited.split("EXT. BUS STOP, RUE DES TANNEURS - CONTINUOUS #2#");
    const [bus, bakeryAndEnd] = busAndRest!.split("INT. ANA'S BAKERY - DAWN #3#");
    const reordered = `${head}INT. ANA'S BAKERY - DAWN #3#${bakeryAndEnd}\n\nEXT. BUS STOP, RUE DES TANNEURS - CONTINUOUS #2#${bus}\n\nEXT. THE QUAYS - DAWN #4#\n\nNoor looks at the river.\n`;
    const update = replaceScript(editor.doc, parseFountain(reordered).script, "test");
    expect(update).not.toBeNull();
    await waitFor(async () => (await headings(production.id)).some((s) => s.heading === "EXT. THE QUAYS - DAWN"), "the scenes to follow the live edit", 15_000);
    scenes = await headings(production.id);
    const live = scenes.filter((s) => !s.missingSince);
    expect(live.map((s) => s.heading)).toEqual(["INT. ANA'S BAKERY - DAWN", "EXT. BUS STOP, RUE DES TANNEURS - CONTINUOUS", "EXT. THE QUAYS - DAWN"]);
    const renamed = scenes.find((s) => s.id === bakery.id)!;
    expect(renamed.heading).toBe("INT. ANA'S BAKERY - DAWN");
    expect(renamed.previousHeading).toBe("INT. ANA'S BAKERY - NIGHT");
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).sceneId).toBe(bakery.id);
    // The cut scene is kept, flagged, with its task; its page says so.
    const cut = scenes.find((s) => s.id === street.id)!;
    expect(cut.missingSince).not.toBeNull();
    expect(await db.task.count({ where: { sceneId: street.id } })).toBe(1);
    expect(await (await get(`/p/${production.slug}/tracker/scenes/${street.id}`)).text()).toContain("This scene is no longer in the script.");
    editor.provider.destroy();

    // Put back, the scene comes back (same row, same tasks).
    await importFountain(info, corpus, producer.id, "again.fountain");
    const restored = (await headings(production.id)).find((s) => s.id === street.id)!;
    expect(restored.missingSince).toBeNull();
  });
});

describe("task rules", () => {
  it("members take open calls and submit work but cannot change others' tasks; crew review; statuses drive progress", async () => {
    const { producer, crew, member, other, production, status, type, tracker } = await setting();
    // Creating tasks is crew's.
    expect((await post(`${tracker}/tasks/new`, member, { title: "Mine", typeId: type("poster").id, sceneId: "", priority: "2" })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    const created = await post(`${tracker}/tasks/new`, crew, { title: "Design the poster", typeId: type("poster").id, sceneId: "", priority: "1", open: "on" });
    expect(created.status).toBe(302);
    const openCall = await db.task.findFirstOrThrow({ where: { productionId: production.id, title: "Design the poster" } });
    expect(openCall.open).toBe(true);
    const closed = await createTask(production.id, producer.id, { title: "Edit the teaser", typeId: type("editing").id, assigneeIds: [other.id] });

    // A member changes neither someone else's task nor its status.
    expect((await post(`${tracker}/tasks/${closed.number}`, member, { intent: "status", statusId: status("wip").id })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await post(`${tracker}/tasks/${closed.number}`, member, { intent: "edit", title: "Hijacked", description: "", priority: "2", dueDate: "", estimateHours: "" })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await post(tracker, member, { intent: "status", number: String(closed.number), statusId: status("wip").id })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await post(`${tracker}/tasks/${closed.number}`, member, { intent: "claim" })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    // The assignee moves it along, but "done" is for crew.
    expect((await post(tracker, other, { intent: "status", number: String(closed.number), statusId: status("wip").id })).status).toBe(200);
    expect((await post(tracker, other, { intent: "status", number: String(closed.number), statusId: status("done").id })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await post(tracker, crew, { intent: "status", number: String(closed.number), statusId: status("done").id })).status).toBe(200);

    // Two members answer the open call without being assigned.
    const file = new FormData();
    file.set("intent", "submit");
    file.set("note", "A lamp and its light on the pavement.");
    file.set("file", new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a])], { type: "application/pdf" }), "poster.pdf");
    expect((await post(`${tracker}/tasks/${openCall.number}`, member, file)).status).toBe(200);
    expect((await post(`${tracker}/tasks/${openCall.number}`, other, { intent: "submit", note: "Three silhouettes." })).status).toBe(200);
    // A file that is none of the accepted kinds is refused, and said so.
    const bad = new FormData();
    bad.set("intent", "submit");
    bad.set("file", new Blob([new Uint8Array([0, 1, 2, 3, 0, 0, 0xff])]), "x.bin");
    expect(await (await post(`${tracker}/tasks/${openCall.number}`, member, bad)).text()).toContain("is not an image, a PDF");
    const subs = await db.submission.findMany({ where: { taskId: openCall.id }, orderBy: { createdAt: "asc" } });
    expect(subs).toHaveLength(2);
    expect(subs[0]!.fileType).toBe("application/pdf");
    const download = await get(`${tracker}/submissions/${subs[0]!.id}`);
    expect(download.headers.get("content-disposition")).toContain('attachment; filename="poster.pdf"');
    expect(new Uint8Array(await download.arrayBuffer())[0]).toBe(0x25);

    // Only crew review; accepting credits the person.
    expect((await post(`${tracker}/tasks/${openCall.number}`, other, { intent: "review", submission: subs[0]!.id, decision: "accepted" })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await post(`${tracker}/tasks/${openCall.number}`, crew, { intent: "review", submission: subs[0]!.id, decision: "accepted", reviewNote: "Lovely." })).status).toBe(200);
    expect((await post(`${tracker}/tasks/${openCall.number}`, crew, { intent: "review", submission: subs[1]!.id, decision: "changes", reviewNote: "Warmer colours?" })).status).toBe(200);
    const profile = await (await get(`/u/${member.handle}`)).text();
    expect(profile).toContain('data-testid="credits"');
    expect(profile).toContain("Design the poster");
    expect(await (await get(`/u/${other.handle}`)).text()).not.toContain('data-testid="credits"');

    // Progress counts what the "done" flag says, per type.
    const page = await (await get(tracker)).text();
    expect(page).toMatch(/data-testid="progress-by-type"[\s\S]*Editing[\s\S]*1\/1/);
    expect(page).toMatch(/data-testid="progress-by-type"[\s\S]*Poster[\s\S]*0\/1/);
    // A producer renames "done": the flag, not the name, still counts it.
    await db.taskStatus.update({ where: { id: status("done").id }, data: { name: "Wrapped" } });
    expect(await (await get(tracker)).text()).toMatch(/Editing[\s\S]*1\/1/);
    // Visitors read the board; they cannot move anything.
    expect((await get(tracker)).status).toBe(200);
    expect((await fetch(`${base}${tracker}`, { method: "POST", redirect: "manual", headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" }, body: "intent=status" })).status).toBe(302);
  });
});

describe("the production's lists", () => {
  it("producers add statuses with flags and task types; the flags, not the names, drive progress and rights", async () => {
    const { producer, crew, member, production, type, tracker } = await setting();
    expect((await get(`${tracker}/settings`, crew)).status).toBe(403);
    expect((await post(`${tracker}/settings`, crew, { intent: "addType", name: "Catering" })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await post(`${tracker}/settings`, producer, { intent: "addType", name: "Catering" })).status).toBe(200);
    expect((await post(`${tracker}/settings`, producer, { intent: "addType", name: "catering" })).status).toBe(200);
    expect(await db.taskType.count({ where: { productionId: production.id, key: "catering" } })).toBe(1);
    const added = await post(`${tracker}/settings`, producer, { intent: "addStatus", name: "Approved by the director", colour: "#227722", setBy: "crew", isDone: "on" });
    expect(added.status).toBe(200);
    const approved = await db.taskStatus.findFirstOrThrow({ where: { productionId: production.id, name: "Approved by the director" } });
    expect(approved.isDone && approved.setBy === "crew").toBe(true);
    const task = await createTask(production.id, producer.id, { title: "Pick the lamp", typeId: type("design").id, assigneeIds: [member.id] });
    // The assignee cannot set a crew-only status; crew can, and it counts as done.
    expect((await post(tracker, member, { intent: "status", number: String(task.number), statusId: approved.id })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await post(tracker, crew, { intent: "status", number: String(task.number), statusId: approved.id })).status).toBe(200);
    expect(await (await get(tracker)).text()).toMatch(/data-testid="progress-by-type"[\s\S]*Design[\s\S]*1\/1/);
  });
});

describe("a big production", () => {
  it("the board shows fifty cards a column and counts the rest; the list goes page by page with its filters", async () => {
    const { producer, production, status, type, tracker } = await setting();
    await db.task.createMany({
      data: Array.from({ length: 260 }, (_, i) => ({ productionId: production.id, number: i + 1, title: `Rotoscope frame ${i + 1}`, typeId: type(i % 2 ? "vfx" : "design").id, statusId: status("todo").id, rank: i })),
    });
    const board = await (await get(tracker, producer)).text();
    expect(board.match(/data-testid="task-\d+"/g)).toHaveLength(50);
    expect(board).toContain("210 more in the list");
    const first = await (await get(`${tracker}?view=list&type=${type("vfx").id}`, producer)).text();
    expect(first).toMatch(/data-testid="task-count"[^>]*>130 tasks/);
    expect(first).not.toContain('data-testid="list-range"');
    const all = await (await get(`${tracker}?view=list&sort=number`, producer)).text();
    expect(all).toContain("Tasks 1 to 200 of 260");
    expect(all).toMatch(/href="[^"]*tracker\?view=list&amp;sort=number&amp;page=2"[^>]*>Next →/);
    const second = await (await get(`${tracker}?view=list&sort=number&page=2`, producer)).text();
    expect(second).toContain("Tasks 201 to 260 of 260");
    expect(second).toContain("T-<!-- -->260<!-- --> <!-- -->Rotoscope frame 260");
    expect(second).not.toContain("Rotoscope frame 200<");
  });
});

describe("notifications", () => {
  it("for assignments, mentions of members, reviews of one's work and changes to followed tasks", async () => {
    const { producer, crew, member, other, production, type, tracker } = await setting();
    const outsider = await testUser("outsider");
    const task = await createTask(production.id, crew.id, { title: "Subtitles in French", typeId: type("subtitles").id, open: true, assigneeIds: [member.id] });
    const kinds = async (user: TestUser) => (await db.notification.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } })).map((n) => n.kind);
    expect(await kinds(member)).toEqual(["assigned"]);
    // Mentions reach members, not outsiders, and not twice.
    await post(`${tracker}/tasks/${task.number}`, producer, { intent: "comment", body: `@${other.handle} could you check the timing? cc @${outsider.handle} @${other.handle}` });
    expect(await kinds(other)).toEqual(["mentioned"]);
    expect(await kinds(outsider)).toEqual([]);
    // The assignee follows the task: the comment reached her as a change.
    expect(await kinds(member)).toEqual(["assigned", "changed"]);
    await post(`${tracker}/tasks/${task.number}`, other, { intent: "submit", note: "Timed to the teaser." });
    expect(await kinds(crew)).toContain("submitted");
    const submission = await db.submission.findFirstOrThrow({ where: { taskId: task.id } });
    await post(`${tracker}/tasks/${task.number}`, crew, { intent: "review", submission: submission.id, decision: "declined" });
    expect((await kinds(other)).at(-1)).toBe("reviewed");
    // The unread count is in the header; reading the list marks them read.
    const header = await (await get("/", other)).text();
    expect(header).toMatch(/data-testid="unread"[^>]*>\d+ new/);
    const list = await (await get("/notifications", other)).text();
    expect(list).toContain("reviewed your work on T-");
    expect(list).toContain("Declined");
    // Marked read by the form, without JavaScript: the page it answers has no unread left in its header.
    const marked = await post("/notifications", other, {});
    expect(marked.status).toBe(200);
    expect(await marked.text()).not.toContain('data-testid="unread"');
    expect(await db.notification.count({ where: { userId: other.id, readAt: null } })).toBe(0);
    expect(await (await get("/notifications", other)).text()).not.toContain('data-testid="unread"');
  });
});
