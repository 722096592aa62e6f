import { Form } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/script.drafts";
import { freezeDraft, listDrafts, revisionColours, scriptOf } from "~/features/script/script.server";
import { parseForm, requiredText } from "~/lib/forms";
import { authorize, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { Field, FormAlert, Notice } from "~/ui/form";
import { useFormatDate, useT } from "~/ui/i18n";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, role, resource } = await scriptOf(params.slug, viewer);
  authorize(context, request, "read", resource);
  const drafts = await listDrafts(production.id);
  // The next colour in the industry's order, after the last draft's.
  const last = drafts[0]?.colour;
  const next = last ? revisionColours[(revisionColours.indexOf(last as never) + 1) % revisionColours.length]! : "white";
  return {
    production: { slug: production.slug, title: production.title },
    drafts,
    nextColour: next,
    canFreeze: can(policyUser(viewer), "freezeDraft", { type: "production", role }),
  };
}

const draftSchema = z.object({ name: requiredText(120), colour: z.enum(revisionColours, { message: "field.choice" }) });

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { info, role } = await scriptOf(params.slug, viewer);
  authorize(context, request, "freezeDraft", { type: "production", role });
  const parsed = parseForm(draftSchema, await request.formData(), ["name", "colour"]);
  if (!parsed.ok) return parsed;
  const draft = await freezeDraft(info, parsed.data, viewer.id);
  return { ok: true as const, number: draft.number };
}

export default function ScriptDrafts({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, drafts } = loaderData;
  const base = `/p/${production.slug}/script`;
  const failed = actionData && !actionData.ok ? actionData : undefined;
  return (
    <article className="page">
      <title>{`${t("script.drafts")} — ${production.title}`}</title>
      <h1>{t("script.drafts")}</h1>
      <p className="lead">{t("script.draftsLead")}</p>
      {actionData?.ok ? <Notice>{t("script.draftFrozen", { n: actionData.number })}</Notice> : null}
      {loaderData.canFreeze ? (
        <section aria-labelledby="freeze-h" className="panel">
          <h2 id="freeze-h">{t("script.freezeTitle")}</h2>
          <Form method="post" className="stack">
            <FormAlert state={failed} />
            <Field name="name" label="script.draftName" help="script.draftNameHelp" state={failed} required maxLength={120} />
            <div className="field">
              <label htmlFor="colour">{t("script.draftColour")}</label>
              <select id="colour" name="colour" defaultValue={failed?.values.colour ?? loaderData.nextColour}>
                {(["white", "blue", "pink", "yellow", "green", "goldenrod", "buff", "salmon", "cherry", "tan"] as const).map((c) => (
                  <option key={c} value={c}>
                    {t(`script.colour.${c}`)}
                  </option>
                ))}
              </select>
            </div>
            <p>
              <button type="submit">{t("script.freeze")}</button>
            </p>
          </Form>
        </section>
      ) : null}
      {drafts.length ? (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="drafts">
              <caption className="visually-hidden">{t("script.drafts")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("script.draftName")}</th>
                  <th scope="col">{t("script.draftColour")}</th>
                  <th scope="col">{t("script.draftWhen")}</th>
                  <th scope="col">{t("script.draftFiles")}</th>
                </tr>
              </thead>
              <tbody>
                {drafts.map((d) => (
                  <tr key={d.number}>
                    <th scope="row">
                      {d.number}. {d.name}
                    </th>
                    <td>
                      <span className={`revision-swatch revision-${d.colour}`} aria-hidden="true" /> {t(`script.colour.${d.colour}` as "script.colour.white")}
                    </td>
                    <td>
                      {date(d.createdAt)}
                      {d.createdBy ? ` — ${d.createdBy.displayName}` : ""}
                    </td>
                    <td className="actions">
                      <a href={`/p/${production.slug}/script.pdf?draft=${d.number}`}>PDF</a>
                      <a href={`/p/${production.slug}/script.fountain?draft=${d.number}`}>Fountain</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {drafts.length > 1 ? (
            <section aria-labelledby="compare-h">
              <h2 id="compare-h">{t("script.compareTitle")}</h2>
              <Form method="get" action={`${base}/compare`} className="filters">
                {(["from", "to"] as const).map((name, i) => (
                  <div className="field" key={name}>
                    <label htmlFor={name}>{t(name === "from" ? "history.from" : "history.to")}</label>
                    <select id={name} name={name} defaultValue={drafts[1 - i]!.number}>
                      {drafts.map((d) => (
                        <option key={d.number} value={d.number}>
                          {d.number}. {d.name}
                        </option>
                      ))}
                    </select>
                  </div>
                ))}
                <button type="submit">{t("script.compare")}</button>
              </Form>
            </section>
          ) : null}
        </>
      ) : (
        <p className="muted">{t("script.noDrafts")}</p>
      )}
    </article>
  );
}
