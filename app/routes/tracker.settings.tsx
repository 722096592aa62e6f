import { Form } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/tracker.settings";
import { useListLabels } from "~/features/tracker/components/labels";
import { addStatus, addTaskType, listsOf, renameTaskType, trackerOf, updateStatus } from "~/features/tracker/tracker.server";
import { fail, parseForm, requiredText } from "~/lib/forms";
import { authorize, requireViewer } from "~/lib/http.server";
import { FormAlert, Notice } from "~/ui/form";
import { useT } from "~/ui/i18n";

// The production's own lists: task types and statuses with their flags (producers).
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const { production, role } = await trackerOf(params.slug, viewer);
  authorize(context, request, "editTaskLists", { type: "production", role });
  const { statuses, types } = await listsOf(production.id);
  return { production: { slug: production.slug, title: production.title }, statuses, types };
}

const statusSchema = z.object({
  name: requiredText(40),
  colour: z.string().regex(/^#[0-9a-f]{6}$/i, "field.choice"),
  setBy: z.enum(["member", "crew"], { message: "field.choice" }),
});

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, role } = await trackerOf(params.slug, viewer);
  authorize(context, request, "editTaskLists", { type: "production", role });
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "addType" || intent === "renameType") {
    const parsed = parseForm(z.object({ name: requiredText(40) }), form, ["name"]);
    if (!parsed.ok) return { ...parsed, intent };
    if (intent === "renameType") await renameTaskType(production.id, String(form.get("id") ?? ""), parsed.data.name);
    else if (!(await addTaskType(production.id, parsed.data.name))) return { ...fail(form, { name: { key: "tracker.nameTaken" } }), intent };
    return { ok: true as const, intent };
  }
  if (intent === "addStatus" || intent === "updateStatus") {
    const parsed = parseForm(statusSchema, form, ["name", "colour", "setBy"]);
    if (!parsed.ok) return { ...parsed, intent };
    const input = { ...parsed.data, isDone: form.get("isDone") === "on", isRetake: form.get("isRetake") === "on", needsReview: form.get("needsReview") === "on" };
    if (intent === "updateStatus") await updateStatus(production.id, String(form.get("id") ?? ""), input);
    else if (!(await addStatus(production.id, input))) return { ...fail(form, { name: { key: "tracker.nameTaken" } }), intent };
    return { ok: true as const, intent };
  }
  throw new Response("Unknown intent", { status: 400 });
}

function StatusFields({ prefix, status }: { prefix: string; status?: { name: string; colour: string; isDone: boolean; isRetake: boolean; needsReview: boolean; setBy: string } }) {
  const t = useT();
  return (
    <>
      <div className="field">
        <label htmlFor={`${prefix}-name`}>{t("tracker.listName")}</label>
        <input id={`${prefix}-name`} name="name" required maxLength={40} defaultValue={status?.name} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-colour`}>{t("tracker.colour")}</label>
        <input id={`${prefix}-colour`} name="colour" type="color" defaultValue={status?.colour ?? "#767676"} />
      </div>
      <label className="checkbox">
        <input type="checkbox" name="isDone" defaultChecked={status?.isDone} /> {t("tracker.flag.isDone")}
      </label>
      <label className="checkbox">
        <input type="checkbox" name="needsReview" defaultChecked={status?.needsReview} /> {t("tracker.flag.needsReview")}
      </label>
      <label className="checkbox">
        <input type="checkbox" name="isRetake" defaultChecked={status?.isRetake} /> {t("tracker.flag.isRetake")}
      </label>
      <div className="field">
        <label htmlFor={`${prefix}-setBy`}>{t("tracker.setBy")}</label>
        <select id={`${prefix}-setBy`} name="setBy" defaultValue={status?.setBy ?? "member"}>
          <option value="member">{t("tracker.setBy.member")}</option>
          <option value="crew">{t("tracker.setBy.crew")}</option>
        </select>
      </div>
    </>
  );
}

export default function TrackerSettings({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const labels = useListLabels();
  const { production, statuses, types } = loaderData;
  const failed = (intent: string) => (actionData && !actionData.ok && actionData.intent === intent ? actionData : undefined);
  return (
    <article className="page">
      <title>{`${t("tracker.settings")} — ${production.title}`}</title>
      <h1>{t("tracker.settings")}</h1>
      {actionData?.ok ? <Notice>{t("tracker.saved")}</Notice> : null}
      <section aria-labelledby="statuses-h">
        <h2 id="statuses-h">{t("tracker.statuses")}</h2>
        <p className="help">{t("tracker.statusesHelp")}</p>
        {statuses.map((s) => (
          <details key={s.id} className="panel">
            <summary>
              <span className="revision-swatch" style={{ background: s.colour }} aria-hidden="true" /> {labels.status(s)}
              {s.isDone ? ` · ${t("tracker.flag.isDone")}` : ""}
              {s.needsReview ? ` · ${t("tracker.flag.needsReview")}` : ""}
              {s.isRetake ? ` · ${t("tracker.flag.isRetake")}` : ""}
              {s.setBy === "crew" ? ` · ${t("tracker.setBy.crew")}` : ""}
            </summary>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="updateStatus" />
              <input type="hidden" name="id" value={s.id} />
              <StatusFields prefix={`s-${s.key}`} status={{ ...s, name: labels.status(s) }} />
              <button type="submit">{t("tracker.save")}</button>
            </Form>
          </details>
        ))}
        <Form method="post" className="stack panel" aria-labelledby="add-status-h">
          <h3 id="add-status-h">{t("tracker.addStatus")}</h3>
          <input type="hidden" name="intent" value="addStatus" />
          <FormAlert state={failed("addStatus")} />
          <StatusFields prefix="new-status" />
          <button type="submit">{t("tracker.add")}</button>
        </Form>
      </section>
      <section aria-labelledby="types-h">
        <h2 id="types-h">{t("tracker.types")}</h2>
        <ul className="plain-list">
          {types.map((ty) => (
            <li key={ty.id}>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="renameType" />
                <input type="hidden" name="id" value={ty.id} />
                <label className="visually-hidden" htmlFor={`type-${ty.key}`}>
                  {t("tracker.renameType", { name: labels.type(ty) })}
                </label>
                <input id={`type-${ty.key}`} name="name" required maxLength={40} defaultValue={labels.type(ty)} />
                <button type="submit" className="button-small button-secondary">
                  {t("tracker.rename")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="addType" />
          <FormAlert state={failed("addType")} />
          <div className="field">
            <label htmlFor="new-type">{t("tracker.addType")}</label>
            <input id="new-type" name="name" required maxLength={40} />
          </div>
          <button type="submit">{t("tracker.add")}</button>
        </Form>
      </section>
    </article>
  );
}
