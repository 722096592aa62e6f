// The agenda of theatrical and community screenings: on the release page, the
// production home, and as a calendar anyone can subscribe to.
import { db } from "~/lib/db.server";

export type ScreeningInput = {
  kind: "theatrical" | "community";
  venue: string;
  address: string;
  city: string;
  startsAt: Date;
  timeZone: string;
  language: string;
  subtitles: string;
  ticketUrl: string | null;
  releaseId: string | null;
};

export async function addScreening(productionId: string, input: ScreeningInput) {
  return db.screening.create({ data: { ...input, productionId } });
}

export async function removeScreening(productionId: string, id: string) {
  return db.screening.deleteMany({ where: { id, productionId } });
}

/** Screenings from a few hours ago on (one that started is still worth showing), soonest first. */
export async function upcomingScreenings(productionId: string, { releaseId, take = 50, now = new Date() }: { releaseId?: string; take?: number; now?: Date } = {}) {
  return db.screening.findMany({
    where: { productionId, ...(releaseId ? { releaseId } : {}), startsAt: { gte: new Date(now.getTime() - 6 * 3600_000) } },
    orderBy: { startsAt: "asc" },
    take,
  });
}

/** Every screening, for the calendar (past ones stay in people's calendars). */
export async function allScreenings(productionId: string) {
  return db.screening.findMany({ where: { productionId }, orderBy: { startsAt: "asc" }, take: 1000, include: { release: { select: { slug: true, title: true } } } });
}
