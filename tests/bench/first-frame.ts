// First-frame benchmark: from a visitor's click on play to the film's first frame on
// screen, in Chromium on loopback (issue 20: ≤ 1 s).
//
//   npm run bench:first-frame            (RUNS=5, SECONDS=20 by default)
//
// A published release whose film (a 1280×720 test card, SECONDS long) has its renditions
// made by the studio's queue. Each run opens the release page in a fresh browser context
// (an empty cache, as a first visit), waits until the page is idle with the player ready
// to be clicked, clicks media-chrome's play button, and takes the time between the click
// and the first requestVideoFrameCallback (a frame presented), both read in the page.
// Three paths: the 720p MP4 chosen in the quality menu, the HLS ladder by hls.js (what
// the player does wherever Media Source Extensions exist), and the ladder played by
// Chromium's own HLS (MSE hidden, as on an iPhone without them). Median and p95 of each.
import { chromium, type Browser } from "playwright-core";
import { percentile, report, startBenchStudio } from "./studio.ts";
import { renderedRelease } from "./rendered-film.ts";

const RUNS = Number(process.env.RUNS ?? 5);
const SECONDS = Number(process.env.SECONDS ?? 20);
const TARGET_MS = 1000;

const studio = await startBenchStudio();
await studio.start();
const { page: path } = await renderedRelease({ seconds: SECONDS });
const browser: Browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--autoplay-policy=user-gesture-required"] });

type Path = "mp4" | "hls-native" | "hls.js";

async function once(kind: Path): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL: studio.baseUrl });
  const page = await context.newPage();
  if (kind === "hls-native") {
    await page.addInitScript(() => {
      for (const name of ["MediaSource", "ManagedMediaSource", "WebKitMediaSource"]) delete (window as unknown as Record<string, unknown>)[name];
    });
  }
  await page.goto(path);
  const video = page.getByTestId("player");
  await page.locator("media-play-button").evaluate((b) => customElements.whenDefined(b.localName));
  await page.waitForFunction((mode) => document.querySelector("video")?.dataset.adaptive === mode, kind === "hls-native" ? "native" : "hlsjs");
  // The biggest MP4 (the first of the quality menu's sizes, after "Automatic").
  if (kind === "mp4") await page.getByLabel("Quality").selectOption("0");
  // Idle as a visitor finds it: the element has what it loads before play.
  await page.waitForFunction(() => (document.querySelector("video")?.readyState ?? 0) >= 1);
  await page.waitForLoadState("networkidle");
  const expected = kind === "mp4" ? /film\.mp4$/ : kind === "hls-native" ? /master\.m3u8$/ : /^blob:/;
  const src = await video.evaluate((v: HTMLVideoElement) => v.currentSrc);
  if (!expected.test(src)) throw new Error(`${kind}: playing ${src}`);
  // Both times are taken in the page: the click as it reaches the document, the frame as the compositor presents it.
  const measured = video.evaluate(
    (v: HTMLVideoElement) =>
      new Promise<number>((resolve) => {
        let clicked = 0;
        document.addEventListener("click", () => (clicked ||= performance.now()), { capture: true, once: true });
        v.requestVideoFrameCallback((now) => resolve(now - clicked));
      }),
  );
  await page.locator("media-play-button").click();
  const ms = await measured;
  await context.close();
  return ms;
}

const results: Record<string, { runs: number[]; median: number; p95: number; withinTarget: boolean }> = {};
for (const kind of ["mp4", "hls.js", "hls-native"] as Path[]) {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(Math.round(await once(kind)));
  const sorted = [...runs].sort((a, b) => a - b);
  results[kind] = { runs, median: percentile(sorted, 50), p95: percentile(sorted, 95), withinTarget: percentile(sorted, 95) <= TARGET_MS };
  console.log(`${kind}: median ${results[kind].median} ms, p95 ${results[kind].p95} ms (${runs.join(", ")})`);
}
report("first-frame", {
  film: { width: 1280, height: 720, seconds: SECONDS },
  browser: browser.version(),
  runs: RUNS,
  clickToFirstFrameMs: results,
  targetMs: TARGET_MS,
});
await browser.close();
await studio.stop();
process.exit(0);
