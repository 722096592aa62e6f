import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/wiki.history";
import { diffBlocks } from "~/features/collab/content";
import { VersionDiff } from "~/features/collab/components/version-diff";
import { VersionLabel } from "~/features/collab/components/version-label";
import { listVersions, resolveDocument, restoreVersion, versionBlocks } from "~/features/collab/store.server";
import { pageFor, reindexPage, wikiDocName } from "~/features/wiki/wiki.server";
import { authorize, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { Notice } from "~/ui/form";
import { useFormatDate, useT } from "~/ui/i18n";

// A page's versions with who edited, the comparison of any two, and restoring one
// (as a new change: history is never rewritten).
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, page, resource, movedTo } = await pageFor(params.slug, params.page, viewer);
  if (movedTo) throw redirect(`/p/${production.slug}/wiki/${movedTo}/history`, 301);
  authorize(context, request, "read", resource);
  const name = wikiDocName(page.id);
  const versions = await listVersions(name);
  const url = new URL(request.url);
  const from = Number(url.searchParams.get("from")) || versions[1]?.number || null;
  const to = Number(url.searchParams.get("to")) || versions[0]?.number || null;
  let diff = null;
  if (from && to) {
    const [a, b] = await Promise.all([versionBlocks(name, from), versionBlocks(name, to)]);
    if (a && b) diff = { from, to, lines: diffBlocks(a, b) };
  }
  return {
    production,
    page: { slug: page.slug, title: page.title },
    versions,
    diff,
    from,
    to,
    restored: Number(url.searchParams.get("restored")) || null,
    canRestore: can(policyUser(viewer), "restore", resource),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, page, resource } = await pageFor(params.slug, params.page, viewer);
  authorize(context, request, "restore", resource);
  const number = Number((await request.formData()).get("number"));
  const info = await resolveDocument(wikiDocName(page.id));
  if (!info || !(await restoreVersion(info, number, viewer.id))) throw new Response("No such version", { status: 404 });
  await reindexPage(page.id);
  throw redirect(`/p/${production.slug}/wiki/${page.slug}/history?restored=${number}`);
}

export default function WikiHistory({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, page, versions, diff } = loaderData;
  const base = `/p/${production.slug}/wiki/${page.slug}`;
  return (
    <article className="page">
      <title>{`${t("wiki.history")} — ${page.title} — ${production.title}`}</title>
      <p>
        <Link to={base}>← {page.title}</Link>
      </p>
      <h1>
        {t("wiki.history")}: {page.title}
      </h1>
      {loaderData.restored ? <Notice>{t("wiki.restored", { n: loaderData.restored })}</Notice> : null}
      {versions.length ? (
        <ol className="versions" reversed>
          {versions.map((v) => (
            <li key={v.number} data-testid={`version-${v.number}`}>
              <VersionLabel number={v.number} label={v.label} />{" "}
              <span className="muted">
                {date(v.createdAt, true)}
                {v.editors.length ? ` · ${t("history.editors")}: ${v.editors.map((e) => e.displayName).join(", ")}` : ""}
              </span>
              {loaderData.canRestore ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="number" value={v.number} />
                  <button type="submit" className="link-button" aria-label={`${t("wiki.restore")} ${v.number}`}>
                    {t("wiki.restore")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty-state">{t("history.none")}</p>
      )}
      {versions.length > 1 ? (
        <Form method="get" className="filters">
          {(["from", "to"] as const).map((name) => (
            <div className="field" key={name}>
              <label htmlFor={name}>{t(name === "from" ? "history.from" : "history.to")}</label>
              <select id={name} name={name} defaultValue={loaderData[name] ?? undefined}>
                {versions.map((v) => (
                  <option key={v.number} value={v.number}>
                    {t("history.versionN", { n: v.number })}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <button type="submit">{t("history.compare")}</button>
        </Form>
      ) : null}
      {diff ? <VersionDiff diff={diff} /> : null}
    </article>
  );
}
