import { Link } from "react-router";
import type { Route } from "./+types/script.compare";
import { compareScripts } from "~/features/script/compare";
import { ScriptPages } from "~/features/script/components/script-pages";
import { layoutScript } from "~/features/script/layout";
import { getDraft, scriptOf, versionScript } from "~/features/script/script.server";
import { authorize, notFound, viewerOf } from "~/lib/http.server";
import { useT } from "~/ui/i18n";

// Two drafts compared as a screenplay: the later one laid out as it prints, every line
// that changed since the earlier one marked "*" in the margin.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, info, resource } = await scriptOf(params.slug, viewerOf(context));
  authorize(context, request, "read", resource);
  const url = new URL(request.url);
  const number = (name: string) => (/^\d{1,6}$/.test(url.searchParams.get(name) ?? "") ? Number(url.searchParams.get(name)) : notFound());
  const [from, to] = await Promise.all([getDraft(production.id, number("from")), getDraft(production.id, number("to"))]);
  if (!from || !to) notFound();
  const [before, after] = await Promise.all([versionScript(info.name, from.versionNumber), versionScript(info.name, to.versionNumber)]);
  if (!before || !after) notFound();
  const { changed, removed } = compareScripts(before, after);
  const layout = layoutScript(after, { changed });
  const revisedLines = layout.pages.reduce((n, p) => n + p.lines.filter((l) => l.revised).length, 0);
  return {
    production: { slug: production.slug, title: production.title },
    from: { number: from.number, name: from.name },
    to: { number: to.number, name: to.name, colour: to.colour },
    layout,
    changedElements: changed.size,
    removed,
    revisedLines,
  };
}

export default function ScriptCompare({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { production, from, to } = loaderData;
  return (
    <article className="page page-wide">
      <title>{`${t("script.compareTitle")} — ${production.title}`}</title>
      <p>
        <Link to={`/p/${production.slug}/script/drafts`}>← {t("script.drafts")}</Link>
      </p>
      <h1>{t("script.compareHeading", { from: `${from.number}. ${from.name}`, to: `${to.number}. ${to.name}` })}</h1>
      <p className="lead" data-testid="compare-summary">
        {t("script.compareSummary", {
          elements: t("script.count.passagesChanged", { count: loaderData.changedElements }),
          lines: t("script.count.linesMarked", { count: loaderData.revisedLines }),
          removed: t("script.count.passagesRemoved", { count: loaderData.removed }),
        })}
      </p>
      <p>
        <a href={`/p/${production.slug}/script.pdf?draft=${to.number}`}>{t("script.draftPdf")}</a>
      </p>
      <ScriptPages layout={loaderData.layout} pageLabel={(n) => t("script.pageN", { n })} titlePageLabel={t("script.titlePage")} />
    </article>
  );
}
