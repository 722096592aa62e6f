// Releases in PostgreSQL: the cut, its licence and publication time, its files,
// its credits and the screenings around it.
import { productionContributors } from "~/features/collab/store.server";
import { backerCredits } from "~/features/funding/campaigns.server";
import type { Prisma, ReleaseFileKind } from "~/generated/prisma/client";
import type { Viewer } from "~/lib/context";
import { db } from "~/lib/db.server";
import { productionRead } from "~/features/productions/production-read.server";
import { notFound } from "~/lib/http.server";
import type { Translate } from "~/lib/i18n";
import type { Resource } from "~/lib/policy";
import { licence, licenceName } from "./licences";

export const isPublished = (release: { publishAt: Date }, now = new Date()) => release.publishAt.getTime() <= now.getTime();

const fileOrder: Prisma.ReleaseFileOrderByWithRelationInput[] = [{ kind: "asc" }, { size: "desc" }, { name: "asc" }];

/** A release of a production, with what the policy needs about the person asking. */
export async function releaseFor(slug: string, releaseSlug: string, viewer: Pick<Viewer, "id"> | null) {
  const { row: production, role } = (await productionRead(slug, viewer?.id)) ?? notFound();
  const found = await db.release.findUnique({
    where: { productionId_slug: { productionId: production.id, slug: releaseSlug } },
    include: {
      files: { orderBy: fileOrder },
      stills: { orderBy: { position: "asc" }, select: { imageId: true, caption: true } },
      credits: { orderBy: [{ position: "asc" }, { name: "asc" }], select: { role: true, name: true, user: { select: { handle: true } } } },
    },
  });
  if (!found) notFound();
  const release = found;
  const resource: Resource = { type: "release", role, published: isPublished(release) };
  return { production: { id: production.id, slug: production.slug, title: production.title, posterId: production.posterId }, release, role, resource };
}

export type ReleaseInput = { slug: string; title: string; version: string; licence: string; publishAt: Date; synopsis: string };

/** Further back than the minute a form can name: a premiere is never set there (decision 0010). */
export const inThePast = (at: Date, now = new Date()) => at.getTime() < now.getTime() - 60_000;

export async function createRelease(productionId: string, userId: string, input: ReleaseInput) {
  try {
    const release = await db.$transaction(async (tx) => {
      const created = await tx.release.create({ data: { ...input, productionId, createdById: userId } });
      // The premiere is public from the start, and every change of it after (movePremiere).
      await tx.productionEvent.create({ data: { productionId, actorId: userId, kind: "release.created", data: { subject: input.title, to: input.publishAt.toISOString() } } });
      return created;
    });
    return { ok: true as const, release };
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return { ok: false as const, problem: "release.form.slugTaken" as const };
    throw e;
  }
}

/** The release's facts other than its premiere, which only movePremiere changes. */
export async function updateRelease(releaseId: string, input: Omit<ReleaseInput, "slug" | "publishAt">) {
  return db.release.update({ where: { id: releaseId }, data: input });
}

export type PremiereProblem = "release.form.premierePast" | "release.form.premiereFixed";

/**
 * Move a release's premiere to `to`, or publish it "now": never into the past, and only
 * while it is still to come (the caller has asked the policy's `schedule`, which is
 * the producers' alone). Every move is told in the production's public activity.
 */
export async function movePremiere(
  release: { id: string; productionId: string; title: string; publishAt: Date },
  actorId: string,
  to: Date | "now",
): Promise<{ ok: true; publishAt: Date } | { ok: false; problem: PremiereProblem }> {
  const now = new Date();
  if (to !== "now" && inThePast(to, now)) return { ok: false, problem: "release.form.premierePast" };
  const at = to === "now" ? now : to;
  return db.$transaction(async (tx) => {
    // Still to come at this instant, in the same statement: a premiere that has passed stays where it was.
    const moved = await tx.release.updateMany({ where: { id: release.id, publishAt: { gt: now } }, data: { publishAt: at } });
    if (!moved.count) return { ok: false as const, problem: "release.form.premiereFixed" as const };
    await tx.productionEvent.create({
      data: {
        productionId: release.productionId,
        actorId,
        kind: to === "now" ? "release.published" : "release.premiere",
        data: { subject: release.title, from: release.publishAt.toISOString(), to: at.toISOString() },
      },
    });
    return { ok: true as const, publishAt: at };
  });
}

export async function listReleases(productionId: string) {
  return db.release.findMany({
    where: { productionId },
    orderBy: { publishAt: "desc" },
    select: { slug: true, title: true, version: true, publishAt: true, licence: true },
  });
}

export async function removeReleaseFile(releaseId: string, fileId: string) {
  return db.releaseFile.deleteMany({ where: { id: fileId, releaseId } });
}

export async function addCredit(releaseId: string, credit: { role: string; name: string }) {
  const last = await db.releaseCredit.findFirst({ where: { releaseId }, orderBy: { position: "desc" }, select: { position: true } });
  return db.releaseCredit.create({ data: { releaseId, ...credit, position: (last?.position ?? 0) + 1 } });
}

/** Downloads per file, all days summed (never who, never from where). */
export async function downloadCounts(releaseId: string): Promise<Map<string, number>> {
  const sums = await db.releaseDownload.groupBy({ by: ["fileId"], where: { file: { releaseId } }, _sum: { count: true } });
  return new Map(sums.map((s) => [s.fileId, s._sum.count ?? 0]));
}

export type CreditGroup = { role: string; names: { name: string; handle: string | null }[] };

/**
 * Everyone who made it: the credits producers added by hand, grouped by role in
 * the order given, then the production's contributors to its live documents.
 */
export async function creditsOf(
  productionId: string,
  manual: { role: string; name: string; user: { handle: string } | null }[],
  contributorsRole: string,
  /** the title backers are credited under, in the reader's language ("Backer", "Co-producer") */
  backerTitle: (creditAs: string) => string = (c) => c,
) {
  const groups: CreditGroup[] = [];
  for (const c of manual) {
    let group = groups.find((g) => g.role === c.role);
    if (!group) groups.push((group = { role: c.role, names: [] }));
    group.names.push({ name: c.name, handle: c.user?.handle ?? null });
  }
  const listed = new Set(manual.flatMap((c) => (c.user ? [c.user.handle] : [])));
  const contributors = (await productionContributors(productionId)).filter((c) => !listed.has(c.user.handle));
  if (contributors.length) groups.push({ role: contributorsRole, names: contributors.map((c) => ({ name: c.user.displayName, handle: c.user.handle })) });
  // Backers who gave a name, by their tier's title; never linked to an account.
  for (const b of await backerCredits(productionId)) groups.push({ role: backerTitle(b.role), names: b.names.map((name) => ({ name, handle: null })) });
  return groups;
}

/** The TASL attribution (title, author, source, licence) people copy when they share or remix it. */
export function attributionText(t: Translate, o: { filmTitle: string; releaseTitle: string; version: string; url: string; licence: string }): string {
  const l = licence(o.licence);
  const vars = { title: o.filmTitle, cut: o.releaseTitle, version: o.version, url: o.url, licence: licenceName(o.licence), uri: l?.uri ?? "" };
  return t(l?.spdx === "CC0-1.0" ? "release.taslCc0" : "release.tasl", vars);
}

export function creditsText(o: { filmTitle: string; releaseTitle: string; version: string; groups: CreditGroup[]; attribution: string }): string {
  const lines = [`${o.filmTitle} — ${o.releaseTitle} (${o.version})`, ""];
  for (const g of o.groups) {
    lines.push(g.role);
    for (const n of g.names) lines.push(`  ${n.name}`);
    lines.push("");
  }
  lines.push(o.attribution, "");
  return lines.join("\n");
}

export const fileKinds: ReleaseFileKind[] = ["film", "audio", "subtitles", "source"];
