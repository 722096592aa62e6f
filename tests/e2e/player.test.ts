// The release player as a viewer meets it, on a phone and on a laptop: a frame of the
// film's 16:9 shape as wide as the column before and after play, the film playing,
// Space toggling it from the keyboard, and opening the page counting no download while
// the first play counts one play. Over a ladder of two MP4 sizes: choosing another keeps
// the playing position, and one page counts one play however often it is played.
import { db } from "~/lib/db.server";
import { baseUrl, expect, test, visit } from "../support/browser";
import { generatedFilm, uploadToRelease } from "../support/film";
import { releaseOut, uploadFilmWithRenditions } from "../support/released-film";

const srt = Buffer.from("1\r\n00:00:00,500 --> 00:00:02,500\r\nThe lamps are coming back on.\r\n");

test("the player keeps the film's 16:9 frame as wide as the column at 390 and 1366 px, plays, and Space toggles it", async ({ person }) => {
  const { producer: noor, production, release } = await releaseOut("noor");
  await uploadToRelease(baseUrl, noor, release.id, "film.mp4", "film", generatedFilm(), { label: "360p" });
  await uploadToRelease(baseUrl, noor, release.id, "film.fr.srt", "subtitles", srt, { language: "fr" });
  const downloads = async () => (await db.releaseDownload.findMany({ where: { file: { releaseId: release.id } } })).reduce((n, c) => n + c.count, 0);
  const plays = async () => (await db.releasePlay.findMany({ where: { releaseId: release.id } })).reduce((n, c) => n + c.count, 0);

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

test("choosing another size plays it on from the same time, and one page posts one play however often it plays", async ({ person }) => {
  const { producer: noor, production, release } = await releaseOut("noor");
  // 960×540, ten seconds: an MP4 at 540p and at 480p, and the HLS ladder of both.
  await uploadFilmWithRenditions(baseUrl, noor, release.id, { width: 960, height: 540, seconds: 10 });

  const viewer = await person({ viewport: { width: 390, height: 844 } });
  const playUrl = `${baseUrl}/p/${production.slug}/releases/cut/play`;
  const posts: string[] = [];
  viewer.on("request", (r) => void (r.method() === "POST" && r.url() === playUrl && posts.push(r.url())));
  await visit(viewer, `/p/${production.slug}/releases/cut`);
  const video = viewer.getByTestId("player");
  const playing = () => video.evaluate((v: HTMLVideoElement) => ({ src: v.currentSrc, time: v.currentTime, height: v.videoHeight, paused: v.paused }));
  // The page's script has taken the player: the ladder plays by hls.js.
  await expect.poll(() => video.getAttribute("data-adaptive"), { timeout: 15_000 }).toBe("hlsjs");
  expect(await video.getAttribute("data-started")).toBeNull();
  await video.evaluate((v: HTMLVideoElement) => (v.muted = true));
  const play = viewer.locator("media-play-button");
  await play.evaluate((b) => customElements.whenDefined(b.localName));
  await play.click();
  await expect.poll(async () => (await playing()).time, { timeout: 20_000 }).toBeGreaterThan(3);
  expect(await video.getAttribute("data-started")).toBe("");

  // Each size in turn: another source, from about the same time, playing on.
  const quality = viewer.getByLabel("Quality");
  for (const height of [540, 480]) {
    const option = await quality.locator("option", { hasText: `${height}p · ` }).getAttribute("value");
    const before = await playing();
    await quality.selectOption(option!);
    await expect.poll(async () => (await playing()).src, { timeout: 15_000 }).toMatch(/\/renditions\/r[0-9a-f]{32}\/film\.mp4$/);
    await expect.poll(async () => (await playing()).height, { timeout: 15_000 }).toBe(height);
    const after = await playing();
    expect(after.src).not.toBe(before.src);
    expect(Math.abs(after.time - before.time), `resumed near ${before.time}s`).toBeLessThan(1.5);
    await expect.poll(async () => (await playing()).time, { timeout: 15_000 }).toBeGreaterThan(after.time + 0.5);
    expect((await playing()).paused).toBe(false);
  }

  // Paused and played again: still the one play this page posted.
  await play.click();
  await expect.poll(async () => (await playing()).paused).toBe(true);
  const paused = (await playing()).time;
  await play.click();
  await expect.poll(async () => (await playing()).time, { timeout: 15_000 }).toBeGreaterThan(paused + 0.5);
  expect(posts).toHaveLength(1);
  await expect.poll(async () => (await db.releasePlay.findMany({ where: { releaseId: release.id } })).reduce((n, c) => n + c.count, 0)).toBe(1);
}, 300_000);
