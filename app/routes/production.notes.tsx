import { Link } from "react-router";
import type { Route } from "./+types/production.notes";
import { blocksOf } from "~/features/collab/content";
import { LiveDocument } from "~/features/collab/components/live-document";
import { productionNotes } from "~/features/collab/notes.server";
import { colourFor } from "~/features/collab/presence";
import { documentContributors, loadDocument } from "~/features/collab/store.server";
import { authorize, policyUser, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { Notice } from "~/ui/form";
import { useT } from "~/ui/i18n";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, info, resource } = await productionNotes(params.slug, viewer);
  authorize(context, request, "read", resource);
  const { doc } = await loadDocument(info.name);
  const blocks = blocksOf(doc);
  doc.destroy();
  const restored = Number(new URL(request.url).searchParams.get("restored")) || null;
  return {
    production: { slug: production.slug, title: production.title },
    docName: info.name,
    blocks,
    restored,
    canEdit: can(policyUser(viewer), "edit", resource),
    user: viewer ? { name: viewer.displayName, color: colourFor(viewer.id) } : null,
    contributors: await documentContributors(info.name),
  };
}

export default function Notes({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { production, contributors } = loaderData;
  return (
    <article className="page">
      <title>{`${t("notes.title")} — ${production.title}`}</title>
      <h1>{t("notes.title")}</h1>
      <p className="lead">{t("notes.lead")}</p>
      {loaderData.restored ? <Notice>{t("history.restoredNotice", { n: loaderData.restored })}</Notice> : null}
      <p>
        <Link to={`/p/${production.slug}/notes/history`}>{t("history.title")}</Link>
      </p>
      {loaderData.canEdit ? null : <p className="muted">{loaderData.user ? t("notes.joinToEdit") : t("notes.logInToEdit")}</p>}
      <LiveDocument
        docName={loaderData.docName}
        blocks={loaderData.blocks}
        canEdit={loaderData.canEdit}
        user={loaderData.user}
        label={t("notes.editorLabel")}
        emptyText={t("notes.empty")}
      />
      <section aria-labelledby="contributors-h">
        <h2 id="contributors-h">{t("notes.contributors")}</h2>
        {contributors.length ? (
          <ul className="plain-list" data-testid="contributors">
            {contributors.map((c) => (
              <li key={c.user.handle}>
                <Link to={`/u/${c.user.handle}`}>{c.user.displayName}</Link> —{" "}
                {t("notes.contribution", { written: t("notes.written", { count: c.inserted }), removed: t("notes.removed", { count: c.deleted }) })}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("notes.noContributors")}</p>
        )}
      </section>
    </article>
  );
}
