import { Form, Link } from "react-router";
import type { Route } from "./+types/decision.history";
import { diffBlocks } from "~/features/collab/content";
import { VersionDiff } from "~/features/collab/components/version-diff";
import { VersionLabel } from "~/features/collab/components/version-label";
import { listVersions, versionBlocks } from "~/features/collab/store.server";
import { DecisionNumber } from "~/features/decisions/components/status";
import { decisionDocName, decisionFor } from "~/features/decisions/decisions.server";
import { authorize, viewerOf } from "~/lib/http.server";
import { useFormatDate, useT } from "~/ui/i18n";

// Every version of a decision's text, and the comparison of any two: how it was
// written, in the open, until it was decided.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, decision, resource } = await decisionFor(params.slug, Number(params.number), viewerOf(context));
  authorize(context, request, "read", resource);
  const name = decisionDocName(decision.id);
  const versions = await listVersions(name);
  const url = new URL(request.url);
  const from = Number(url.searchParams.get("from")) || versions[1]?.number || null;
  const to = Number(url.searchParams.get("to")) || versions[0]?.number || null;
  let diff = null;
  if (from && to) {
    const [a, b] = await Promise.all([versionBlocks(name, from), versionBlocks(name, to)]);
    if (a && b) diff = { from, to, lines: diffBlocks(a, b) };
  }
  return { production, decision: { number: decision.number, title: decision.title }, versions, diff, from, to };
}

export default function DecisionHistory({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, decision, versions, diff } = loaderData;
  const numbers = versions.map((v) => v.number);
  return (
    <article className="page">
      <title>{`${t("decision.history")} — ${t("decision.number", { n: decision.number })} — ${production.title}`}</title>
      <p>
        <Link to={`/p/${production.slug}/decisions/${decision.number}`}>
          ← <DecisionNumber number={decision.number} /> {decision.title}
        </Link>
      </p>
      <h1>{t("decision.historyAll")}</h1>
      {versions.length ? (
        <ol className="versions" reversed>
          {versions.map((v) => (
            <li key={v.number} data-testid={`version-${v.number}`}>
              <VersionLabel number={v.number} label={v.label} />{" "}
              <span className="muted">
                {date(v.createdAt, true)}
                {v.editors.length ? ` · ${t("history.editors")}: ${v.editors.map((e) => e.displayName).join(", ")}` : ""}
              </span>
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
                {numbers.map((n) => (
                  <option key={n} value={n}>
                    {t("history.versionN", { n })}
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
