// Films one can watch lead /explore (decision 0046): on a phone in French and a laptop in
// English, the "Watch now" row comes first, each poster cropped to its film's shape (a
// portrait poster in a 2.4:1 frame), nothing wider than the screen, and the card's link
// reached by keyboard opens the release page.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { createProduction } from "~/features/productions/production.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser } from "../support/collab";
import { a11y, expect, test, visit } from "../support/browser";

/** A portrait poster, 400×600, as producers upload them. */
function portraitPoster() {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "claquette-poster-")), "poster.png");
  execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=400x600", "-frames:v", "1", file]);
  return new Uint8Array(readFileSync(file));
}

test("explore leads with films to watch now, posters cropped to the film's shape, at 390 px in French and 1366 px in English", async ({ person }) => {
  const producer = await testUser("varda");
  const slug = `wide-${Date.now().toString(36)}`;
  const created = await createProduction(producer.id, { title: "Wide film", slug, logline: "", synopsis: "", phase: "released", licence: "CC-BY-SA-4.0", membersEditScript: true }, { bytes: portraitPoster() });
  if (!created.ok) throw new Error("production");
  const production = await db.production.findUniqueOrThrow({ where: { slug } });
  const release = await db.release.create({ data: { productionId: production.id, slug: "cut", title: "Scope cut", version: "1", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() - 1000), createdById: producer.id } });
  await db.releaseFile.create({
    data: { releaseId: release.id, name: "film.mp4", kind: "film", mimeType: "video/mp4", size: 10n, sha256: "0".repeat(64), width: 1920, height: 800, storageKey: `releases/${release.id}/f${randomBytes(6).toString("hex")}` },
  });

  for (const c of [
    { locale: "fr-FR", width: 390, heading: "À voir maintenant" },
    { locale: "en-GB", width: 1366, heading: "Watch now" },
  ]) {
    const viewer = await person({ locale: c.locale, viewport: { width: c.width, height: 844 } });
    await visit(viewer, "/explore");
    // The first section of the page is the films one can watch.
    expect(await viewer.locator("main h2").first().textContent()).toBe(c.heading);
    const card = viewer.getByTestId("watch-now").locator("li", { hasText: "Wide film — Scope cut" });
    const frame = (await card.getByTestId("film-frame").boundingBox())!;
    expect(Math.abs(frame.height - (frame.width * 800) / 1920), `the film's 2.4:1 shape at ${c.width}px`).toBeLessThanOrEqual(2);
    const img = card.locator("img");
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBeGreaterThan(0);
    const shown = (await img.boundingBox())!;
    expect(Math.abs(shown.height - frame.height) + Math.abs(shown.width - frame.width), "the poster fills the frame").toBeLessThanOrEqual(2);
    expect(await img.evaluate((i) => getComputedStyle(i).objectFit), "cropped, not squeezed").toBe("cover");
    expect(await viewer.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // By keyboard: Tab reaches the card's link, Enter opens the release page.
    const link = card.getByRole("link", { name: "Wide film — Scope cut" });
    let tabs = 0;
    while (tabs < 40 && !(await link.evaluate((a) => a === document.activeElement))) {
      await viewer.keyboard.press("Tab");
      tabs++;
    }
    expect(await link.evaluate((a) => a === document.activeElement), "the card's link is reached by Tab").toBe(true);
    await viewer.keyboard.press("Enter");
    await viewer.waitForURL(`**/p/${slug}/releases/cut`);
    await a11y(viewer);
  }
}, 180_000);

test("the Watch now row's link to the next twelve films works by keyboard at 390 px in French", async ({ person }) => {
  const producer = await testUser("agnes");
  const now = Date.now();
  // Thirteen films out, the newest last: the first made is the thirteenth, on the next page.
  const titles: string[] = [];
  for (let i = 0; i < 13; i++) {
    const { production } = await testProduction(producer);
    const release = await db.release.create({ data: { productionId: production.id, slug: "cut", title: `Cut ${i}`, version: "1", licence: "CC-BY-4.0", publishAt: new Date(now - 13 + i), createdById: producer.id } });
    await db.releaseFile.create({
      data: { releaseId: release.id, name: "film.mp4", kind: "film", mimeType: "video/mp4", size: 10n, sha256: "0".repeat(64), width: 1920, height: 1080, storageKey: `releases/${release.id}/f${randomBytes(6).toString("hex")}` },
    });
    titles.push(`${production.title} — Cut ${i}`);
  }

  const viewer = await person({ locale: "fr-FR", viewport: { width: 390, height: 844 } });
  await visit(viewer, "/explore");
  const row = viewer.getByTestId("watch-now");
  await expect.poll(() => row.getByRole("link", { name: titles[12]! }).count()).toBe(1);
  await expect.poll(() => row.getByRole("link", { name: titles[0]! }).count()).toBe(0);
  const more = viewer.getByRole("link", { name: "Plus de films à voir" });
  let tabs = 0;
  while (tabs < 80 && !(await more.evaluate((a) => a === document.activeElement))) {
    await viewer.keyboard.press("Tab");
    tabs++;
  }
  expect(await more.evaluate((a) => a === document.activeElement), "the link is reached by Tab").toBe(true);
  await viewer.keyboard.press("Enter");
  await viewer.waitForURL("**/explore?watch=2#watch-now-h");
  await expect.poll(() => row.getByRole("link", { name: titles[0]! }).count()).toBe(1);
  await expect.poll(() => row.getByRole("link", { name: titles[12]! }).count()).toBe(0);
  expect(await viewer.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await a11y(viewer);
}, 180_000);
