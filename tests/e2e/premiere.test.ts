// The premiere's countdown (decision 0046): on the viewer's clock with the zone named, in
// English and French, on a phone and a laptop; a timer screen readers do not announce;
// and at zero the release page and its embed fetch themselves again and the film is there.
import type { Page } from "playwright-core";
import { createRelease } from "~/features/releases/releases.server";
import { db } from "~/lib/db.server";
import { formatDate } from "~/lib/i18n";
import { testProduction, testUser } from "../support/collab";
import { generatedFilm, uploadToRelease } from "../support/film";
import { baseUrl, expect, test, visit } from "../support/browser";

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** The browser has told the studio its zone (the root layout sets a cookie on the first page). */
async function zoneKnown(page: Page, zone: string) {
  await expect.poll(async () => (await page.context().cookies()).find((c) => c.name === "claquette_tz")?.value).toBe(encodeURIComponent(zone));
}

test("the countdown reads on the viewer's clock with the zone, in French at 390 px and English at 1366 px, and is not announced", async ({ person }) => {
  const producer = await testUser("lumiere");
  const { production } = await testProduction(producer);
  // Whole minutes, so that no second of the test's own run changes the words.
  const publishAt = new Date(Math.ceil((Date.now() + 2 * day + 4 * hour + 30 * minute) / minute) * minute);
  await createRelease(production.id, producer.id, { slug: "premiere", title: "Premiere", version: "1.0", licence: "CC-BY-SA-4.0", publishAt, synopsis: "" });
  const zone = "Europe/Paris";
  const cases = [
    { locale: "fr-FR", lang: "fr" as const, width: 390, words: "Première dans 2 jours 4 heures — " },
    { locale: "en-GB", lang: "en" as const, width: 1366, words: "Premieres in 2 days 4 hours — " },
  ];
  for (const c of cases) {
    const viewer = await person({ locale: c.locale, timezoneId: zone, viewport: { width: c.width, height: 844 } });
    const hydration: string[] = [];
    viewer.on("console", (m) => {
      if (m.type() === "error" && /hydrat/i.test(m.text())) hydration.push(m.text());
    });
    await visit(viewer, "/");
    await zoneKnown(viewer, zone);
    await visit(viewer, `/p/${production.slug}/releases/premiere`);
    const countdown = viewer.getByTestId("countdown");
    // The instant on the viewer's clock, the zone named, as every time of the studio (0035).
    expect(await countdown.textContent()).toBe(`${c.words}${formatDate(c.lang, publishAt, true, zone)}`);
    expect(await countdown.textContent()).toContain("(Europe/Paris)");
    // What ticks is a timer (not announced), inside no live region.
    const left = viewer.getByTestId("countdown-left");
    expect(await left.getAttribute("role")).toBe("timer");
    expect(await left.evaluate((e) => e.closest("[aria-live]:not([aria-live='off'])") === null)).toBe(true);
    expect(await viewer.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(hydration).toEqual([]);
    // The embed says it too, in the viewer's zone.
    await visit(viewer, `/p/${production.slug}/releases/premiere/embed`);
    expect(await viewer.getByTestId("countdown").textContent()).toBe(`${c.words}${formatDate(c.lang, publishAt, true, zone)}`);
  }
});

test("at zero the release page and its embed fetch themselves again, without a reload, and the film is there", async ({ person }) => {
  const producer = await testUser("melies");
  const { production } = await testProduction(producer);
  const created = await createRelease(production.id, producer.id, { slug: "soon", title: "Soon", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() + day), synopsis: "" });
  if (!created.ok) throw new Error("release");
  await uploadToRelease(baseUrl, producer, created.release.id, "film.mp4", "film", generatedFilm(), { label: "360p" });
  // The premiere comes while the visitor is on the page (opening two pages and checking
  // them with axe takes a while on a busy machine).
  const publishAt = new Date(Date.now() + 50_000);
  await db.release.update({ where: { id: created.release.id }, data: { publishAt } });

  const viewer = await person({ viewport: { width: 1366, height: 900 } });
  const embed = await person({ viewport: { width: 640, height: 400 } });
  await visit(viewer, `/p/${production.slug}/releases/soon`);
  await visit(embed, `/p/${production.slug}/releases/soon/embed`);
  for (const page of [viewer, embed]) {
    expect(Date.now(), "the pages were opened before the premiere").toBeLessThan(publishAt.getTime());
    await expect.poll(() => page.getByTestId("countdown").count()).toBe(1);
    expect(await page.getByTestId("player-frame").count()).toBe(0);
    // Marks this document: a reload would lose it.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  }
  // In the last minute it counts seconds.
  await expect.poll(() => viewer.getByTestId("countdown-left").textContent(), { timeout: 60_000 }).toMatch(/^\d+ seconds?$/);
  for (const page of [viewer, embed]) {
    await expect.poll(() => page.getByTestId("player-frame").count(), { timeout: 60_000 }).toBe(1);
    expect(await page.getByTestId("countdown").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  }
  expect(Date.now()).toBeGreaterThanOrEqual(publishAt.getTime());
}, 180_000);
