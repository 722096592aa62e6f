// Films one can watch, as cards (explore) and as the lead of a production's home
// (decision 0046): the poster cropped to the film's own shape, the title, the licence,
// the premiere, and a link to the release page.
import { Link } from "react-router";
import { licenceName } from "../licences";
import type { ShowcaseFilm } from "../showcase.server";
import { Countdown } from "./countdown";
import { useFormatDate, useT } from "~/ui/i18n";

type Film = Omit<ShowcaseFilm, "publishAt"> & { publishAt: Date | string };

const pageOf = (f: Film) => `/p/${f.production.slug}/releases/${f.slug}`;

/** The poster in the film's frame: cropped, never stretched; the frame alone without one. */
function FilmFrame({ film, size }: { film: Film; size: "thumb" | "full" }) {
  return (
    <div className="film-frame" style={{ aspectRatio: film.ratio }} data-testid="film-frame">
      {film.production.posterId ? <img src={`/p/${film.production.slug}/poster${size === "thumb" ? "?size=thumb" : ""}`} alt="" loading="lazy" /> : null}
    </div>
  );
}

export function FilmCards({ films, upcoming, testId }: { films: Film[]; upcoming?: boolean; testId: string }) {
  const t = useT();
  const date = useFormatDate();
  return (
    <ul className="cards film-cards" data-testid={testId}>
      {films.map((f) => (
        <li key={`${f.production.slug}/${f.slug}`} className="card">
          <FilmFrame film={f} size="thumb" />
          <div className="card-body">
            <h3>
              <Link to={pageOf(f)}>{`${f.production.title} — ${f.title}`}</Link>
            </h3>
            <p className="muted">
              {licenceName(f.licence)} · {upcoming ? t("explore.premieresOn", { date: date(f.publishAt, true) }) : t("explore.premieredOn", { date: date(f.publishAt) })}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** The production home's lead: the released film to watch or download, or the premiere to come. */
export function FilmLead({ film, released, now }: { film: Film; released: boolean; now: Date | string }) {
  const t = useT();
  const page = pageOf(film);
  return (
    <section className="watch-film film-lead" aria-labelledby="watch-h" data-testid={released ? "watch-film" : "coming-film"}>
      <FilmFrame film={film} size="full" />
      <div>
        <h2 id="watch-h">{released ? t("production.watchFilmLead", { title: film.title }) : t("production.premiereLead", { title: film.title })}</h2>
        {released ? (
          <p className="actions">
            <Link to={page} className="button">
              {t("production.watchFilm")}
            </Link>
            <Link to={`${page}#files-h`} className="button button-secondary">
              {t("production.downloadFilm")}
            </Link>
          </p>
        ) : (
          <>
            <Countdown at={film.publishAt} now={now} />
            <p>
              <Link to={page}>{t("production.premiereLink")}</Link>
            </p>
          </>
        )}
        <p className="muted">{licenceName(film.licence)}</p>
      </div>
    </section>
  );
}
