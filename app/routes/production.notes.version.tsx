import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/production.notes.version";
import { blocksOf, docFromState } from "~/features/collab/content";
import { DocumentView } from "~/features/collab/components/document-view";
import { VersionLabel } from "~/features/collab/components/version-label";
import { productionNotes } from "~/features/collab/notes.server";
import { getVersion, restoreVersion } from "~/features/collab/store.server";
import { authorize, notFound, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { useFormatDate, useT } from "~/ui/i18n";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, info, resource } = await productionNotes(params.slug, viewer);
  authorize(context, request, "read", resource);
  const version = (await getVersion(info.name, Number(params.number))) ?? notFound();
  const doc = docFromState(version.state);
  const blocks = blocksOf(doc);
  doc.destroy();
  return {
    production: { slug: production.slug, title: production.title },
    version: { number: version.number, label: version.label, createdAt: version.createdAt },
    blocks,
    canRestore: can(policyUser(viewer), "restore", resource),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { info, resource } = await productionNotes(params.slug, viewer);
  authorize(context, request, "restore", resource);
  const number = Number(params.number);
  if (!(await restoreVersion(info, number, viewer.id))) notFound();
  throw redirect(`/p/${params.slug}/notes?restored=${number}`);
}

export default function NotesVersion({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, version } = loaderData;
  return (
    <article className="page">
      <title>{`${t("history.versionN", { n: version.number })} — ${production.title}`}</title>
      <p>
        <Link to={`/p/${production.slug}/notes/history`}>← {t("history.title")}</Link>
      </p>
      <h1>
        <VersionLabel number={version.number} label={version.label} />
      </h1>
      <p className="muted">{date(version.createdAt, true)}</p>
      {loaderData.canRestore ? (
        <Form method="post">
          <button type="submit">{t("history.restore")}</button>
          <p className="help">{t("history.restoreHelp")}</p>
        </Form>
      ) : null}
      <DocumentView blocks={loaderData.blocks} emptyText={t("notes.empty")} />
    </article>
  );
}
