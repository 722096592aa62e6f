import { Form, redirect } from "react-router";
import type { Route } from "./+types/script.history";
import { listVersions, restoreVersion } from "~/features/collab/store.server";
import { VersionLabel } from "~/features/collab/components/version-label";
import { scriptOf } from "~/features/script/script.server";
import { authorize, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { useFormatDate, useT } from "~/ui/i18n";

// Every version of the script (automatic checkpoints, imports, drafts), each exportable,
// and restorable as a new change by those who may edit.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, info, resource } = await scriptOf(params.slug, viewer);
  authorize(context, request, "read", resource);
  return {
    production: { slug: production.slug, title: production.title },
    versions: (await listVersions(info.name)).slice(0, 200),
    canRestore: can(policyUser(viewer), "restore", resource),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, info, resource } = await scriptOf(params.slug, viewer);
  authorize(context, request, "restore", resource);
  const number = Number((await request.formData()).get("number"));
  if (!Number.isInteger(number) || !(await restoreVersion(info, number, viewer.id))) throw new Response("No such version", { status: 404 });
  throw redirect(`/p/${production.slug}/script`);
}

export default function ScriptHistory({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, versions } = loaderData;
  const base = `/p/${production.slug}`;
  return (
    <article className="page">
      <title>{`${t("history.title")} — ${t("script.title")} — ${production.title}`}</title>
      <h1>{t("history.title")}</h1>
      {versions.length ? (
        <ol className="plain-list versions" data-testid="versions">
          {versions.map((v) => (
            <li key={v.number}>
              <strong>
                <VersionLabel number={v.number} label={v.label} />
              </strong> — {date(v.createdAt)}
              {v.editors.length ? ` — ${v.editors.map((e) => e.displayName).join(", ")}` : ""}
              <span className="actions">
                <a href={`${base}/script.fountain?version=${v.number}`}>Fountain</a>
                <a href={`${base}/script.pdf?version=${v.number}`}>PDF</a>
                {loaderData.canRestore ? (
                  <Form method="post">
                    <input type="hidden" name="number" value={v.number} />
                    <button type="submit" className="button-small button-secondary">
                      {t("history.restore")}
                    </button>
                  </Form>
                ) : null}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty-state">{t("history.none")}</p>
      )}
    </article>
  );
}
