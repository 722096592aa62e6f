import { Link } from "react-router";
import type { Route } from "./+types/tracker.callsheet";
import { callSheetOf } from "~/features/tracker/schedule.server";
import { trackerOf } from "~/features/tracker/tracker.server";
import { authorize, viewerOf } from "~/lib/http.server";
import { useLocale, useT } from "~/ui/i18n";
import "~/features/tracker/callsheet.css";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, role } = await trackerOf(params.slug, viewer);
  // Call sheets are public, like the schedule: productions are made in the open.
  authorize(context, request, "read", { type: "production", role });
  const sheet = await callSheetOf(production.id, params.day);
  return { production, ...sheet };
}

export default function CallSheet({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const { production, day, strips, cast, crew } = loaderData;
  const date = new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", { dateStyle: "full", timeZone: "UTC" }).format(new Date(day.date));
  const schedule = `/p/${production.slug}/tracker/schedule`;
  return (
    <article className="page callsheet">
      <title>{`${t("schedule.callSheet")} — ${t("schedule.dayN", { n: day.n })} — ${production.title}`}</title>
      <nav className="no-print callsheet-nav" aria-label={t("schedule.callSheetNav")}>
        <Link to={`${schedule}#d-${day.id}`}>← {t("schedule.title")}</Link>
        {loaderData.previous ? <Link to={`${schedule}/${loaderData.previous}`}>{t("schedule.previousDay")}</Link> : null}
        {loaderData.next ? <Link to={`${schedule}/${loaderData.next}`}>{t("schedule.nextDay")}</Link> : null}
      </nav>
      <header className="callsheet-head">
        <p className="callsheet-production">{production.title}</p>
        <h1>
          {t("schedule.callSheet")} — {t("schedule.dayNofM", { n: day.n, of: day.of })}
        </h1>
        <dl className="facts callsheet-facts">
          <dt>{t("schedule.form.date")}</dt>
          <dd>{date}</dd>
          <dt>{t("schedule.form.callTime")}</dt>
          <dd className="callsheet-call">{day.callTime}</dd>
          <dt>{t("schedule.form.location")}</dt>
          <dd>{day.location || t("schedule.noLocation")}</dd>
          <dt>{t("schedule.pages")}</dt>
          <dd>{loaderData.pages}</dd>
        </dl>
      </header>

      <section aria-labelledby="cs-scenes">
        <h2 id="cs-scenes">{t("schedule.scenes")}</h2>
        {strips.length ? (
          <div className="table-wrap">
            <table className="stack-on-phone callsheet-scenes">
              <thead>
                <tr>
                  <th scope="col">{t("schedule.col.scene")}</th>
                  <th scope="col">{t("schedule.col.set")}</th>
                  <th scope="col">{t("schedule.col.light")}</th>
                  <th scope="col">{t("schedule.col.pages")}</th>
                  <th scope="col">{t("schedule.col.cast")}</th>
                </tr>
              </thead>
              <tbody>
                {strips.map((s) => (
                  <tr key={s.id} className={`strip-${s.kind}`}>
                    <td data-label={t("schedule.col.scene")}>{s.number || "—"}</td>
                    <td data-label={t("schedule.col.set")}>
                      {s.heading}
                      {s.cut ? <span className="strip-cut"> ({t("schedule.strip.cut")})</span> : null}
                    </td>
                    <td data-label={t("schedule.col.light")}>
                      {s.intExt ?? "—"} · {t(`schedule.light.${s.light}`)}
                    </td>
                    <td data-label={t("schedule.col.pages")} className="callsheet-pages">
                      {s.pages}
                    </td>
                    <td data-label={t("schedule.col.cast")}>{s.characters.join(", ")}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={3}>
                    {t("schedule.total")}
                  </th>
                  <td data-label={t("schedule.col.pages")} className="callsheet-pages">
                    {loaderData.pages}
                  </td>
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>
        ) : (
          <p className="muted">{t("schedule.dayEmpty")}</p>
        )}
      </section>

      <section aria-labelledby="cs-cast">
        <h2 id="cs-cast">{t("schedule.cast")}</h2>
        {cast.length ? (
          <ol className="callsheet-cast">
            {cast.map((c) => (
              <li key={c.name}>
                <strong>{c.name}</strong> <span className="muted">— {t("schedule.inScenes", { scenes: c.scenes.join(", ") })}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">{t("schedule.noCast")}</p>
        )}
      </section>

      <section aria-labelledby="cs-notes">
        <h2 id="cs-notes">{t("schedule.form.notes")}</h2>
        {day.notes ? <p className="prose">{day.notes}</p> : <p className="muted">{t("schedule.noNotes")}</p>}
      </section>

      <section aria-labelledby="cs-crew">
        <h2 id="cs-crew">{t("schedule.crew")}</h2>
        {crew.length ? (
          <ul className="callsheet-crew">
            {crew.map((m) => (
              <li key={m.handle}>
                <Link to={`/u/${m.handle}`}>{m.displayName}</Link> <span className="muted">— {t(`role.${m.role}`)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("schedule.noCrew")}</p>
        )}
      </section>
    </article>
  );
}
