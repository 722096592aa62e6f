// The player over the web renditions the studio makes (decisions 0044, 0045), in Chromium,
// with a film made here by ffmpeg and uploaded as a producer would: the adaptive (HLS)
// ladder plays by hls.js where Media Source Extensions exist and natively where they do
// not (an iPhone's case, made here by hiding them from Chromium, which plays HLS itself),
// and choosing a size switches the playing source from about the same time, playing on.
import type { Page } from "playwright-core";
import { baseUrl, expect, test, visit } from "../support/browser";
import { releaseOut, uploadFilmWithRenditions } from "../support/released-film";

type Playing = { src: string; time: number; height: number; paused: boolean };
const playing = (page: Page) =>
  page.getByTestId("player").evaluate((v: HTMLVideoElement): Playing => ({ src: v.currentSrc, time: v.currentTime, height: v.videoHeight, paused: v.paused }));
/** Resolves once the element presents a new frame of the film on screen. */
const framePresented = (page: Page) =>
  page.getByTestId("player").evaluate((v: HTMLVideoElement) => new Promise<number>((resolve) => v.requestVideoFrameCallback((_now, meta) => resolve(meta.presentedFrames))));

test("the HLS ladder plays by hls.js and natively, and a lower quality switches the source from about the same time", async ({ person }) => {
  const { producer: noor, release, page } = await releaseOut("noor");
  // 1280×720, ten seconds: an MP4 at 720p and at 480p, and the HLS ladder of both.
  await uploadFilmWithRenditions(baseUrl, noor, release.id, { width: 1280, height: 720, seconds: 10 });

  // A browser with Media Source Extensions: hls.js plays the ladder.
  const viewer = await person({ viewport: { width: 1366, height: 900 } });
  const segments: string[] = [];
  viewer.on("request", (r) => void (r.url().endsWith(".ts") && segments.push(r.url())));
  await visit(viewer, page);
  const video = viewer.getByTestId("player");
  await expect.poll(() => video.getAttribute("data-adaptive"), { timeout: 15_000 }).toBe("hlsjs");
  await video.evaluate((v: HTMLVideoElement) => (v.muted = true));
  await viewer.locator("media-play-button").evaluate((b) => customElements.whenDefined(b.localName));
  const frame = framePresented(viewer);
  await viewer.locator("media-play-button").click();
  expect(await frame).toBeGreaterThan(0);
  await expect.poll(async () => (await playing(viewer)).time, { timeout: 20_000 }).toBeGreaterThan(1);
  const adaptive = await playing(viewer);
  expect(adaptive.src, "played through Media Source Extensions").toMatch(/^blob:/);
  expect(adaptive.height).toBe(720);
  expect(segments.length, "HLS segments fetched").toBeGreaterThan(0);
  // The quality choice: "Automatic" first, then each size.
  const quality = viewer.getByLabel("Quality");
  expect(await quality.locator("option").allTextContents()).toEqual([expect.stringMatching(/^Automatic/), expect.stringMatching(/^720p · /), expect.stringMatching(/^480p · /)]);

  // 720p, then a lower quality: each switches the source, from about the same time, and plays on.
  const sources = await quality.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  for (const [option, height] of [[sources[1]!, 720], [sources[2]!, 480]] as const) {
    const before = await playing(viewer);
    await quality.selectOption(option);
    await expect.poll(async () => (await playing(viewer)).height, { timeout: 15_000 }).toBe(height);
    const after = await playing(viewer);
    expect(after.src).toMatch(/\/renditions\/r[0-9a-f]{32}\/film\.mp4$/);
    expect(after.src).not.toBe(before.src);
    expect(Math.abs(after.time - before.time), `resumed near ${before.time}s`).toBeLessThan(1.5);
    await expect.poll(async () => (await playing(viewer)).time, { timeout: 15_000 }).toBeGreaterThan(after.time + 0.5);
    expect((await playing(viewer)).paused).toBe(false);
  }

  // A browser with HLS of its own but no Media Source Extensions plays the ladder's address itself.
  const native = await person({ viewport: { width: 390, height: 844 } });
  await native.addInitScript(() => {
    for (const name of ["MediaSource", "ManagedMediaSource", "WebKitMediaSource"]) delete (window as unknown as Record<string, unknown>)[name];
  });
  await visit(native, page);
  const nativeVideo = native.getByTestId("player");
  await expect.poll(() => nativeVideo.getAttribute("data-adaptive"), { timeout: 15_000 }).toBe("native");
  await nativeVideo.evaluate((v: HTMLVideoElement) => (v.muted = true));
  await native.locator("media-play-button").evaluate((b) => customElements.whenDefined(b.localName));
  const nativeFrame = framePresented(native);
  await native.locator("media-play-button").click();
  expect(await nativeFrame).toBeGreaterThan(0);
  await expect.poll(async () => (await playing(native)).time, { timeout: 20_000 }).toBeGreaterThan(1);
  expect((await playing(native)).src).toMatch(/\/renditions\/r[0-9a-f]{32}\/master\.m3u8$/);
}, 300_000);
