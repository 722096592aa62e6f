// The release player as a viewer meets it, on a phone and on a laptop: a frame of the
// film's 16:9 shape as wide as the column before and after play, the film playing,
// Space toggling it from the keyboard, and opening the page counting no download while
// the first play counts one play.
import { createRelease } from "~/features/releases/releases.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser } from "../support/collab";
import { baseUrl, expect, test, visit } from "../support/browser";
import { generatedFilm, uploadToRelease } from "../support/film";

const srt = Buffer.from("1\r\n00:00:00,500 --> 00:00:02,500\r\nThe lamps are coming back on.\r\n");

test("the player keeps the film's 16:9 frame as wide as the column at 390 and 1366 px, plays, and Space toggles it", async ({ person }) => {
  const noor = await testUser("noor");
  const { production } = await testProduction(noor);
  const created = await createRelease(production.id, noor.id, { slug: "cut", title: "Cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() - 1000), synopsis: "" });
  if (!created.ok) throw new Error("release");
  await uploadToRelease(baseUrl, noor, created.release.id, "film.mp4", "film", generatedFilm(), { label: "360p" });
  await uploadToRelease(baseUrl, noor, created.release.id, "film.fr.srt", "subtitles", srt, { language: "fr" });
  const downloads = async () => (await db.releaseDownload.findMany({ where: { file: { releaseId: created.release.id } } })).reduce((n, c) => n + c.count, 0);
  const plays = async () => (await db.releasePlay.findMany({ where: { releaseId: created.release.id } })).reduce((n, c) => n + c.count, 0);

  for (const width of [390, 1366]) {
    const viewer = await person({ viewport: { width, height: 844 } });
    // The film is held back at first: the frame must have its shape before the browser knows the film's.
    let letThrough = () => {};
    const held = new Promise<void>((resolve) => (letThrough = resolve));
    await viewer.route("**/files/film.mp4", async (route) => {
      await held;
      await route.continue();
    });
    await visit(viewer, `/p/${production.slug}/releases/cut`);
    const frame = viewer.getByTestId("player-frame");
    const video = viewer.getByTestId("player");
    await viewer.locator("media-play-button").evaluate((b) => customElements.whenDefined(b.localName));
    const first = (await frame.boundingBox())!;
    expect(Math.abs(first.height - (first.width * 9) / 16), `16:9 before the film is known at ${width}px`).toBeLessThanOrEqual(2);
    letThrough();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    const column = await viewer.locator("article.page").evaluate((a) => {
      const style = getComputedStyle(a);
      return a.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    });
    const before = (await frame.boundingBox())!;
    expect(Math.abs(before.width - column), `frame as wide as the column at ${width}px`).toBeLessThanOrEqual(2);
    expect(Math.abs(before.height - (before.width * 9) / 16), `16:9 before play at ${width}px`).toBeLessThanOrEqual(2);
    expect(Math.abs(before.height - first.height), "no jump when the film's metadata comes").toBeLessThanOrEqual(2);
    expect(await viewer.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // From the keyboard: Space on the play button plays, Space again pauses.
    await video.evaluate((v: HTMLVideoElement) => (v.muted = true));
    await viewer.locator("media-play-button").focus();
    await viewer.keyboard.press("Space");
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 15_000 }).toBeGreaterThan(0.5);
    const after = (await frame.boundingBox())!;
    expect(Math.abs(after.height - (after.width * 9) / 16), `16:9 after play at ${width}px`).toBeLessThanOrEqual(2);
    expect(Math.abs(after.height - before.height)).toBeLessThanOrEqual(2);
    await viewer.keyboard.press("Space");
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
    // The subtitles are the release's track.
    expect(await video.evaluate((v: HTMLVideoElement) => v.textTracks[0]?.language)).toBe("fr");
  }

  // The page was opened and played twice from one address and browser: one play, no download.
  await expect.poll(plays).toBe(1);
  expect(await downloads()).toBe(0);
});
