import { Link } from "react-router";
import { useT } from "~/ui/i18n";
import type { Phase } from "../phases";

export type ProductionSummary = {
  slug: string;
  title: string;
  logline: string;
  phase: Phase;
  posterId: string | null;
  _count: { memberships: number };
};

export function ProductionList({ productions }: { productions: ProductionSummary[] }) {
  const t = useT();
  return (
    <ul className="cards">
      {productions.map((p) => (
        <li key={p.slug} className="card">
          {p.posterId ? <img src={`/p/${p.slug}/poster?size=thumb`} alt="" className="card-poster" loading="lazy" /> : null}
          <div className="card-body">
            <h3>
              <Link to={`/p/${p.slug}`}>{p.title}</Link>
            </h3>
            <p className="badge">{t(`phase.${p.phase}`)}</p>
            {p.logline ? <p>{p.logline}</p> : null}
            <p className="muted">
              {t("explore.members", { count: p._count.memberships })}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}
