// A visitor's reading pages come without the framework (issue 21, decision 0058): the
// browser runs the islands alone, and what moves on the page still moves: the zone is
// remembered, the current tab is in sight on a phone, the language switch works, a film
// plays in its player and its address is copied.
import type { Page } from "playwright-core";
import { db } from "~/lib/db.server";
import { generatedFilm, uploadToRelease } from "../support/film";
import { releaseOut } from "../support/released-film";
import { baseUrl, expect, test, visit } from "../support/browser";

const p = "/p/les-veilleurs";

/** The scripts the page loads, by file name, from the moment it is called. */
function scriptsOf(page: Page) {
  const names: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script") names.push(new URL(request.url()).pathname.split("/").pop()!);
  });
  return names;
}
const reactRan = (page: Page) => page.evaluate(() => Object.keys(document).some((key) => key.startsWith("__reactContainer")) || "__reactRouterContext" in window);

test("a visitor's wiki page on a phone: the islands alone, the zone remembered, the language switched", async ({ person }) => {
  const page = await person({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport: { width: 390, height: 844 } });
  const production = await db.production.findUniqueOrThrow({ where: { slug: "les-veilleurs" } });
  const wiki = await db.wikiPage.findFirstOrThrow({ where: { productionId: production.id }, orderBy: { createdAt: "asc" } });
  const href = `${p}/wiki/${wiki.slug}`;
  const scripts = scriptsOf(page);
  await visit(page, href);
  await page.waitForLoadState("networkidle");
  expect(scripts.find((name) => name.startsWith("visitor-islands-"))).toBeTruthy();
  expect(scripts.filter((name) => /^(entry\.client|jsx-runtime|react-dom|components)-/.test(name))).toEqual([]);
  expect(await reactRan(page)).toBe(false);
  await expect.poll(async () => (await page.context().cookies()).find((c) => c.name === "claquette_tz")?.value).toBe(encodeURIComponent("Europe/Paris"));
  // The language switch is a plain form: the same page, in English.
  await page.locator("summary").first().click();
  await page.getByRole("form", { name: "Langue" }).getByRole("button", { name: "English" }).click();
  await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
  expect(new URL(page.url()).pathname).toBe(href);
  await visit(page, href);
});

test("a visitor's release page on a phone: the releases tab in sight, the film plays in its player, its address is copied", async ({ person }) => {
  const { producer, production, release } = await releaseOut("varda", { slug: "out", title: "Out now" });
  await uploadToRelease(baseUrl, producer, release.id, "film.mp4", "film", generatedFilm(), { label: "360p" });
  const page = await person({ viewport: { width: 390, height: 844 } });
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const scripts = scriptsOf(page);
  await visit(page, `/p/${production.slug}/releases/out`);
  expect(await reactRan(page)).toBe(false);
  // The releases tab is past the phone's width: the row is scrolled to it.
  const tab = (await page.locator("nav.tabs a[aria-current]").boundingBox())!;
  expect(tab.x).toBeGreaterThanOrEqual(0);
  expect(tab.x + tab.width).toBeLessThanOrEqual(390);
  // media-chrome's controls are defined (by the player's code, loaded for the film).
  await expect.poll(() => page.evaluate(() => !!customElements.get("media-play-button"))).toBe(true);
  expect(scripts.some((name) => name.startsWith("player-behaviour-"))).toBe(true);
  await page.getByTestId("player").evaluate((video: HTMLVideoElement) => video.play());
  await expect.poll(() => page.getByTestId("player").getAttribute("data-started")).toBe("");
  // Copying the address: the button is there once the page runs, and says it copied.
  await page.getByRole("button", { name: "Copy the link" }).click();
  await expect.poll(() => page.getByRole("status").filter({ hasText: "The link is copied." }).count()).toBe(1);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseUrl}/p/${production.slug}/releases/out`);
});
