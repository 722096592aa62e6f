// A scheduled premiere and the web renditions (decision 0044, amended): the premiere is a
// public promise that does not wait for them, so setting it while they are not ready asks
// the producer's knowing choice, the release page warns the producers while they are
// behind, the producers are told a day ahead, and at the hour the film opens as uploaded.
import { describe, expect, inject, it } from "vitest";
import { createRelease, movePremiere } from "~/features/releases/releases.server";
import { warnPremieresWithoutRenditions } from "~/features/releases/renditions.server";
import { db } from "~/lib/db.server";
import type { RenditionStatus } from "~/generated/prisma/client";
import { testProduction, testUser, type TestUser } from "../support/collab";

const base = inject("baseUrl");
const hour = 3600_000;

const get = (p: string, user?: TestUser | null, lang = "en") => fetch(`${base}${p}`, { headers: { "Accept-Language": lang, ...(user ? { Cookie: user.cookie } : {}) }, redirect: "manual" });

const post = (p: string, user: TestUser, form: Record<string, string>, lang = "en") =>
  fetch(`${base}${p}`, {
    method: "POST",
    headers: { Origin: base, Cookie: user.cookie, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": lang },
    body: new URLSearchParams(form),
    redirect: "manual",
  });

/** A release premiering in `inMs`, with a film whose renditions are in the given states (made by hand: no job runs for them). */
async function setting(inMs: number, statuses: RenditionStatus[]) {
  const producer = await testUser("prod");
  const member = await testUser("mem");
  const { production } = await testProduction(producer, [member]);
  const created = await createRelease(production.id, producer.id, { slug: "cut", title: "Cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() + inMs), synopsis: "" });
  if (!created.ok) throw new Error("release");
  const release = created.release;
  const file = await db.releaseFile.create({ data: { releaseId: release.id, name: "film.mp4", kind: "film", mimeType: "video/mp4", size: 10n, sha256: "0".repeat(64), storageKey: `releases/${release.id}/ffilm` } });
  for (const [i, status] of statuses.entries()) {
    const id = `r${crypto.randomUUID().replaceAll("-", "")}`;
    await db.rendition.create({ data: { id, releaseId: release.id, fileId: file.id, kind: "mp4", width: 854, height: 480 - i * 2, status, storageKey: `releases/${release.id}/${id}` } });
  }
  return { producer, member, production, release, page: `/p/${production.slug}/releases/cut` };
}

/** The facts form as the page sends it, with the premiere at `at` (UTC wall clock). */
const facts = (at: Date, extra: Record<string, string> = {}) => ({
  intent: "facts",
  title: "Cut",
  version: "1.0",
  licence: "CC-BY-SA-4.0",
  publishAt: at.toISOString().slice(0, 16),
  timeZone: "UTC",
  synopsis: "",
  ...extra,
});

const premiereOf = async (id: string) => (await db.release.findUniqueOrThrow({ where: { id } })).publishAt;
const warnings = (userId: string) => db.notification.findMany({ where: { userId, kind: "premiereRenditions" }, orderBy: { createdAt: "asc" } });

describe("a scheduled premiere and the web renditions", () => {
  it("is set while they are not ready only knowingly, and the release page warns its producers", async () => {
    const { producer, member, release, page } = await setting(48 * hour, ["queued", "failed", "ready"]);

    // The producers see how many are behind and what happens at the hour; nobody else does.
    const html = await (await get(page, producer)).text();
    expect(html).toContain('data-testid="premiere-renditions"');
    expect(html).toContain("2 web renditions are not ready (1 failed). The premiere will not wait for them");
    expect(await (await get(page, producer, "fr")).text()).toContain("2 versions web ne sont pas prêtes (1 en échec). L’avant-première ne les attendra pas");
    expect(await (await get(page, member)).text()).not.toContain("premiere-renditions");
    expect(await (await get(page)).text()).not.toContain("premiere-renditions");

    // Moving the premiere without the knowing choice is refused, in English and French, and the date stays.
    const before = await premiereOf(release.id);
    const to = new Date(Math.ceil((Date.now() + 30 * hour) / 60_000) * 60_000);
    const refused = await post(page, producer, facts(to));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("The web renditions are not all ready, and the premiere will not wait for them.");
    const refusedFr = await post(page, producer, facts(to), "fr");
    expect(await refusedFr.text()).toContain("Les versions web ne sont pas toutes prêtes, et l’avant-première ne les attendra pas.");
    expect((await premiereOf(release.id)).getTime()).toBe(before.getTime());

    // Knowingly: moved.
    expect((await post(page, producer, facts(to, { masterAlone: "yes" }))).status).toBe(200);
    expect((await premiereOf(release.id)).getTime()).toBe(to.getTime());
  });

  it("is moved without a question when every rendition is ready", async () => {
    const { producer, release, page } = await setting(48 * hour, ["ready", "ready"]);
    const html = await (await get(page, producer)).text();
    expect(html).not.toContain("premiere-renditions");
    expect(html).not.toContain('name="masterAlone"');
    const to = new Date(Math.ceil((Date.now() + 30 * hour) / 60_000) * 60_000);
    expect((await post(page, producer, facts(to))).status).toBe(200);
    expect((await premiereOf(release.id)).getTime()).toBe(to.getTime());
  });

  it("tells the producers once, a day ahead, when renditions are still missing or failed, and again for a new time", async () => {
    const soon = await setting(2 * hour, ["failed", "ready"]);
    const far = await setting(72 * hour, ["queued"]);
    const ready = await setting(2 * hour, ["ready"]);

    // The studio runs this pass every few seconds too: whoever runs it, each premiere is told once.
    await warnPremieresWithoutRenditions();
    await warnPremieresWithoutRenditions();
    const told = await warnings(soon.producer.id);
    expect(told).toHaveLength(1);
    expect(told[0]!.data).toMatchObject({ title: "Cut", release: "cut", count: "1", failed: "1" });
    expect(await warnings(soon.member.id)).toHaveLength(0);
    expect(await warnings(far.producer.id)).toHaveLength(0); // more than a day ahead: not yet
    expect(await warnings(ready.producer.id)).toHaveLength(0); // nothing missing

    // On the producer's notifications, in words, linking to the release.
    const list = await (await get("/notifications", soon.producer)).text();
    expect(list).toContain("“Cut” premieres within a day and 1 of its web renditions is not ready (1 failed)");
    expect(list).toContain(`href="${soon.page}"`);

    // A new time is a new promise: told again.
    const moved = await movePremiere({ ...soon.release, productionId: soon.production.id }, soon.producer.id, new Date(Date.now() + 3 * hour));
    expect(moved.ok).toBe(true);
    await warnPremieresWithoutRenditions();
    expect(await warnings(soon.producer.id)).toHaveLength(2);
  });

  it("opens at its hour with the film as uploaded when the renditions are not ready", async () => {
    const { release, page } = await setting(48 * hour, ["queued"]);
    await db.release.update({ where: { id: release.id }, data: { publishAt: new Date(Date.now() - 1000) } });
    const html = await (await get(page)).text();
    expect(html).not.toContain('data-testid="embargo"');
    expect(html).toContain(`src="${page}/files/film.mp4"`);
    expect(html).not.toContain("/renditions/");
  });
});
