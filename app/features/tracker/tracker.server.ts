// The production tracker in PostgreSQL: default lists, scenes kept in step with the
// script, tasks (numbered T-1, T-2 … per production), open calls with submissions and
// reviews, and the figures the board, the lists and the progress chart show.
import { currentScript, scriptDocName } from "~/features/script/script.server";
import { scriptReport, type SceneReport } from "~/features/script/reports";
import type { Viewer } from "~/lib/context";
import { db } from "~/lib/db.server";
import { productionRead } from "~/features/productions/production-read.server";
import { notFound } from "~/lib/http.server";
import type { Resource, Role } from "~/lib/policy";
import { defaultStatuses, defaultTaskTypes, mentionsIn, type ReviewDecision } from "./defaults";
import { notify } from "./notifications.server";
import { matchScenes } from "./scene-sync";

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** The production and the asking person's role in it. */
export async function trackerOf(slug: string, viewer: Pick<Viewer, "id"> | null) {
  const read = (await productionRead(slug, viewer?.id)) ?? notFound();
  const { row: production, role } = read;
  await ensureTracker(production.id);
  return { production: { id: production.id, slug: production.slug, title: production.title }, role };
}

/** Default statuses and task types, made on first use (names are translated when shown). */
export async function ensureTracker(productionId: string) {
  if (await db.taskStatus.findFirst({ where: { productionId }, select: { id: true } })) return;
  await db.taskStatus.createMany({
    data: defaultStatuses.map((s, position) => ({
      productionId,
      key: s.key,
      name: "",
      colour: s.colour,
      position,
      isDone: s.isDone ?? false,
      isRetake: s.isRetake ?? false,
      needsReview: s.needsReview ?? false,
      setBy: s.setBy ?? "member",
      isDefault: s.isDefault ?? false,
    })),
    skipDuplicates: true,
  });
  await db.taskType.createMany({ data: defaultTaskTypes.map((key, position) => ({ productionId, key, name: "", position })), skipDuplicates: true });
}

export async function listsOf(productionId: string) {
  const [statuses, types] = await Promise.all([
    db.taskStatus.findMany({ where: { productionId }, orderBy: { position: "asc" } }),
    db.taskType.findMany({ where: { productionId }, orderBy: { position: "asc" } }),
  ]);
  return { statuses, types };
}

// ─── scenes from the script ─────────────────────────────────────────────────

/**
 * Bring the scenes in step with the script now: renamed scenes keep their rows (and
 * tasks), cut ones are flagged, new ones added; cast and locations join the breakdown.
 */
export async function syncScenes(productionId: string, scenes?: SceneReport[]) {
  // An import passes the scenes its worker read; live edits read them here.
  const report = { scenes: scenes ?? scriptReport(await currentScript(scriptDocName(productionId))).scenes };
  await db.$transaction(
    async (tx) => {
      // One sync at a time per production: two would both add the same new scenes.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`scenes:${productionId}`}))`;
      const stored = await tx.scene.findMany({ where: { productionId }, orderBy: { position: "asc" }, select: { id: true, heading: true, missingSince: true } });
      const match = matchScenes(
        stored.map((s) => ({ id: s.id, heading: s.heading, missing: s.missingSince !== null })),
        report.scenes,
      );
      const facts = (i: number) => {
        const s = report.scenes[i]!;
        return { number: s.number, heading: s.heading, intExt: s.intExt, location: s.location, timeOfDay: s.timeOfDay, eighths: s.eighths, characters: s.characters, position: i, missingSince: null };
      };
      const byId = new Map(stored.map((s) => [s.id, s]));
      const sceneIds: string[] = new Array(report.scenes.length);
      for (const k of match.kept) {
        const before = byId.get(k.id)!;
        await tx.scene.update({ where: { id: k.id }, data: { ...facts(k.index), ...(k.renamed && before.heading !== report.scenes[k.index]!.heading ? { previousHeading: before.heading } : {}) } });
        sceneIds[k.index] = k.id;
      }
      for (const i of match.added) {
        const created = await tx.scene.create({ data: { productionId, ...facts(i) }, select: { id: true } });
        sceneIds[i] = created.id;
      }
      const cutAt = new Date();
      await tx.scene.updateMany({ where: { id: { in: match.cut }, missingSince: null }, data: { missingSince: cutAt } });
      await linkBreakdown(tx, productionId, report.scenes, sceneIds);
    },
    { timeout: 60_000 },
  );
}

/** Cast from the cues, locations from the headings: breakdown elements linked to their wiki pages. */
async function linkBreakdown(tx: Tx, productionId: string, scenes: { characters: string[]; location: string }[], sceneIds: string[]) {
  const wanted = new Map<string, { kind: string; name: string }>();
  for (const s of scenes) {
    for (const c of s.characters) wanted.set(`cast|${c}`, { kind: "cast", name: c });
    if (s.location) wanted.set(`location|${s.location}`, { kind: "location", name: s.location });
  }
  if (!wanted.size) return;
  const pages = await tx.wikiPage.findMany({ where: { productionId, category: { in: ["character", "location"] } }, select: { id: true, title: true, category: true } });
  const pageFor = (kind: string, name: string) =>
    pages.find((p) => (kind === "cast" ? p.category === "character" && p.title.toUpperCase() === name : p.category === "location" && name.includes(p.title.toUpperCase())))?.id ?? null;
  await tx.breakdownElement.createMany({
    data: [...wanted.values()].map((e) => ({ productionId, kind: e.kind, name: e.name, wikiPageId: pageFor(e.kind, e.name) })),
    skipDuplicates: true,
  });
  const elements = await tx.breakdownElement.findMany({ where: { productionId, kind: { in: ["cast", "location"] } }, select: { id: true, kind: true, name: true } });
  const idOf = new Map(elements.map((e) => [`${e.kind}|${e.name}`, e.id]));
  const links: { sceneId: string; elementId: string }[] = [];
  scenes.forEach((s, i) => {
    for (const c of s.characters) links.push({ sceneId: sceneIds[i]!, elementId: idOf.get(`cast|${c}`)! });
    if (s.location) links.push({ sceneId: sceneIds[i]!, elementId: idOf.get(`location|${s.location}`)! });
  });
  // Cast and locations follow the script; props, costumes and VFX are the crew's.
  await tx.sceneElement.deleteMany({ where: { sceneId: { in: sceneIds }, element: { kind: { in: ["cast", "location"] } } } });
  await tx.sceneElement.createMany({ data: links.filter((l) => l.sceneId && l.elementId), skipDuplicates: true });
}

// ─── tasks ──────────────────────────────────────────────────────────────────

export type NewTask = {
  title: string;
  description?: string;
  typeId: string;
  sceneId?: string | null;
  shotId?: string | null;
  elementId?: string | null;
  open?: boolean;
  priority?: number;
  dueDate?: Date | null;
  estimateHours?: number | null;
  assigneeIds?: string[];
};

export async function createTask(productionId: string, userId: string, input: NewTask) {
  const task = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`tasks:${productionId}`}))`;
    const last = await tx.task.findFirst({ where: { productionId }, orderBy: { number: "desc" }, select: { number: true } });
    const status = await tx.taskStatus.findFirstOrThrow({ where: { productionId }, orderBy: [{ isDefault: "desc" }, { position: "asc" }], select: { id: true } });
    return tx.task.create({
      data: {
        productionId,
        number: (last?.number ?? 0) + 1,
        title: input.title,
        description: input.description ?? "",
        typeId: input.typeId,
        statusId: status.id,
        sceneId: input.sceneId ?? null,
        shotId: input.shotId ?? null,
        elementId: input.elementId ?? null,
        open: input.open ?? false,
        priority: input.priority ?? 2,
        dueDate: input.dueDate ?? null,
        estimateHours: input.estimateHours ?? null,
        rank: Date.now(),
        createdById: userId,
        assignees: { create: (input.assigneeIds ?? []).map((id) => ({ userId: id })) },
        followers: { create: [...new Set([userId, ...(input.assigneeIds ?? [])])].map((id) => ({ userId: id })) },
      },
      select: { id: true, number: true },
    });
  });
  await event(productionId, userId, "task.created", { number: task.number, title: input.title });
  await notify((input.assigneeIds ?? []).filter((id) => id !== userId), { kind: "assigned", productionId, taskId: task.id, actorId: userId });
  return task;
}

/** A task by its number, with what the page and the policy need. */
export async function taskFor(productionId: string, number: number, viewerId: string | undefined) {
  const task = await db.task.findUnique({
    where: { productionId_number: { productionId, number } },
    include: {
      type: true,
      status: true,
      scene: { select: { id: true, number: true, heading: true, missingSince: true } },
      shot: { select: { id: true, number: true } },
      element: { select: { id: true, kind: true, name: true } },
      assignees: { select: { user: { select: { id: true, handle: true, displayName: true } } } },
      followers: { select: { userId: true } },
      submissions: { orderBy: { createdAt: "asc" }, include: { user: { select: { handle: true, displayName: true } }, reviewer: { select: { displayName: true } } } },
      comments: { orderBy: { createdAt: "asc" }, include: { author: { select: { handle: true, displayName: true } } } },
      createdBy: { select: { handle: true, displayName: true } },
    },
  });
  if (!task) notFound();
  const assigned = viewerId !== undefined && task.assignees.some((a) => a.user.id === viewerId);
  return { task, assigned, following: viewerId !== undefined && task.followers.some((f) => f.userId === viewerId) };
}

export function taskResource(role: Role | null, task: { open: boolean }, assigned: boolean, statusSetBy?: string): Resource {
  return { type: "task", role, assigned, open: task.open, ...(statusSetBy ? { statusSetBy: statusSetBy === "crew" ? "crew" : "member" } : {}) };
}

/** Everyone who hears about a task's changes: its followers and assignees, not the actor. */
async function audience(taskId: string, actorId: string) {
  const rows = await db.task.findUniqueOrThrow({ where: { id: taskId }, select: { followers: { select: { userId: true } }, assignees: { select: { userId: true } } } });
  return [...new Set([...rows.followers, ...rows.assignees].map((r) => r.userId))].filter((id) => id !== actorId);
}

export async function setStatus(task: { id: string; productionId: string; number: number }, statusId: string, actorId: string, rank?: number) {
  const status = await db.taskStatus.findFirst({ where: { id: statusId, productionId: task.productionId } });
  if (!status) return null;
  // A done task's call is answered: it leaves the open calls and loses its badge.
  await db.task.update({ where: { id: task.id }, data: { statusId, ...(status.isDone ? { open: false } : {}), ...(rank !== undefined ? { rank } : {}) } });
  await event(task.productionId, actorId, "task.status", { number: task.number, status: status.key });
  await notify(await audience(task.id, actorId), { kind: "changed", productionId: task.productionId, taskId: task.id, actorId, data: { status: status.key } });
  return status;
}

export async function updateTask(task: { id: string; productionId: string }, input: Partial<NewTask>, actorId: string) {
  const before = await db.taskAssignee.findMany({ where: { taskId: task.id }, select: { userId: true } });
  await db.$transaction(async (tx) => {
    const { assigneeIds, ...fields } = input;
    await tx.task.update({ where: { id: task.id }, data: fields });
    if (assigneeIds) {
      await tx.taskAssignee.deleteMany({ where: { taskId: task.id, userId: { notIn: assigneeIds } } });
      await tx.taskAssignee.createMany({ data: assigneeIds.map((userId) => ({ taskId: task.id, userId })), skipDuplicates: true });
      await tx.taskFollow.createMany({ data: assigneeIds.map((userId) => ({ taskId: task.id, userId })), skipDuplicates: true });
    }
  });
  const added = (input.assigneeIds ?? []).filter((id) => !before.some((b) => b.userId === id) && id !== actorId);
  await notify(added, { kind: "assigned", productionId: task.productionId, taskId: task.id, actorId });
}

/** A member takes an open call: assigned, following. */
export async function claimTask(task: { id: string; productionId: string; number: number }, userId: string) {
  await db.taskAssignee.createMany({ data: [{ taskId: task.id, userId }], skipDuplicates: true });
  await db.taskFollow.createMany({ data: [{ taskId: task.id, userId }], skipDuplicates: true });
  await event(task.productionId, userId, "task.claimed", { number: task.number });
  await notify(await audience(task.id, userId), { kind: "changed", productionId: task.productionId, taskId: task.id, actorId: userId, data: { claimed: true } });
}

export async function follow(taskId: string, userId: string, on: boolean) {
  if (on) await db.taskFollow.createMany({ data: [{ taskId, userId }], skipDuplicates: true });
  else await db.taskFollow.deleteMany({ where: { taskId, userId } });
}

export async function addTaskComment(task: { id: string; productionId: string }, authorId: string, body: string) {
  const comment = await db.taskComment.create({ data: { taskId: task.id, authorId, body }, select: { id: true } });
  await db.taskFollow.createMany({ data: [{ taskId: task.id, userId: authorId }], skipDuplicates: true });
  // Mentions reach members of the production only.
  const handles = mentionsIn(body);
  const mentioned = handles.length
    ? await db.user.findMany({ where: { handle: { in: handles }, memberships: { some: { productionId: task.productionId } } }, select: { id: true } })
    : [];
  const mentionedIds = mentioned.map((u) => u.id).filter((id) => id !== authorId);
  await notify(mentionedIds, { kind: "mentioned", productionId: task.productionId, taskId: task.id, actorId: authorId, data: { excerpt: body.slice(0, 140) } });
  await notify((await audience(task.id, authorId)).filter((id) => !mentionedIds.includes(id)), {
    kind: "changed",
    productionId: task.productionId,
    taskId: task.id,
    actorId: authorId,
    data: { comment: true },
  });
  return comment;
}

// ─── submissions ────────────────────────────────────────────────────────────

export async function submitWork(task: { id: string; productionId: string; number: number }, userId: string, input: { note: string; file?: { name: string; type: string; size: number; sha256: string } | null }) {
  const submission = await db.submission.create({
    data: {
      taskId: task.id,
      userId,
      note: input.note,
      ...(input.file ? { fileName: input.file.name, fileType: input.file.type, fileSize: input.file.size, fileSha256: input.file.sha256 } : {}),
    },
    select: { id: true },
  });
  await db.taskFollow.createMany({ data: [{ taskId: task.id, userId }], skipDuplicates: true });
  await event(task.productionId, userId, "task.submitted", { number: task.number });
  // Crew hear about work waiting for review.
  const crew = await db.membership.findMany({ where: { productionId: task.productionId, role: { in: ["crew", "producer"] } }, select: { userId: true } });
  await notify(crew.map((c) => c.userId).filter((id) => id !== userId), { kind: "submitted", productionId: task.productionId, taskId: task.id, actorId: userId });
  return submission;
}

export { reviewDecisions, type ReviewDecision } from "./defaults";

export async function reviewSubmission(submissionId: string, task: { id: string; productionId: string; number: number }, reviewerId: string, decision: ReviewDecision, note: string) {
  const submission = await db.submission.findFirst({ where: { id: submissionId, taskId: task.id }, select: { id: true, userId: true } });
  if (!submission) return null;
  await db.submission.update({ where: { id: submission.id }, data: { status: decision, reviewerId, reviewNote: note || null, reviewedAt: new Date() } });
  if (decision === "accepted") {
    // Accepted work is the person's part of the task: assigned, so the credit is theirs.
    await db.taskAssignee.createMany({ data: [{ taskId: task.id, userId: submission.userId }], skipDuplicates: true });
  }
  await event(task.productionId, reviewerId, "task.reviewed", { number: task.number, decision });
  await notify([submission.userId].filter((id) => id !== reviewerId), { kind: "reviewed", productionId: task.productionId, taskId: task.id, actorId: reviewerId, data: { decision } });
  return submission;
}

/** Accepted submissions: the work a person is credited for. */
export async function acceptedWorkOf(userId: string) {
  return db.submission.findMany({
    where: { userId, status: "accepted" },
    orderBy: { reviewedAt: "desc" },
    take: 100,
    select: { reviewedAt: true, task: { select: { number: true, title: true, type: { select: { key: true, name: true } }, production: { select: { slug: true, title: true } } } } },
  });
}

// ─── board, lists, progress ─────────────────────────────────────────────────

export type TaskFilters = { type?: string; status?: string; scene?: string; person?: string; open?: boolean; mine?: string; q?: string };
export const taskSorts = ["rank", "number", "due", "priority", "title"] as const;
export type TaskSort = (typeof taskSorts)[number];

const orderFor: Record<TaskSort, object[]> = {
  rank: [{ rank: "asc" }, { number: "asc" }],
  number: [{ number: "asc" }],
  due: [{ dueDate: { sort: "asc", nulls: "last" } }, { number: "asc" }],
  priority: [{ priority: "asc" }, { number: "asc" }],
  title: [{ title: "asc" }],
};

function whereFor(productionId: string, filters: TaskFilters) {
  return {
    productionId,
    ...(filters.type ? { typeId: filters.type } : {}),
    ...(filters.status ? { statusId: filters.status } : {}),
    ...(filters.scene ? { sceneId: filters.scene } : {}),
    ...(filters.open ? { open: true } : {}),
    ...(filters.person ? { assignees: { some: { user: { handle: filters.person } } } } : {}),
    ...(filters.mine ? { assignees: { some: { userId: filters.mine } } } : {}),
    ...(filters.q ? { title: { contains: filters.q, mode: "insensitive" as const } } : {}),
  };
}

const cardFields = {
  id: true,
  number: true,
  title: true,
  open: true,
  priority: true,
  dueDate: true,
  rank: true,
  statusId: true,
  typeId: true,
  scene: { select: { number: true, missingSince: true } },
  assignees: { select: { user: { select: { handle: true, displayName: true } } } },
} as const;

export const listPageSize = 200;

export async function listTasks(productionId: string, filters: TaskFilters, sort: TaskSort = "number", page = 1) {
  const where = whereFor(productionId, filters);
  const [tasks, total] = await Promise.all([
    db.task.findMany({
      where,
      orderBy: orderFor[sort] as never,
      // Joined relations would be computed for every skipped row too: ten times slower on later pages.
      relationLoadStrategy: "query",
      skip: (page - 1) * listPageSize,
      take: listPageSize,
      select: cardFields,
    }),
    db.task.count({ where }),
  ]);
  return { tasks, total };
}

/** The board: the first cards of every status column (by rank) and how many each holds. */
export async function boardOf(productionId: string, statusIds: string[], filters: TaskFilters, perColumn = 50) {
  const where = whereFor(productionId, filters);
  const [columns, counts] = await Promise.all([
    Promise.all(statusIds.map((statusId) => db.task.findMany({ where: { ...where, statusId }, orderBy: orderFor.rank as never, take: perColumn, select: cardFields }))),
    db.task.groupBy({ by: ["statusId"], where, _count: { _all: true } }),
  ]);
  const count = new Map(counts.map((c) => [c.statusId, c._count._all]));
  return { tasks: columns.flat(), counts: Object.fromEntries(statusIds.map((id) => [id, count.get(id) ?? 0])), total: counts.reduce((n, c) => n + c._count._all, 0) };
}

type Tally = { id: string; done: bigint; total: bigint };
const tallies = (rows: Tally[]) => new Map(rows.map((r) => [r.id, { done: Number(r.done), total: Number(r.total) }]));

/** Done and total per task type, by the statuses' "done" flag. */
export async function progressByType(productionId: string) {
  return tallies(await db.$queryRaw<Tally[]>`
    SELECT t."typeId" AS id, count(*) FILTER (WHERE s."isDone") AS done, count(*) AS total
    FROM "Task" t JOIN "TaskStatus" s ON s.id = t."statusId"
    WHERE t."productionId" = ${productionId} GROUP BY t."typeId"`);
}

/** Done and total per scene, by the statuses' "done" flag. */
export async function progressByScene(productionId: string) {
  return tallies(await db.$queryRaw<Tally[]>`
    SELECT t."sceneId" AS id, count(*) FILTER (WHERE s."isDone") AS done, count(*) AS total
    FROM "Task" t JOIN "TaskStatus" s ON s.id = t."statusId"
    WHERE t."productionId" = ${productionId} AND t."sceneId" IS NOT NULL GROUP BY t."sceneId"`);
}

async function event(productionId: string, actorId: string, kind: string, data: { number: number } & Record<string, unknown>) {
  // "subject" is what the production's activity list names.
  await db.productionEvent.create({ data: { productionId, actorId, kind, data: { ...data, subject: `T-${data.number}` } as never } });
}

// ─── the production's lists ─────────────────────────────────────────────────

const keyOf = (name: string) =>
  name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40) || "custom";

export async function addTaskType(productionId: string, name: string) {
  const last = await db.taskType.findFirst({ where: { productionId }, orderBy: { position: "desc" }, select: { position: true } });
  const key = keyOf(name);
  if (await db.taskType.findUnique({ where: { productionId_key: { productionId, key } } })) return null;
  return db.taskType.create({ data: { productionId, key, name, position: (last?.position ?? 0) + 1 } });
}

export async function renameTaskType(productionId: string, id: string, name: string) {
  await db.taskType.updateMany({ where: { id, productionId }, data: { name } });
}

export type StatusInput = { name: string; colour: string; isDone: boolean; isRetake: boolean; needsReview: boolean; setBy: "member" | "crew" };

export async function addStatus(productionId: string, input: StatusInput) {
  const last = await db.taskStatus.findFirst({ where: { productionId }, orderBy: { position: "desc" }, select: { position: true } });
  const key = keyOf(input.name);
  if (await db.taskStatus.findUnique({ where: { productionId_key: { productionId, key } } })) return null;
  return db.taskStatus.create({ data: { productionId, key, position: (last?.position ?? 0) + 1, ...input } });
}

export async function updateStatus(productionId: string, id: string, input: StatusInput) {
  await db.taskStatus.updateMany({ where: { id, productionId }, data: input });
}
