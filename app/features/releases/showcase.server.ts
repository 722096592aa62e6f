// Films one can watch now, and premieres to come: what /explore and a production's home
// lead with (decision 0046). A fixed number of statements whatever the number of films:
// the productions and the film's shape come in the same read as the releases.
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

/** Released films with a film file, newest premiere first; then premieres to come, soonest first. */
export async function showcase({ take = 12, now = new Date() } = {}) {
  const [released, coming] = await Promise.all([
    db.release.findMany({ where: { publishAt: { lte: now }, files: { some: { kind: "film" } } }, orderBy: { publishAt: "desc" }, take, select: withProduction }),
    db.release.findMany({ where: { publishAt: { gt: now } }, orderBy: { publishAt: "asc" }, take, select: withProduction }),
  ]);
  return { watchNow: released.map((r) => card(r, r.production)), coming: coming.map((r) => card(r, r.production)) };
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
