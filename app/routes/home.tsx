import { Link } from "react-router";
import type { Route } from "./+types/home";
import { ProductionList } from "~/features/productions/components/production-card";
import { listProductions } from "~/features/productions/production.server";
import { authorize } from "~/lib/http.server";
import { useT } from "~/ui/i18n";

export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = authorize(context, request, "browse", { type: "site" });
  return { productions: await listProductions({ take: 6 }), signedIn: viewer !== null };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const t = useT();
  return (
    <div className="page">
      <title>{`${t("app.name")} — ${t("app.tagline")}`}</title>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
        <p className="actions">
          <Link to="/explore" className="button">
            {t("home.explore")}
          </Link>
          <Link to={loaderData.signedIn ? "/productions/new" : "/signup"} className="button button-secondary">
            {t("home.start")}
          </Link>
        </p>
      </section>
      <section aria-labelledby="recent">
        <h2 id="recent">{t("home.recent")}</h2>
        <ProductionList productions={loaderData.productions} />
      </section>
    </div>
  );
}
