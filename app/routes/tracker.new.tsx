import { Form, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/tracker.new";
import { useListLabels } from "~/features/tracker/components/labels";
import { createTask, listsOf, trackerOf } from "~/features/tracker/tracker.server";
import { db } from "~/lib/db.server";
import { fail, optionalText, parseForm, requiredText } from "~/lib/forms";
import { authorize, requireViewer } from "~/lib/http.server";
import { FormAlert } from "~/ui/form";
import { useT } from "~/ui/i18n";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const { production, role } = await trackerOf(params.slug, viewer);
  authorize(context, request, "manageTracker", { type: "production", role });
  const url = new URL(request.url);
  const [{ types }, scenes, members, shots, elements] = await Promise.all([
    listsOf(production.id),
    db.scene.findMany({ where: { productionId: production.id, missingSince: null }, orderBy: { position: "asc" }, select: { id: true, number: true, heading: true } }),
    db.membership.findMany({ where: { productionId: production.id }, orderBy: { joinedAt: "asc" }, select: { user: { select: { id: true, displayName: true } } } }),
    db.shot.findMany({ where: { scene: { productionId: production.id, missingSince: null } }, orderBy: [{ scene: { position: "asc" } }, { position: "asc" }], take: 2000, select: { id: true, number: true, description: true, scene: { select: { number: true } } } }),
    db.breakdownElement.findMany({ where: { productionId: production.id }, orderBy: [{ kind: "asc" }, { name: "asc" }], take: 2000, select: { id: true, kind: true, name: true } }),
  ]);
  return {
    shots: shots.map((s) => ({ id: s.id, label: `${s.scene.number}-${s.number} ${s.description}` })),
    elements,
    production: { slug: production.slug, title: production.title },
    types: types.map((ty) => ({ id: ty.id, key: ty.key, name: ty.name })),
    scenes,
    members: members.map((m) => m.user),
    scene: url.searchParams.get("scene") ?? "",
  };
}

const taskSchema = z.object({
  title: requiredText(200),
  description: optionalText(5000),
  typeId: z.string().min(1, "field.required").max(40),
  sceneId: z.string().max(40),
  shotId: z.string().max(40),
  elementId: z.string().max(40),
  priority: z.enum(["1", "2", "3"], { message: "field.choice" }).transform(Number),
});

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, role } = await trackerOf(params.slug, viewer);
  authorize(context, request, "manageTracker", { type: "production", role });
  const form = await request.formData();
  const parsed = parseForm(taskSchema, form, ["title", "description", "typeId", "sceneId", "shotId", "elementId", "priority"]);
  if (!parsed.ok) return parsed;
  const { types } = await listsOf(production.id);
  if (!types.some((ty) => ty.id === parsed.data.typeId)) return fail(form, { typeId: { key: "field.choice" } });
  const scene = parsed.data.sceneId ? await db.scene.findFirst({ where: { id: parsed.data.sceneId, productionId: production.id }, select: { id: true } }) : null;
  if (parsed.data.sceneId && !scene) return fail(form, { sceneId: { key: "field.choice" } });
  // A shot belongs to its scene: choosing one sets the scene too.
  const shot = parsed.data.shotId ? await db.shot.findFirst({ where: { id: parsed.data.shotId, scene: { productionId: production.id } }, select: { id: true, sceneId: true } }) : null;
  if (parsed.data.shotId && !shot) return fail(form, { shotId: { key: "field.choice" } });
  const element = parsed.data.elementId ? await db.breakdownElement.findFirst({ where: { id: parsed.data.elementId, productionId: production.id }, select: { id: true } }) : null;
  if (parsed.data.elementId && !element) return fail(form, { elementId: { key: "field.choice" } });
  const assignees = await db.membership.findMany({ where: { productionId: production.id, userId: { in: form.getAll("assignees").map(String) } }, select: { userId: true } });
  const task = await createTask(production.id, viewer.id, {
    title: parsed.data.title,
    description: parsed.data.description,
    typeId: parsed.data.typeId,
    sceneId: shot?.sceneId ?? scene?.id ?? null,
    shotId: shot?.id ?? null,
    elementId: element?.id ?? null,
    priority: parsed.data.priority,
    open: form.get("open") === "on",
    assigneeIds: assignees.map((a) => a.userId),
  });
  throw redirect(`/p/${production.slug}/tracker/tasks/${task.number}`);
}

export default function NewTask({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const labels = useListLabels();
  const { production } = loaderData;
  const values = actionData?.values;
  const error = (name: string) => actionData?.errors[name];
  return (
    <article className="page">
      <title>{`${t("tracker.newTask")} — ${production.title}`}</title>
      <h1>{t("tracker.newTask")}</h1>
      <Form method="post" className="stack">
        <FormAlert state={actionData} />
        <div className="field">
          <label htmlFor="title">{t("tracker.taskTitle")}</label>
          <input id="title" name="title" required maxLength={200} defaultValue={values?.title} aria-invalid={error("title") ? true : undefined} />
        </div>
        <div className="field">
          <label htmlFor="typeId">{t("tracker.type")}</label>
          <select id="typeId" name="typeId" defaultValue={values?.typeId}>
            {loaderData.types.map((ty) => (
              <option key={ty.id} value={ty.id}>
                {labels.type(ty)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sceneId">{t("tracker.scene")}</label>
          <select id="sceneId" name="sceneId" defaultValue={values?.sceneId ?? loaderData.scene}>
            <option value="">{t("tracker.wholeProduction")}</option>
            {loaderData.scenes.map((s) => (
              <option key={s.id} value={s.id}>
                {s.number}. {s.heading}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="shotId">{t("tracker.shot")}</label>
          <select id="shotId" name="shotId" defaultValue={values?.shotId ?? ""}>
            <option value="">{t("tracker.noShot")}</option>
            {loaderData.shots.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="elementId">{t("tracker.element")}</label>
          <select id="elementId" name="elementId" defaultValue={values?.elementId ?? ""}>
            <option value="">{t("tracker.noElement")}</option>
            {loaderData.elements.map((e) => (
              <option key={e.id} value={e.id}>
                {t(`tracker.kind.${e.kind}` as "tracker.kind.prop")}: {e.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="priority">{t("tracker.priority")}</label>
          <select id="priority" name="priority" defaultValue={values?.priority ?? "2"}>
            {[1, 2, 3].map((p) => (
              <option key={p} value={p}>
                {t(`tracker.priority.${p}` as "tracker.priority.2")}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="description">{t("tracker.description")}</label>
          <textarea id="description" name="description" rows={5} maxLength={5000} defaultValue={values?.description} />
        </div>
        <label className="checkbox">
          <input type="checkbox" name="open" defaultChecked={values?.open === "on"} /> {t("tracker.markOpen")}
        </label>
        <fieldset>
          <legend>{t("tracker.assignees")}</legend>
          {loaderData.members.map((m) => (
            <label key={m.id} className="checkbox">
              <input type="checkbox" name="assignees" value={m.id} /> {m.displayName}
            </label>
          ))}
        </fieldset>
        <p>
          <button type="submit">{t("tracker.create")}</button>
        </p>
      </Form>
    </article>
  );
}
