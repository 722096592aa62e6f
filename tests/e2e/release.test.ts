// A producer prepares the release, uploads the film and its subtitles with a visible
// progress bar, sets its licence; before the publication time a visitor cannot
// download; when the time comes, with nobody pressing anything, the visitor plays the
// film with subtitles and downloads it.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { db } from "~/lib/db.server";
import { testProduction, testUser } from "../support/collab";
import { a11y, baseUrl, expect, signInAs, test, visit } from "../support/browser";

const demo = path.resolve(import.meta.dirname, "../../prisma/demo");
const teaser = path.join(demo, "les-veilleurs-teaser.webm");
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

test("a release opens at its premiere: upload with progress, embargo, then watch with subtitles and download", async ({ person }) => {
  const noor = await testUser("noor");
  const { production } = await testProduction(noor);

  const producer = await person();
  await signInAs(producer, noor);
  await visit(producer, `/p/${production.slug}/releases/new`);
  await producer.getByLabel("Title of the cut").fill("Theatrical cut");
  await producer.getByLabel("Address").fill("theatrical-cut");
  await producer.getByLabel(/Attribution-ShareAlike/).first().check();
  const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 16);
  await producer.getByLabel("Publication (time in UTC)").fill(tomorrow);
  await producer.getByRole("button", { name: "Create the release" }).click();
  await producer.waitForURL(/\/releases\/theatrical-cut$/);
  await a11y(producer);

  // A slow line, so that the progress bar has time to show.
  const cdp = await producer.context().newCDPSession(producer);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 30 * 1024 });
  await producer.locator("#upload-file").setInputFiles(teaser);
  await producer.locator("#upload-kind").selectOption("film");
  await producer.locator("#upload-label").fill("360p");
  await producer.getByRole("button", { name: "Upload" }).click();
  const bar = producer.locator("progress#upload-progress");
  await bar.waitFor({ state: "visible" });
  await expect.poll(async () => Number(await bar.getAttribute("value")), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(() => producer.getByTestId("upload-note").textContent(), { timeout: 30_000 }).toContain("is uploaded and checked");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  await producer.locator("#upload-file").setInputFiles(path.join(demo, "les-veilleurs-teaser.fr.srt"));
  await producer.locator("#upload-kind").selectOption("subtitles");
  await producer.locator("#upload-label").fill("Français");
  await producer.locator("#upload-language").fill("fr");
  await producer.getByRole("button", { name: "Upload" }).click();
  await expect.poll(() => producer.getByTestId("upload-note").textContent()).toContain("les-veilleurs-teaser.fr.srt is uploaded");
  await expect.poll(() => producer.getByTestId("files").textContent()).toContain("les-veilleurs-teaser.fr.srt");
  await a11y(producer);

  // Before the premiere: the page says when, and no address gives the file away.
  const visitor = await person({ viewport: { width: 390, height: 844 } });
  await visit(visitor, `/p/${production.slug}/releases/theatrical-cut`);
  await expect.poll(() => visitor.getByTestId("embargo").textContent()).toContain("opens to everyone");
  expect(await visitor.locator("video").count()).toBe(0);
  const early = await visitor.request.get(`${baseUrl}/p/${production.slug}/releases/theatrical-cut/files/les-veilleurs-teaser.webm`);
  expect(early.status()).toBe(403);

  // The premiere comes: nobody presses anything.
  const premiere = new Date(Date.now() + 3000);
  await db.release.updateMany({ where: { productionId: production.id }, data: { publishAt: premiere } });
  await new Promise((r) => setTimeout(r, premiere.getTime() - Date.now() + 200));

  await visit(visitor, `/p/${production.slug}/releases/theatrical-cut`);
  const video = visitor.getByTestId("player");
  await video.waitFor();
  // The film plays, with its French subtitles loaded from the track.
  await video.evaluate(async (v: HTMLVideoElement) => {
    v.muted = true;
    v.textTracks[0]!.mode = "showing";
    await v.play();
  });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 15_000 }).toBeGreaterThan(1);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.textTracks[0]?.cues?.length ?? 0)).toBeGreaterThan(0);
  expect(await video.evaluate((v: HTMLVideoElement) => v.textTracks[0]!.language)).toBe("fr");

  // And it downloads, whole.
  // One clear choice on a phone: the film's format, size and weight on a button, the
  // torrent beside it, subtitles listed below, checksums folded away; nothing sideways.
  // The film as uploaded, and beside it each web rendition already made (MP4).
  const choices = visitor.getByRole("link", { name: /^Download the film/ });
  const choice = choices.filter({ hasText: "WebM" });
  expect(await choice.textContent()).toMatch(/WebM · 360p · original file · \d+(\.\d)? [kM]B/);
  for (const other of await choices.filter({ hasNotText: "WebM" }).allTextContents()) expect(other).toMatch(/MP4 · \d+p · \d+(\.\d)? [kM]B/);
  await expect.poll(() => visitor.getByRole("link", { name: /torrent/ }).count()).toBe(1);
  expect(await visitor.getByRole("link", { name: "les-veilleurs-teaser.fr.srt" }).isVisible()).toBe(true);
  const sums = visitor.locator("details.checksums");
  expect(await sums.locator("code").first().isVisible()).toBe(false);
  await sums.locator("summary").click();
  expect(await sums.textContent()).toContain(sha256(readFileSync(teaser)));
  expect(await visitor.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  const [download] = await Promise.all([visitor.waitForEvent("download"), choice.click()]);
  expect(download.suggestedFilename()).toBe("les-veilleurs-teaser.webm");
  const saved = await download.path();
  expect(sha256(readFileSync(saved))).toBe(sha256(readFileSync(teaser)));
  await a11y(visitor);
});

test("a countdown served from the page cache counts from now, not from when the page was rendered", async ({ person }) => {
  const producer = await testUser("prod");
  const { production } = await testProduction(producer);
  const { createRelease } = await import("~/features/releases/releases.server");
  const premiere = new Date(Date.now() + 55_000);
  const made = await createRelease(production.id, producer.id, { slug: "cut", title: "Cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: premiere, synopsis: "" });
  expect(made.ok).toBe(true);
  const url = `${baseUrl}/p/${production.slug}/releases/cut`;
  // Rendered once for every visitor, with the loader's `now` of that moment.
  const renderedBy = Date.now();
  await expect.poll(async () => (await fetch(url)).headers.get("X-Page-Cache")).toBe("hit");
  await expect.poll(() => Date.now() - renderedBy, { timeout: 15_000 }).toBeGreaterThan(8_000);

  const visitor = await person();
  const response = await visitor.goto(url);
  expect(response?.headers()["x-page-cache"]).toBe("hit");
  await a11y(visitor);
  const shown = async () => Number((await visitor.getByTestId("countdown-left").textContent())?.match(/\d+/)?.[0]);
  // What is left now, not eight seconds more (a second either way for the ticking).
  await expect.poll(async () => (await shown()) - Math.ceil((premiere.getTime() - Date.now()) / 1000)).toBeLessThanOrEqual(1);
  expect(await shown()).toBeGreaterThan(0);
});
