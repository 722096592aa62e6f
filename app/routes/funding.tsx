import { Link } from "react-router";
import type { Route } from "./+types/funding";
import { Balances, LedgerTable } from "~/features/funding/components/ledger";
import { fundingOf, shownEntry } from "~/features/funding/funding.server";
import { balances, entries } from "~/features/funding/ledger.server";
import { authorize, viewerOf } from "~/lib/http.server";
import { useT } from "~/ui/i18n";

// The funding section's first page: the balance, the latest entries, the way to the rest.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production, resource } = await fundingOf(params.slug, viewerOf(context)?.id);
  authorize(context, request, "readLedger", resource);
  const [money, latest] = await Promise.all([balances(production.id), entries(production.id, { take: 5 })]);
  return {
    production: { slug: production.slug, title: production.title },
    balances: money,
    latest: latest.map(shownEntry),
  };
}

export default function Funding({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { production } = loaderData;
  const base = `/p/${production.slug}/funding`;
  return (
    <article className="page">
      <title>{`${t("funding.title")} — ${production.title}`}</title>
      <h1>{t("funding.title")}</h1>
      <p className="lead">{t("funding.lead")}</p>
      <section aria-labelledby="balance-h">
        <h2 id="balance-h">{t("funding.balance")}</h2>
        <Balances balances={loaderData.balances} />
        <p className="muted">{t("funding.balanceHelp")}</p>
      </section>
      <section aria-labelledby="latest-h">
        <h2 id="latest-h">{t("funding.latest")}</h2>
        {loaderData.latest.length ? <LedgerTable entries={loaderData.latest} label={t("funding.latest")} /> : <p className="muted">{t("ledger.empty")}</p>}
        <p>
          <Link to={`${base}/ledger`}>{t("funding.allLedger")} →</Link>
        </p>
        <p>
          <Link to={`${base}/budget`}>{t("funding.budget")} →</Link>
        </p>
      </section>
      <section aria-labelledby="after-h">
        <h2 id="after-h">{t("funding.afterRelease")}</h2>
        <ul className="plain-list">
          <li>
            <Link to={`${base}/support`}>{t("support.title")} →</Link>
          </li>
          <li>
            <Link to={`${base}/shares`}>{t("shares.title")} →</Link>
          </li>
        </ul>
      </section>
    </article>
  );
}
