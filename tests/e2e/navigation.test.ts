// Finding one's way: every page of a production carries its header with the sections
// as tabs (one click from any to any, the current one marked), the site header folds
// into a menu on a phone, and the language is one control that needs no JavaScript.
import type { Page } from "playwright-core";
import { a11y, baseUrl, expect, signInAs, test, visit } from "../support/browser";

const p = "/p/les-veilleurs";
const sections = [
  ["Overview", p],
  ["Screenplay", `${p}/script`],
  ["Wiki", `${p}/wiki`],
  ["Tracker", `${p}/tracker`],
  ["Decisions", `${p}/decisions`],
  ["Polls", `${p}/polls`],
  ["Releases", `${p}/releases`],
  ["Funding", `${p}/funding`],
  ["Notes", `${p}/notes`],
] as const;

const tabs = (page: Page) => page.getByRole("navigation", { name: /^(Sections of|Rubriques de) Les Veilleurs$/ });
/** The tabs marked current, as [where it leads, aria-current]. */
const marked = (page: Page) =>
  tabs(page)
    .locator("a[aria-current]")
    .evaluateAll((links) => links.map((a) => [a.getAttribute("href"), a.getAttribute("aria-current")]));
const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test("from every section of the demo production, every other section is one click away in its header, the current one marked", async ({ person }) => {
  const { db } = await import("~/lib/db.server");
  const { pollState } = await import("~/features/polls/polls.server");
  const production = await db.production.findUniqueOrThrow({ where: { slug: "les-veilleurs" }, select: { id: true } });
  const polls = await db.poll.findMany({ where: { productionId: production.id } });
  const openPolls = polls.filter((poll) => pollState(poll).open).length;
  const openCalls = await db.task.count({ where: { productionId: production.id, open: true, status: { isDone: false } } });
  expect(openPolls + openCalls, "the demo has open polls or open calls to count").toBeGreaterThan(0);

  const page = await person();
  for (const [name, path] of sections) {
    await visit(page, path);
    expect(await marked(page), `${path} marks its tab (${name})`).toEqual([[path, "page"]]);
    for (const [other, otherPath] of sections) {
      expect(await tabs(page).getByRole("link", { name: other }).getAttribute("href")).toBe(otherPath);
    }
  }
  // One click from one section to the next, all the way round.
  await visit(page, p);
  for (const i of sections.keys()) {
    const [nextName, nextPath] = sections[(i + 1) % sections.length]!;
    await tabs(page).getByRole("link", { name: nextName }).click();
    await page.waitForURL(`${baseUrl}${nextPath}`);
    await expect.poll(() => marked(page)).toEqual([[nextPath, "page"]]);
    await a11y(page);
  }
  // The counts beside the tabs, told in words to a screen reader.
  const pollsTab = await tabs(page).getByRole("link", { name: /^Polls/ }).textContent();
  expect(pollsTab).toBe(openPolls ? `Polls${openPolls} (${openPolls === 1 ? "1 open poll" : `${openPolls} open polls`})` : "Polls");
  const trackerTab = await tabs(page).getByRole("link", { name: /^Tracker/ }).textContent();
  expect(trackerTab).toBe(openCalls ? `Tracker${openCalls} (${openCalls === 1 ? "1 open call" : `${openCalls} open calls`})` : "Tracker");

  // A page inside a section marks its section, not as the page itself; no "← Back" is left.
  await visit(page, `${p}/tracker/scenes`);
  expect(await marked(page)).toEqual([[`${p}/tracker`, "true"]]);
  expect(await page.getByRole("link", { name: /^←/ }).count()).toBe(0);
  await visit(page, `${p}/members`);
  expect(await marked(page)).toEqual([[p, "true"]]);
  expect(await page.getByRole("link", { name: /^←/ }).count()).toBe(0);
}, 300_000); // 27 pages, each checked by axe

test("on a phone, the site header is one compact row with a menu that opens by keyboard, and a production's tabs scroll sideways inside their row", async ({ person }) => {
  const { createSession } = await import("~/features/auth/session.server");
  const { db } = await import("~/lib/db.server");
  const margaux = await db.user.findUniqueOrThrow({ where: { handle: "margaux" } }); // the demo's producer: the longest menu
  for (const locale of ["fr-FR", "en-GB"]) {
    const page = await person({ locale, viewport: { width: 390, height: 844 }, hasTouch: true });
    await signInAs(page, await createSession(margaux.id, "test client"));
    for (const path of ["/", "/explore", p, `${p}/tracker`, `${p}/polls`, `${p}/script`]) {
      await visit(page, path);
      const header = await page.locator(".site-header").boundingBox();
      expect(header!.height, `${path} (${locale}): site header height`).toBeLessThanOrEqual(64);
      expect(await pageOverflow(page), `${path} (${locale}) scrolls sideways`).toBeLessThanOrEqual(0);
      if (path.startsWith(p)) {
        // The tabs stay in one row that scrolls inside itself; the production's header stays short.
        const tops = await tabs(page).locator("li").evaluateAll((items) => items.map((li) => li.getBoundingClientRect().top));
        expect(new Set(tops).size, `${path} (${locale}): tabs in one row`).toBe(1);
        expect(await tabs(page).evaluate((nav) => nav.scrollWidth > nav.clientWidth)).toBe(true);
        const bar = await page.locator(".production-bar").boundingBox();
        expect(bar!.height, `${path} (${locale}): production header height`).toBeLessThanOrEqual(100);
        // The current tab is in sight, even far along the row.
        await expect.poll(() => tabs(page).locator("a[aria-current]").evaluate((a) => {
          const box = a.getBoundingClientRect();
          return box.left >= 0 && box.right <= window.innerWidth;
        })).toBe(true);
      }
    }

    // The menu by keyboard: skip link, brand, then the menu; Enter opens it.
    await visit(page, `${p}/polls`);
    const profile = page.getByRole("link", { name: locale === "fr-FR" ? "Votre profil: @margaux" : "Your profile: @margaux" });
    expect(await profile.isVisible()).toBe(false);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("SUMMARY");
    await page.keyboard.press("Enter");
    await expect.poll(() => profile.isVisible()).toBe(true);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await a11y(page);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(locale === "fr-FR" ? "Explorer" : "Explore");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${baseUrl}/explore`);
    // A new page closes the menu.
    await expect.poll(() => profile.isVisible()).toBe(false);
    await a11y(page);
  }
}, 300_000); // 2 × 7 pages, each checked by axe

test("the language switch works without JavaScript, on a phone, and returns to the same page", async ({ person }) => {
  const page = await person({ locale: "en-GB", viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  await visit(page, `${p}/polls`);
  expect(await page.locator("html").getAttribute("lang")).toBe("en");
  await page.locator("summary", { hasText: "Menu" }).click();
  const language = page.getByRole("form", { name: "Language" });
  expect(await language.getByRole("button", { name: "English" }).getAttribute("aria-current")).toBe("true");
  await language.getByRole("button", { name: "Français" }).click();
  await page.waitForURL(`${baseUrl}${p}/polls`);
  await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("fr");
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Scrutins");
  const onglets = page.getByRole("navigation", { name: "Rubriques de Les Veilleurs" });
  expect(await onglets.locator("a[aria-current]").getAttribute("href")).toBe(`${p}/polls`);
  await a11y(page);

  await page.locator("summary", { hasText: "Menu" }).click();
  await page.getByRole("form", { name: "Langue" }).getByRole("button", { name: "English" }).click();
  await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
  expect(new URL(page.url()).pathname).toBe(`${p}/polls`);
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Polls");
  await a11y(page);
});
