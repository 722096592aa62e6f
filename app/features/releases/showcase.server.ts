// Films one can watch now, and premieres to come: what /explore and a production's home
// lead with (decision 0046). A fixed number of statements whatever the number of films:
// the productions and the film's shape come in the same read as the releases.
import { z } from "zod";
import { db } from "~/lib/db.server";

const select = {
  slug: true,
  title: true,
  licence: true,
  publishAt: true,
  // The biggest film gives the shape its poster is cropped to.
  files: { where: { kind: "film" as const }, orderBy: { size: "desc" as const }, take: 1, select: { width: true, height: true } },
};

type Row = { slug: string; title: string; licence: string; publishAt: Date; files: { width: number | null; height: number | null }[] };

/** What a card needs: where the film is, its shape (16:9 when unknown) and its poster. */
export type ShowcaseFilm = { slug: string; title: string; licence: string; publishAt: Date; ratio: string; production: { slug: string; title: string; posterId: string | null } };

const card = (r: Row, production: ShowcaseFilm["production"]): ShowcaseFilm => {
  const f = r.files[0];
  return { slug: r.slug, title: r.title, licence: r.licence, publishAt: r.publishAt, ratio: f?.width && f.height ? `${f.width} / ${f.height}` : "16 / 9", production };
};

const withProduction = { ...select, production: { select: { slug: true, title: true, posterId: true } } };

/** How many films a row of /explore shows at a time. */
export const SHOWCASE_ROW = 12;

// A row's page from the address (`?watch=2`): a whole number from 1, anything else the first.
const pageParam = z.coerce.number().int().min(1).max(10_000).catch(1);

/** The page of each row that an address of /explore asks for. */
export function showcasePages(params: URLSearchParams) {
  return { watchPage: pageParam.parse(params.get("watch") ?? undefined), comingPage: pageParam.parse(params.get("coming") ?? undefined) };
}

/**
 * Released films with a film file, newest premiere first; then premieres to come, soonest
 * first: a page of each row, in one statement per row whatever the page, with whether a
 * next page exists (one film more is read to know). The id settles equal premieres, so
 * that pages neither repeat nor skip a film.
 */
export async function showcase({ take = SHOWCASE_ROW, now = new Date(), watchPage = 1, comingPage = 1 } = {}) {
  const [released, coming] = await Promise.all([
    db.release.findMany({ where: { publishAt: { lte: now }, files: { some: { kind: "film" } } }, orderBy: [{ publishAt: "desc" }, { id: "asc" }], skip: (watchPage - 1) * take, take: take + 1, select: withProduction }),
    db.release.findMany({ where: { publishAt: { gt: now } }, orderBy: [{ publishAt: "asc" }, { id: "asc" }], skip: (comingPage - 1) * take, take: take + 1, select: withProduction }),
  ]);
  return {
    watchNow: released.slice(0, take).map((r) => card(r, r.production)),
    coming: coming.slice(0, take).map((r) => card(r, r.production)),
    watchPage,
    comingPage,
    moreWatchNow: released.length > take,
    moreComing: coming.length > take,
  };
}

/**
 * One production's film for its home, without reading the production again (the page has
 * it): the newest released one, else the next premiere.
 */
export async function productionFilm(production: ShowcaseFilm["production"] & { id: string }, now = new Date()) {
  const [released, next] = await Promise.all([
    db.release.findFirst({ where: { productionId: production.id, publishAt: { lte: now } }, orderBy: { publishAt: "desc" }, select }),
    db.release.findFirst({ where: { productionId: production.id, publishAt: { gt: now } }, orderBy: { publishAt: "asc" }, select }),
  ]);
  const { slug, title, posterId } = production;
  if (released) return { released: true as const, film: card(released, { slug, title, posterId }) };
  if (next) return { released: false as const, film: card(next, { slug, title, posterId }) };
  return null;
}
