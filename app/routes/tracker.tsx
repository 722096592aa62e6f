import { useState } from "react";
import { Form, Link, useFetcher, useSearchParams } from "react-router";
import type { Route } from "./+types/tracker";
import { ProgressBar, useListLabels } from "~/features/tracker/components/labels";
import { boardOf, listPageSize, listsOf, listTasks, progressByType, setStatus, taskResource, taskSorts, trackerOf, type TaskSort } from "~/features/tracker/tracker.server";
import { db } from "~/lib/db.server";
import { authorize, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { useFormatDate, useT } from "~/ui/i18n";

// The tracker: a board by status (drag a card, or choose its status and move it, by
// keyboard too), a list with filters and sorting, "my tasks", open calls, and progress.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, role } = await trackerOf(params.slug, viewer);
  const url = new URL(request.url);
  const q = (name: string) => url.searchParams.get(name) || undefined;
  const view = q("view") === "list" ? "list" : "board";
  const sort = (taskSorts as readonly string[]).includes(q("sort") ?? "") ? (q("sort") as TaskSort) : view === "board" ? "rank" : "number";
  const filters = { status: q("status"), type: q("type"), scene: q("scene"), person: q("person"), open: q("open") === "1", mine: q("mine") === "1" && viewer ? viewer.id : undefined, q: q("q")?.slice(0, 100) };
  const page = Math.min(1000, Math.max(1, Math.floor(Number(q("page")) || 1)));
  const { statuses, types } = await listsOf(production.id);
  const [{ tasks, total, counts }, progress, scenes, people] = await Promise.all([
    view === "board" ? boardOf(production.id, statuses.map((s) => s.id), filters) : listTasks(production.id, filters, sort, page).then((r) => ({ ...r, counts: {} as Record<string, number> })),
    progressByType(production.id),
    db.scene.findMany({ where: { productionId: production.id }, orderBy: { position: "asc" }, select: { id: true, number: true, heading: true, missingSince: true } }),
    db.membership.findMany({ where: { productionId: production.id }, orderBy: { joinedAt: "asc" }, select: { user: { select: { handle: true, displayName: true } } } }),
  ]);
  const user = policyUser(viewer);
  return {
    production: { slug: production.slug, title: production.title },
    view,
    sort,
    filters: { type: filters.type ?? "", scene: filters.scene ?? "", person: filters.person ?? "", open: filters.open, mine: Boolean(filters.mine), q: filters.q ?? "" },
    statuses: statuses.map((s) => ({ id: s.id, key: s.key, name: s.name, colour: s.colour, isDone: s.isDone, setBy: s.setBy })),
    types: types.map((t) => ({ id: t.id, key: t.key, name: t.name })),
    // Only the moves the policy gives this person: a card they may not move has no Move and no drag.
    tasks: tasks.map((task) => {
      const assigned = viewer !== null && task.assignees.some((a) => a.user.handle === viewer.handle);
      const moveTo = statuses.filter((s) => s.id !== task.statusId && can(user, "setStatus", taskResource(role, task, assigned, s.setBy))).map((s) => s.id);
      return { ...task, dueDate: task.dueDate?.toISOString() ?? null, moveTo };
    }),
    total,
    page,
    pageSize: listPageSize,
    counts,
    progress: types.map((t) => ({ id: t.id, ...(progress.get(t.id) ?? { done: 0, total: 0 }) })),
    scenes: scenes.map((s) => ({ id: s.id, number: s.number, heading: s.heading, cut: s.missingSince !== null })),
    people: people.map((p) => p.user),
    may: { lists: can(user, "editTaskLists", { type: "production", role }), manage: can(user, "manageTracker", { type: "production", role }), lead: role === "producer" || role === "crew" || user?.isAdmin === true },
    loggedIn: viewer !== null,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, role } = await trackerOf(params.slug, viewer);
  const form = await request.formData();
  if (form.get("intent") !== "status") throw new Response("Unknown intent", { status: 400 });
  const task = await db.task.findUnique({
    where: { productionId_number: { productionId: production.id, number: Number(form.get("number")) || 0 } },
    select: { id: true, productionId: true, number: true, open: true, assignees: { where: { userId: viewer.id }, select: { userId: true } } },
  });
  const status = await db.taskStatus.findFirst({ where: { id: String(form.get("statusId") ?? ""), productionId: production.id } });
  if (!task || !status) throw new Response("No such task or status", { status: 404 });
  authorize(context, request, "setStatus", taskResource(role, task, task.assignees.length > 0, status.setBy));
  const rank = Number(form.get("rank"));
  await setStatus(task, status.id, viewer.id, Number.isFinite(rank) && form.get("rank") !== null ? rank : Date.now());
  return { ok: true as const };
}

type Data = Route.ComponentProps["loaderData"];
type Task = Data["tasks"][number];

export default function Tracker({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const labels = useListLabels();
  const { production, view, filters } = loaderData;
  const base = `/p/${production.slug}/tracker`;
  return (
    // The board takes the window's width: its columns side by side, not cut off by the page's reading width.
    <article className={view === "board" ? "page page-wide" : "page"}>
      <title>{`${t("tracker.title")} — ${production.title}`}</title>
      <h1>{t("tracker.title")}</h1>
      <nav className="actions" aria-label={t("tracker.sections")}>
        <Link to={`${base}?view=board`} aria-current={view === "board" ? "page" : undefined}>
          {t("tracker.board")}
        </Link>
        <Link to={`${base}?view=list`} aria-current={view === "list" ? "page" : undefined}>
          {t("tracker.list")}
        </Link>
        {loaderData.loggedIn ? <Link to={`${base}?view=list&mine=1`}>{t("tracker.mine")}</Link> : null}
        <Link to={`${base}?view=list&open=1`}>{t("tracker.openCalls")}</Link>
        <Link to={`${base}/scenes`}>{t("tracker.breakdown")}</Link>
        <Link to={`${base}/schedule`}>{t("tracker.schedule")}</Link>
        <Link to={`${base}/help`}>{t("tracker.help")}</Link>
        {loaderData.may.manage ? <Link to={`${base}/tasks/new`}>{t("tracker.newTask")}</Link> : null}
        {loaderData.may.lists ? <Link to={`${base}/settings`}>{t("tracker.settings")}</Link> : null}
      </nav>
      <Form method="get" className="filters" aria-label={t("tracker.filters")}>
        <input type="hidden" name="view" value={view} />
        <div className="field">
          <label htmlFor="f-type">{t("tracker.type")}</label>
          <select id="f-type" name="type" defaultValue={filters.type}>
            <option value="">{t("tracker.any")}</option>
            {loaderData.types.map((ty) => (
              <option key={ty.id} value={ty.id}>
                {labels.type(ty)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-scene">{t("tracker.scene")}</label>
          <select id="f-scene" name="scene" defaultValue={filters.scene}>
            <option value="">{t("tracker.any")}</option>
            {loaderData.scenes.map((s) => (
              <option key={s.id} value={s.id}>
                {s.number}. {s.heading}
                {s.cut ? ` (${t("tracker.cut")})` : ""}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-person">{t("tracker.person")}</label>
          <select id="f-person" name="person" defaultValue={filters.person}>
            <option value="">{t("tracker.anyone")}</option>
            {loaderData.people.map((p) => (
              <option key={p.handle} value={p.handle}>
                {p.displayName}
              </option>
            ))}
          </select>
        </div>
        {view === "list" ? (
          <div className="field">
            <label htmlFor="f-sort">{t("tracker.sort")}</label>
            <select id="f-sort" name="sort" defaultValue={loaderData.sort}>
              {(["number", "due", "priority", "title"] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`tracker.sort.${s}`)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="f-q">{t("tracker.search")}</label>
          <input id="f-q" name="q" defaultValue={filters.q} maxLength={100} />
        </div>
        <label className="checkbox">
          <input type="checkbox" name="open" value="1" defaultChecked={filters.open} /> {t("tracker.openOnly")}
        </label>
        {filters.mine ? <input type="hidden" name="mine" value="1" /> : null}
        <button type="submit" className="button-small">
          {t("tracker.apply")}
        </button>
      </Form>
      <p className="muted" data-testid="task-count">
        {t("tracker.count", { count: loaderData.total })}
      </p>
      {view === "board" ? <Board data={loaderData} /> : <List data={loaderData} />}
      <section aria-labelledby="progress-h">
        <h2 id="progress-h">{t("tracker.progress")}</h2>
        <div className="columns">
          <div data-testid="progress-by-type">
            <h3>{t("tracker.byType")}</h3>
            {loaderData.progress
              .filter((p) => p.total)
              .map((p) => (
                <ProgressBar key={p.id} done={p.done} total={p.total} label={labels.type(loaderData.types.find((ty) => ty.id === p.id)!)} />
              ))}
          </div>
          <div>
            <h3>{t("tracker.byScene")}</h3>
            {/* Every scene with its bar is the breakdown's job; hundreds of bars here would slow the board. */}
            <p>
              <Link to={`${base}/scenes`}>{t("tracker.progressInBreakdown")}</Link>
            </p>
          </div>
        </div>
      </section>
    </article>
  );
}

function TaskCard({ task, data, onDragStart }: { task: Task; data: Data; onDragStart?: (e: React.DragEvent) => void }) {
  const t = useT();
  const labels = useListLabels();
  const base = `/p/${data.production.slug}/tracker`;
  return (
    <li className="task-card" draggable={Boolean(onDragStart) && task.moveTo.length > 0} onDragStart={task.moveTo.length ? onDragStart : undefined} data-testid={`task-${task.number}`}>
      <Link to={`${base}/tasks/${task.number}`}>
        T-{task.number} {task.title}
      </Link>
      <p className="task-meta">
        {labels.type(data.types.find((ty) => ty.id === task.typeId)!)}
        {task.scene ? ` · ${t("tracker.sceneN", { n: task.scene.number })}` : ""}
        {task.open ? <span className="badge">{t("tracker.openCall")}</span> : null}
        {task.scene?.missingSince ? <span className="badge badge-warning">{t("tracker.sceneCut")}</span> : null}
      </p>
      {task.assignees.length ? <p className="task-meta">{task.assignees.map((a) => a.user.displayName).join(", ")}</p> : null}
      {task.moveTo.length ? <Move task={task} data={data} /> : null}
    </li>
  );
}

/**
 * Change a task's status without a mouse. The form opens on demand: hundreds of cards,
 * each with its own list of statuses, would make the board slow to load.
 */
function Move({ task, data }: { task: Task; data: Data }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [closed, setClosed] = useState(false);
  // Escape gives the focus back to the button it came from.
  const refocus = (button: HTMLButtonElement | null) => {
    if (button && closed) button.focus();
  };
  if (open)
    return (
      <MoveForm
        task={task}
        data={data}
        onClose={() => {
          setOpen(false);
          setClosed(true);
        }}
      />
    );
  return (
    <button ref={refocus} type="button" className="button-small button-secondary" onClick={() => setOpen(true)}>
      {t("tracker.move")}
      <span className="visually-hidden"> T-{task.number}</span>
    </button>
  );
}

function MoveForm({ task, data, onClose }: { task: Task; data: Data; onClose: () => void }) {
  const t = useT();
  const labels = useListLabels();
  const fetcher = useFetcher<typeof action>();
  return (
    <fetcher.Form
      method="post"
      className="move-form"
      onKeyDown={(e) => {
        if (e.key === "Escape") onClose();
      }}
    >
      <input type="hidden" name="intent" value="status" />
      <input type="hidden" name="number" value={task.number} />
      <label className="visually-hidden" htmlFor={`move-${task.number}`}>
        {t("tracker.statusOf", { n: task.number })}
      </label>
      {/* Opened on purpose, so the choice takes the focus. */}
      <select id={`move-${task.number}`} name="statusId" defaultValue={task.statusId} key={task.statusId} autoFocus>
        {data.statuses
          .filter((s) => s.id === task.statusId || task.moveTo.includes(s.id))
          .map((s) => (
            <option key={s.id} value={s.id}>
              {labels.status(s)}
            </option>
          ))}
      </select>
      <button type="submit" className="button-small button-secondary">
        {t("tracker.move")}
      </button>
    </fetcher.Form>
  );
}

function Board({ data }: { data: Data }) {
  const t = useT();
  const labels = useListLabels();
  const fetcher = useFetcher<typeof action>();
  const [over, setOver] = useState<string | null>(null);
  // The card being dragged: a column takes it only when the policy gives that move.
  const [dragged, setDragged] = useState<Task | null>(null);
  return (
    // Wider than the screen when there are many statuses: reachable by keyboard to scroll.
    <div className="board" data-testid="board" role="region" tabIndex={0} aria-label={t("tracker.board")}>
      {data.statuses.map((s) => {
        const cards = data.tasks.filter((task) => task.statusId === s.id);
        return (
          <section
            key={s.id}
            className={`board-column${over === s.id ? " board-column-over" : ""}`}
            aria-labelledby={`col-${s.key}`}
            data-testid={`column-${s.key}`}
            onDragOver={(e) => {
              if (!dragged?.moveTo.includes(s.id)) return;
              e.preventDefault();
              setOver(s.id);
            }}
            onDragLeave={() => setOver(null)}
            onDrop={(e) => {
              e.preventDefault();
              setOver(null);
              setDragged(null);
              const number = e.dataTransfer.getData("text/x-task");
              if (number && dragged?.moveTo.includes(s.id)) void fetcher.submit({ intent: "status", number, statusId: s.id, rank: String(Date.now()) }, { method: "post" });
            }}
          >
            <h2 id={`col-${s.key}`} className="board-heading" style={{ borderColor: s.colour }}>
              {labels.status(s)} <span className="muted">({data.counts[s.id] ?? cards.length})</span>
            </h2>
            {(data.counts[s.id] ?? 0) > cards.length ? (
              <p className="help">
                <Link to={`/p/${data.production.slug}/tracker?view=list&status=${s.id}`}>{t("tracker.moreInList", { count: (data.counts[s.id] ?? 0) - cards.length })}</Link>
              </p>
            ) : null}
            {cards.length ? (
              <ul className="board-cards">
                {cards.map((task) => (
                  <TaskCard
                    key={task.id}
                    task={task}
                    data={data}
                    onDragStart={
                      data.loggedIn
                        ? (e) => {
                            setDragged(task);
                            e.dataTransfer.setData("text/x-task", String(task.number));
                            e.dataTransfer.effectAllowed = "move";
                          }
                        : undefined
                    }
                  />
                ))}
              </ul>
            ) : (
              <p className="muted">{t("tracker.emptyColumn")}</p>
            )}
          </section>
        );
      })}
    </div>
  );
}

function List({ data }: { data: Data }) {
  const t = useT();
  const labels = useListLabels();
  const date = useFormatDate();
  const base = `/p/${data.production.slug}/tracker`;
  if (!data.tasks.length) return <p className="muted">{t("tracker.noTasks")}</p>;
  return (
    <>
      <div className="table-wrap" role="region" tabIndex={0} aria-label={t("tracker.list")}>
        <table className="table" data-testid="task-list">
          <thead>
            <tr>
              <th scope="col">{t("tracker.task")}</th>
              <th scope="col">{t("tracker.type")}</th>
              <th scope="col">{t("tracker.status")}</th>
              <th scope="col">{t("tracker.scene")}</th>
              <th scope="col">{t("tracker.assignees")}</th>
              <th scope="col">{t("tracker.due")}</th>
              <th scope="col">{t("tracker.priority")}</th>
            </tr>
          </thead>
          <tbody>
            {data.tasks.map((task) => (
              <tr key={task.id}>
                <th scope="row">
                  <Link to={`${base}/tasks/${task.number}`}>
                    T-{task.number} {task.title}
                  </Link>
                  {task.open ? <span className="badge">{t("tracker.openCall")}</span> : null}
                </th>
                <td>{labels.type(data.types.find((ty) => ty.id === task.typeId)!)}</td>
                <td>{labels.status(data.statuses.find((s) => s.id === task.statusId)!)}</td>
                <td>{task.scene ? task.scene.number : "—"}</td>
                <td>{task.assignees.map((a) => a.user.displayName).join(", ") || "—"}</td>
                <td>{task.dueDate ? date(task.dueDate) : "—"}</td>
                <td>{t(`tracker.priority.${task.priority}` as "tracker.priority.2")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ListPages data={data} />
    </>
  );
}

/** Previous and next pages of the list, keeping its filters and sorting. */
function ListPages({ data }: { data: Data }) {
  const t = useT();
  const [search] = useSearchParams();
  const last = Math.ceil(data.total / data.pageSize);
  if (last <= 1) return null;
  const to = (page: number) => {
    const next = new URLSearchParams(search);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };
  const from = (data.page - 1) * data.pageSize + 1;
  return (
    <nav className="actions" aria-label={t("tracker.pages")}>
      <span data-testid="list-range">{t("tracker.range", { from, to: from + data.tasks.length - 1, total: data.total })}</span>
      {data.page > 1 ? <Link to={to(data.page - 1)}>{t("tracker.previousPage")}</Link> : null}
      {data.page < last ? <Link to={to(data.page + 1)}>{t("tracker.nextPage")}</Link> : null}
    </nav>
  );
}
