import { Form, Link } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/tracker.scene";
import { addElement, addShot, removeElement, removeShot, sceneFor } from "~/features/tracker/breakdown.server";
import { breakdownKinds } from "~/features/tracker/defaults";
import { trackerOf } from "~/features/tracker/tracker.server";
import { parseForm, requiredText } from "~/lib/forms";
import { authorize, notFound, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { FormAlert } from "~/ui/form";
import { useT } from "~/ui/i18n";

export async function loader({ context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, role } = await trackerOf(params.slug, viewer);
  const scene = (await sceneFor(production.id, params.id)) ?? notFound();
  return {
    production: { slug: production.slug, title: production.title },
    scene,
    canManage: can(policyUser(viewer), "manageTracker", { type: "production", role }),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, role } = await trackerOf(params.slug, viewer);
  authorize(context, request, "manageTracker", { type: "production", role });
  const scene = (await sceneFor(production.id, params.id)) ?? notFound();
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "shot") {
    const parsed = parseForm(z.object({ description: requiredText(500) }), form, ["description"]);
    if (!parsed.ok) return { ...parsed, intent };
    await addShot(scene.id, parsed.data.description);
  } else if (intent === "removeShot") {
    await removeShot(scene.id, String(form.get("shot") ?? ""));
  } else if (intent === "element") {
    const parsed = parseForm(z.object({ name: requiredText(120), kind: z.enum(breakdownKinds, { message: "field.choice" }) }), form, ["name", "kind"]);
    if (!parsed.ok) return { ...parsed, intent };
    await addElement(production.id, scene.id, parsed.data.kind, parsed.data.name);
  } else if (intent === "removeElement") {
    await removeElement(scene.id, String(form.get("element") ?? ""));
  } else throw new Response("Unknown intent", { status: 400 });
  return { ok: true as const, intent };
}

export default function ScenePage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { production, scene, canManage } = loaderData;
  const base = `/p/${production.slug}/tracker`;
  const failed = (intent: string) => (actionData && !actionData.ok && actionData.intent === intent ? actionData : undefined);
  return (
    <article className="page">
      <title>{`${scene.number}. ${scene.heading} — ${production.title}`}</title>
      <p>
        <Link to={`${base}/scenes`}>← {t("tracker.breakdown")}</Link>
      </p>
      <h1>
        {scene.number}. {scene.heading}
      </h1>
      {scene.missingSince ? <p className="alert alert-error">{t("tracker.sceneCutLead")}</p> : null}
      <p>
        <a href={`/p/${production.slug}/script#scene-${scene.number}`}>{t("tracker.inTheScript")}</a>
      </p>
      <section aria-labelledby="elements-h">
        <h2 id="elements-h">{t("tracker.elements")}</h2>
        {breakdownKinds.map((kind) => {
          const items = scene.elements.filter((e) => e.element.kind === kind);
          return items.length ? (
            <div key={kind}>
              <h3>{t(`tracker.kind.${kind}`)}</h3>
              <ul className="plain-list" data-testid={`elements-${kind}`}>
                {items.map(({ element }) => (
                  <li key={element.id}>
                    {element.wikiPage ? <Link to={`/p/${production.slug}/wiki/${element.wikiPage.slug}`}>{element.name}</Link> : element.name}
                    {canManage && kind !== "cast" && kind !== "location" ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="element" value={element.id} />
                        <button type="submit" name="intent" value="removeElement" className="button-small button-secondary" aria-label={t("tracker.removeNamed", { name: element.name })}>
                          {t("tracker.remove")}
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null;
        })}
        {canManage ? (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="element" />
            <FormAlert state={failed("element")} />
            <div className="field">
              <label htmlFor="kind">{t("tracker.elementKind")}</label>
              <select id="kind" name="kind" defaultValue="prop">
                {breakdownKinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`tracker.kind.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="name">{t("tracker.elementName")}</label>
              <input id="name" name="name" required maxLength={120} />
            </div>
            <button type="submit">{t("tracker.addElement")}</button>
          </Form>
        ) : null}
      </section>
      <section aria-labelledby="shots-h">
        <h2 id="shots-h">{t("tracker.shots")}</h2>
        {scene.shots.length ? (
          <ol className="plain-list" data-testid="shots">
            {scene.shots.map((s) => (
              <li key={s.id}>
                {scene.number}-{s.number}: {s.description}
                {canManage ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="shot" value={s.id} />
                    <button type="submit" name="intent" value="removeShot" className="button-small button-secondary" aria-label={t("tracker.removeNamed", { name: `${scene.number}-${s.number}` })}>
                      {t("tracker.remove")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">{t("tracker.noShots")}</p>
        )}
        {canManage ? (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="shot" />
            <FormAlert state={failed("shot")} />
            <div className="field">
              <label htmlFor="description">{t("tracker.shotDescription")}</label>
              <input id="description" name="description" required maxLength={500} />
            </div>
            <button type="submit">{t("tracker.addShot")}</button>
          </Form>
        ) : null}
      </section>
      <section aria-labelledby="tasks-h">
        <h2 id="tasks-h">{t("tracker.tasks")}</h2>
        {scene.tasks.length ? (
          <ul className="plain-list" data-testid="scene-tasks">
            {scene.tasks.map((task) => (
              <li key={task.number}>
                <Link to={`${base}/tasks/${task.number}`}>
                  T-{task.number} {task.title}
                </Link>{" "}
                <span className="muted">({task.status.name || t(`tracker.status.${task.status.key}` as "tracker.status.todo")})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("tracker.noTasks")}</p>
        )}
        {canManage ? <Link to={`${base}/tasks/new?scene=${scene.id}`}>{t("tracker.newTaskHere")}</Link> : null}
      </section>
    </article>
  );
}
