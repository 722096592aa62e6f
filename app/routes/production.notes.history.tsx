import { Form, Link } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/production.notes.history";
import { diffBlocks } from "~/features/collab/content";
import { productionNotes } from "~/features/collab/notes.server";
import { createVersion, listVersions, versionBlocks } from "~/features/collab/store.server";
import { parseForm, requiredText } from "~/lib/forms";
import { authorize, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { Field, FormAlert, Notice } from "~/ui/form";
import { useFormatDate, useT } from "~/ui/i18n";
import { VersionDiff } from "~/features/collab/components/version-diff";
import { VersionLabel } from "~/features/collab/components/version-label";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, info, resource } = await productionNotes(params.slug, viewer);
  authorize(context, request, "read", resource);
  const versions = await listVersions(info.name);
  const url = new URL(request.url);
  const from = Number(url.searchParams.get("from")) || null;
  const to = Number(url.searchParams.get("to")) || null;
  let diff = null;
  if (from && to) {
    const [a, b] = await Promise.all([versionBlocks(info.name, from), versionBlocks(info.name, to)]);
    if (a && b) diff = { from, to, lines: diffBlocks(a, b) };
  }
  return {
    production: { slug: production.slug, title: production.title },
    versions,
    diff,
    from: from ?? versions[1]?.number ?? null,
    to: to ?? versions[0]?.number ?? null,
    canCheckpoint: can(policyUser(viewer), "checkpoint", resource),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { info, resource } = await productionNotes(params.slug, viewer);
  authorize(context, request, "checkpoint", resource);
  const parsed = parseForm(z.object({ label: requiredText(120) }), await request.formData(), ["label"]);
  if (!parsed.ok) return parsed;
  const version = await createVersion(info.name, { label: parsed.data.label, createdById: viewer.id });
  return { ok: true as const, number: version?.number ?? 0 };
}

function VersionSelect({ name, label, numbers, value }: { name: string; label: string; numbers: number[]; value: number | null }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value ?? undefined}>
        {numbers.map((n) => (
          <option key={n} value={n}>
            {t("history.versionN", { n })}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function NotesHistory({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, versions, diff } = loaderData;
  const base = `/p/${production.slug}/notes`;
  return (
    <article className="page">
      <title>{`${t("history.title")} — ${production.title}`}</title>
      <h1>{t("history.title")}</h1>
      {actionData?.ok ? <Notice>{t("history.saved", { n: actionData.number })}</Notice> : null}
      {loaderData.canCheckpoint ? (
        <section aria-labelledby="save-h" className="panel">
          <h2 id="save-h">{t("history.saveVersion")}</h2>
          <FormAlert state={actionData && !actionData.ok ? actionData : undefined} />
          <Form method="post" noValidate>
            <Field name="label" label="history.label" help="history.labelHelp" state={actionData && !actionData.ok ? actionData : undefined} maxLength={120} required />
            <button type="submit">{t("history.save")}</button>
          </Form>
        </section>
      ) : null}

      {versions.length ? (
        <>
          <ol className="versions" reversed>
            {versions.map((v) => (
              <li key={v.number} data-testid={`version-${v.number}`}>
                <Link to={`${base}/history/${v.number}`}>
                  <VersionLabel number={v.number} label={v.label} />
                </Link>{" "}
                <span className="muted">
                  {date(v.createdAt, true)}
                  {v.editors.length ? ` · ${t("history.editors")}: ${v.editors.map((e) => e.displayName).join(", ")}` : ""}
                </span>
              </li>
            ))}
          </ol>
          {versions.length > 1 ? (
            <Form method="get" className="filters">
              <VersionSelect name="from" label={t("history.from")} numbers={versions.map((v) => v.number)} value={loaderData.from} />
              <VersionSelect name="to" label={t("history.to")} numbers={versions.map((v) => v.number)} value={loaderData.to} />
              <button type="submit">{t("history.compare")}</button>
            </Form>
          ) : null}
        </>
      ) : (
        <p className="empty-state">{t("history.none")}</p>
      )}

      {diff ? <VersionDiff diff={diff} /> : null}
    </article>
  );
}
