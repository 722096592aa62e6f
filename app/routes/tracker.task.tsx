import { Form, Link } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/tracker.task";
import { quotaVars } from "~/features/media/quota";
import { storageProblem } from "~/features/media/quota.server";
import { useListLabels } from "~/features/tracker/components/labels";
import { reviewDecisions } from "~/features/tracker/defaults";
import { MAX_SUBMISSION_BYTES, sha256, sniffSubmission, storeSubmissionFile } from "~/features/tracker/submission-file.server";
import {
  addTaskComment,
  claimTask,
  follow,
  listsOf,
  reviewSubmission,
  setStatus,
  submitWork,
  taskFor,
  taskResource,
  trackerOf,
  updateTask,
} from "~/features/tracker/tracker.server";
import { db } from "~/lib/db.server";
import { fail, optionalText, parseForm, requiredText } from "~/lib/forms";
import { MiB, type BodyLimitHandle } from "~/lib/body-limit";
import { authorize, localeOf, policyUser, requireViewer, tFor, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { ErrorText, FormAlert, Notice } from "~/ui/form";
import { useFormatDate, useT } from "~/ui/i18n";

function numberOf(param: string) {
  const n = /^\d{1,9}$/.test(param) ? Number(param) : 0;
  if (!n) throw new Response("Not found", { status: 404 });
  return n;
}

/** A submitted file (≤ 7 MB, MAX_SUBMISSION_BYTES) and its note. */
export const handle: BodyLimitHandle = { bodyLimit: 8 * MiB };

export async function loader({ context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, role } = await trackerOf(params.slug, viewer);
  const { task, assigned, following } = await taskFor(production.id, numberOf(params.number), viewer?.id);
  const [{ statuses }, members] = await Promise.all([
    listsOf(production.id),
    db.membership.findMany({ where: { productionId: production.id }, orderBy: { joinedAt: "asc" }, select: { user: { select: { id: true, displayName: true } } } }),
  ]);
  const user = policyUser(viewer);
  const resource = taskResource(role, task, assigned);
  return {
    production: { slug: production.slug, title: production.title },
    task: {
      ...task,
      dueDate: task.dueDate?.toISOString().slice(0, 10) ?? "",
      submissions: task.submissions.map((s) => ({ ...s, mine: s.userId === viewer?.id })),
    },
    statuses: statuses.map((s) => ({
      id: s.id,
      key: s.key,
      name: s.name,
      allowed: can(user, "setStatus", taskResource(role, task, assigned, s.setBy)),
    })),
    members: members.map((m) => m.user),
    following,
    loggedIn: viewer !== null,
    may: {
      update: can(user, "update", resource),
      claim: can(user, "claim", resource),
      submit: can(user, "submit", resource),
      review: can(user, "review", resource),
      comment: can(user, "comment", resource),
      assign: can(user, "manageTracker", { type: "production", role }),
    },
  };
}

const editSchema = z.object({
  title: requiredText(200),
  description: optionalText(5000),
  priority: z.enum(["1", "2", "3"], { message: "field.choice" }).transform(Number),
  dueDate: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "field.date")]).transform((v) => (v ? new Date(`${v}T00:00:00Z`) : null)),
  estimateHours: z.union([z.literal(""), z.coerce.number().min(0, "field.number").max(10_000, "field.number")]).transform((v) => (v === "" ? null : v)),
});

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, role } = await trackerOf(params.slug, viewer);
  const { task, assigned } = await taskFor(production.id, numberOf(params.number), viewer.id);
  const t = tFor(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const resource = taskResource(role, task, assigned);
  switch (intent) {
    case "status": {
      const status = await db.taskStatus.findFirst({ where: { id: String(form.get("statusId") ?? ""), productionId: production.id } });
      if (!status) throw new Response("No such status", { status: 404 });
      authorize(context, request, "setStatus", taskResource(role, task, assigned, status.setBy));
      await setStatus(task, status.id, viewer.id);
      return { ok: true as const, intent, notice: t("tracker.statusChanged") };
    }
    case "claim":
      authorize(context, request, "claim", resource);
      await claimTask(task, viewer.id);
      return { ok: true as const, intent, notice: t("tracker.claimed") };
    case "follow":
    case "unfollow":
      authorize(context, request, "comment", resource);
      await follow(task.id, viewer.id, intent === "follow");
      return { ok: true as const, intent, notice: "" };
    case "comment": {
      authorize(context, request, "comment", resource);
      const parsed = parseForm(z.object({ body: requiredText(4000) }), form, ["body"]);
      if (!parsed.ok) return { ...parsed, intent };
      await addTaskComment(task, viewer.id, parsed.data.body);
      return { ok: true as const, intent, notice: "" };
    }
    case "edit": {
      authorize(context, request, "update", resource);
      const parsed = parseForm(editSchema, form, ["title", "description", "priority", "dueDate", "estimateHours"]);
      if (!parsed.ok) return { ...parsed, intent };
      const lead = can(policyUser(viewer), "manageTracker", { type: "production", role });
      // Whether a task is an open call, and who does it, is for crew to say.
      const extra = lead
        ? { open: form.get("open") === "on", assigneeIds: (await db.membership.findMany({ where: { productionId: production.id, userId: { in: form.getAll("assignees").map(String) } }, select: { userId: true } })).map((m) => m.userId) }
        : {};
      await updateTask(task, { ...parsed.data, ...extra }, viewer.id);
      return { ok: true as const, intent, notice: t("tracker.saved") };
    }
    case "submit": {
      authorize(context, request, "submit", resource);
      const note = String(form.get("note") ?? "").trim().slice(0, 4000);
      const file = form.get("file");
      const hasFile = file instanceof File && file.size > 0;
      if (!note && !hasFile) return { ...fail(form, { note: { key: "tracker.submitEmpty" } }), intent };
      let facts: { name: string; type: string; size: number; sha256: string } | null = null;
      let bytes: Uint8Array | null = null;
      if (hasFile) {
        if (file.size > MAX_SUBMISSION_BYTES) return { ...fail(form, { file: { key: "tracker.fileTooLarge" } }), intent };
        bytes = new Uint8Array(await file.arrayBuffer());
        const kind = sniffSubmission(bytes);
        if (!kind) return { ...fail(form, { file: { key: "tracker.fileType" } }), intent };
        // Over the allowance: refused with the numbers, the note kept in the form.
        const full = await storageProblem({ personId: viewer.id, productionId: production.id, size: bytes.length });
        if (full) return { ...fail(form, { file: { key: full.key, vars: quotaVars(full, localeOf(request)) } }), intent };
        // The name is kept for people to read, never used as a path.
        // eslint-disable-next-line no-control-regex -- control characters are what is replaced
        facts = { name: file.name.replace(/[\\/\u0000-\u001f]/g, "_").slice(0, 200), type: kind.type, size: bytes.length, sha256: sha256(bytes) };
      }
      const submission = await submitWork(task, viewer.id, { note, file: facts });
      if (bytes) await storeSubmissionFile(submission.id, bytes);
      return { ok: true as const, intent, notice: t("tracker.submitted") };
    }
    case "review": {
      authorize(context, request, "review", resource);
      const decision = String(form.get("decision") ?? "");
      if (!(reviewDecisions as readonly string[]).includes(decision)) throw new Response("Unknown decision", { status: 400 });
      const reviewed = await reviewSubmission(String(form.get("submission") ?? ""), task, viewer.id, decision as (typeof reviewDecisions)[number], String(form.get("reviewNote") ?? "").trim().slice(0, 4000));
      if (!reviewed) throw new Response("No such submission", { status: 404 });
      return { ok: true as const, intent, notice: t("tracker.reviewed") };
    }
  }
  throw new Response("Unknown intent", { status: 400 });
}

export default function TaskPage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const labels = useListLabels();
  const { production, task, may } = loaderData;
  const base = `/p/${production.slug}/tracker`;
  const failed = actionData && !actionData.ok ? actionData : undefined;
  const failedFor = (intent: string) => (failed && failed.intent === intent ? failed : undefined);
  return (
    <article className="page">
      <title>{`T-${task.number} ${task.title} — ${production.title}`}</title>
      <h1>
        T-{task.number} {task.title}
      </h1>
      {actionData?.ok && actionData.notice ? <Notice>{actionData.notice}</Notice> : null}
      <dl className="facts" data-testid="task-facts">
        <dt>{t("tracker.type")}</dt>
        <dd>{labels.type(task.type)}</dd>
        <dt>{t("tracker.status")}</dt>
        <dd data-testid="task-status">{labels.status(task.status)}</dd>
        {task.scene ? (
          <>
            <dt>{t("tracker.scene")}</dt>
            <dd>
              <Link to={`${base}/scenes/${task.scene.id}`}>
                {task.scene.number}. {task.scene.heading}
              </Link>
              {task.scene.missingSince ? <span className="badge badge-warning">{t("tracker.sceneCut")}</span> : null}
            </dd>
          </>
        ) : null}
        {task.shot ? (
          <>
            <dt>{t("tracker.shot")}</dt>
            <dd>{task.scene ? `${task.scene.number}-${task.shot.number}` : task.shot.number}</dd>
          </>
        ) : null}
        {task.element ? (
          <>
            <dt>{t("tracker.element")}</dt>
            <dd>
              {t(`tracker.kind.${task.element.kind}` as "tracker.kind.prop")}: {task.element.name}
            </dd>
          </>
        ) : null}
        <dt>{t("tracker.assignees")}</dt>
        <dd data-testid="task-assignees">{task.assignees.map((a) => a.user.displayName).join(", ") || "—"}</dd>
        <dt>{t("tracker.priority")}</dt>
        <dd>{t(`tracker.priority.${task.priority}` as "tracker.priority.2")}</dd>
        {task.dueDate ? (
          <>
            <dt>{t("tracker.due")}</dt>
            <dd>{date(task.dueDate)}</dd>
          </>
        ) : null}
        {task.estimateHours !== null ? (
          <>
            <dt>{t("tracker.estimate")}</dt>
            <dd>{t("tracker.hours", { n: task.estimateHours })}</dd>
          </>
        ) : null}
      </dl>
      {task.open ? <p className="badge">{t("tracker.openCallLead")}</p> : null}
      {task.description ? <p className="prose task-description">{task.description}</p> : null}
      <div className="actions">
        {may.claim ? (
          <Form method="post">
            <button type="submit" name="intent" value="claim">
              {t("tracker.claim")}
            </button>
          </Form>
        ) : null}
        {loaderData.loggedIn && may.comment ? (
          <Form method="post">
            <button type="submit" name="intent" value={loaderData.following ? "unfollow" : "follow"} className="button-secondary">
              {loaderData.following ? t("tracker.unfollow") : t("tracker.follow")}
            </button>
          </Form>
        ) : null}
      </div>
      {loaderData.statuses.some((s) => s.allowed) ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="status" />
          <div className="field">
            <label htmlFor="statusId">{t("tracker.changeStatus")}</label>
            <select id="statusId" name="statusId" defaultValue={task.statusId}>
              {loaderData.statuses
                .filter((s) => s.allowed || s.id === task.statusId)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {labels.status(s)}
                  </option>
                ))}
            </select>
          </div>
          <button type="submit">{t("tracker.save")}</button>
        </Form>
      ) : null}

      <section aria-labelledby="subs-h">
        <h2 id="subs-h">{t("tracker.submissions")}</h2>
        {task.submissions.length ? (
          <ul className="plain-list" data-testid="submissions">
            {task.submissions.map((s) => (
              <li key={s.id} className="submission">
                <p>
                  <Link to={`/u/${s.user.handle}`}>{s.user.displayName}</Link> · {date(s.createdAt)} ·{" "}
                  <strong data-testid="submission-status">{t(`tracker.review.${s.status}` as "tracker.review.pending")}</strong>
                </p>
                {s.note ? <p className="comment-body">{s.note}</p> : null}
                {s.fileName ? (
                  <p>
                    <a href={`${base}/submissions/${s.id}`}>{s.fileName}</a> <span className="muted">({Math.ceil((s.fileSize ?? 0) / 1024)} kB)</span>
                  </p>
                ) : null}
                {s.reviewNote ? (
                  <p className="help">
                    {s.reviewer?.displayName}: {s.reviewNote}
                  </p>
                ) : null}
                {may.review && s.status === "pending" ? (
                  <Form method="post" className="stack">
                    <input type="hidden" name="intent" value="review" />
                    <input type="hidden" name="submission" value={s.id} />
                    <label htmlFor={`note-${s.id}`}>{t("tracker.reviewNote")}</label>
                    <textarea id={`note-${s.id}`} name="reviewNote" rows={2} maxLength={4000} />
                    <div className="actions">
                      {reviewDecisions.map((d) => (
                        <button key={d} type="submit" name="decision" value={d} className={d === "accepted" ? "button-small" : "button-small button-secondary"}>
                          {t(`tracker.decide.${d}`)}
                        </button>
                      ))}
                    </div>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("tracker.noSubmissions")}</p>
        )}
        {may.submit ? (
          <Form method="post" encType="multipart/form-data" className="stack panel" aria-labelledby="submit-h">
            <h3 id="submit-h">{t("tracker.submitWork")}</h3>
            <input type="hidden" name="intent" value="submit" />
            <FormAlert state={failedFor("submit")} />
            <div className="field">
              <label htmlFor="submit-file">{t("tracker.file")}</label>
              <input id="submit-file" name="file" type="file" aria-describedby="submit-file-help submit-file-error" aria-invalid={failedFor("submit")?.errors.file ? true : undefined} />
              <p id="submit-file-help" className="help">
                {t("tracker.fileHelp")}
              </p>
              <ErrorText id="submit-file-error" error={failedFor("submit")?.errors.file} />
            </div>
            <div className="field">
              <label htmlFor="submit-note">{t("tracker.note")}</label>
              <textarea id="submit-note" name="note" rows={3} maxLength={4000} defaultValue={failedFor("submit")?.values.note} aria-describedby="submit-note-error" />
              <ErrorText id="submit-note-error" error={failedFor("submit")?.errors.note} />
            </div>
            <p>
              <button type="submit">{t("tracker.send")}</button>
            </p>
          </Form>
        ) : null}
      </section>

      {may.update ? (
        <details className="panel">
          <summary>{t("tracker.editTask")}</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="edit" />
            <FormAlert state={failedFor("edit")} />
            <div className="field">
              <label htmlFor="title">{t("tracker.taskTitle")}</label>
              <input id="title" name="title" required maxLength={200} defaultValue={task.title} />
            </div>
            <div className="field">
              <label htmlFor="description">{t("tracker.description")}</label>
              <textarea id="description" name="description" rows={4} maxLength={5000} defaultValue={task.description} />
            </div>
            <div className="field">
              <label htmlFor="priority">{t("tracker.priority")}</label>
              <select id="priority" name="priority" defaultValue={String(task.priority)}>
                {[1, 2, 3].map((p) => (
                  <option key={p} value={p}>
                    {t(`tracker.priority.${p}` as "tracker.priority.2")}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="dueDate">{t("tracker.due")}</label>
              <input id="dueDate" name="dueDate" type="date" defaultValue={task.dueDate} />
            </div>
            <div className="field">
              <label htmlFor="estimateHours">{t("tracker.estimate")}</label>
              <input id="estimateHours" name="estimateHours" type="number" min={0} step={0.5} defaultValue={task.estimateHours ?? ""} />
            </div>
            {may.assign ? (
              <>
                <label className="checkbox">
                  <input type="checkbox" name="open" defaultChecked={task.open} /> {t("tracker.markOpen")}
                </label>
                <fieldset>
                  <legend>{t("tracker.assignees")}</legend>
                  {loaderData.members.map((m) => (
                    <label key={m.id} className="checkbox">
                      <input type="checkbox" name="assignees" value={m.id} defaultChecked={task.assignees.some((a) => a.user.id === m.id)} /> {m.displayName}
                    </label>
                  ))}
                </fieldset>
              </>
            ) : null}
            <p>
              <button type="submit">{t("tracker.save")}</button>
            </p>
          </Form>
        </details>
      ) : null}

      <section aria-labelledby="comments-h">
        <h2 id="comments-h">{t("tracker.comments")}</h2>
        {task.comments.length ? (
          <ul className="plain-list" data-testid="task-comments">
            {task.comments.map((c) => (
              <li key={c.id}>
                <p className="comment-meta">
                  {c.author ? <Link to={`/u/${c.author.handle}`}>{c.author.displayName}</Link> : t("script.deletedUser")} · {date(c.createdAt)}
                </p>
                <p className="comment-body">{c.body}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("tracker.noComments")}</p>
        )}
        {may.comment ? (
          <Form method="post" className="stack" key={actionData?.ok && actionData.intent === "comment" ? task.comments.length : "comment"}>
            <input type="hidden" name="intent" value="comment" />
            <FormAlert state={failedFor("comment")} />
            <div className="field">
              <label htmlFor="comment-body">{t("tracker.yourComment")}</label>
              <textarea id="comment-body" name="body" rows={3} maxLength={4000} required aria-describedby="comment-help" defaultValue={failedFor("comment")?.values.body} />
              <p id="comment-help" className="help">
                {t("tracker.mentionHelp")}
              </p>
            </div>
            <p>
              <button type="submit">{t("tracker.postComment")}</button>
            </p>
          </Form>
        ) : null}
      </section>
    </article>
  );
}
