import { Link } from "react-router";
import type { Route } from "./+types/funding.share";
import { Amount } from "~/features/funding/components/ledger";
import { ShareRule, ShareTable } from "~/features/funding/components/shares";
import { fundingOf } from "~/features/funding/funding.server";
import { distributionOf } from "~/features/funding/shares.server";
import { authorize, notFound, viewerOf } from "~/lib/http.server";
import { useFormatDate, useT } from "~/ui/i18n";

// One distribution: the rule, each person's weight and share, the exports to check them.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, resource } = await fundingOf(params.slug, viewerOf(context)?.id);
  authorize(context, request, "readShares", resource);
  const distribution = (await distributionOf(production.id, params.distribution)) ?? notFound();
  return { production: { slug: production.slug, title: production.title }, distribution };
}

export default function Share({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, distribution: d } = loaderData;
  const base = `/p/${production.slug}/funding/shares`;
  return (
    <article className="page">
      <title>{`${t("shares.distribution")} — ${production.title}`}</title>
      <p>
        <Link to={base}>← {t("shares.title")}</Link>
      </p>
      <h1>{t("shares.distribution")}</h1>
      <p className="lead">
        <Amount money={d} /> · {date(d.createdAt, true)}
        {d.createdBy ? ` · ${d.createdBy.displayName}` : ""}
      </p>
      <ShareRule />
      <p className="muted">{t("shares.ruleName", { rule: d.rule })}</p>
      <h2>{t("shares.parts")}</h2>
      <ShareTable rows={d.shares} currency={d.currency} label={t("shares.parts")} />
      <p>
        {t("shares.exports")}: <a href={`${base}/${d.id}/shares.csv`} download>{t("ledger.csv")}</a> · <a href={`${base}/${d.id}/shares.json`}>{t("ledger.json")}</a>
      </p>
    </article>
  );
}
