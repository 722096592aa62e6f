// A page ships its reader's language only (docs/decisions/0039): the other catalogue is
// never downloaded, the page still comes alive, and switching language with JavaScript
// on shows the whole page in the new one.
import type { Page } from "playwright-core";
import { en } from "~/lib/i18n/en";
import { fr } from "~/lib/i18n/fr";
import { a11y, baseUrl, expect, test, visit } from "../support/browser";

const p = "/p/les-veilleurs";
/** Every script the page loads, as text, from the moment it is called. */
function scriptsOf(page: Page) {
  const bodies: Promise<string>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") bodies.push(response.text());
  });
  return () => Promise.all(bodies);
}
const hydrated = (page: Page) => page.waitForFunction(() => Object.keys(document).some((key) => key.startsWith("__reactContainer")));

test("a French page downloads the French messages and not the English ones, and comes alive", async ({ person }) => {
  const page = await person({ locale: "fr-FR" });
  const scripts = scriptsOf(page);
  await visit(page, `${p}/polls`);
  await hydrated(page);
  await page.waitForLoadState("networkidle");
  const code = (await scripts()).join("\n");
  expect(code).toContain(fr["time.zoneInvalid"]);
  expect(code).not.toContain(en["time.zoneInvalid"]);
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Scrutins");
});

test("an English page downloads the English messages only", async ({ person }) => {
  const page = await person({ locale: "en-GB" });
  const scripts = scriptsOf(page);
  await visit(page, `${p}/polls`);
  await hydrated(page);
  await page.waitForLoadState("networkidle");
  const code = (await scripts()).join("\n");
  expect(code).toContain(en["time.zoneInvalid"]);
  expect(code).not.toContain(fr["time.zoneInvalid"]);
});

test("with JavaScript, the language switch shows the whole page in the new language", async ({ person }) => {
  const page = await person({ locale: "fr-FR" });
  await visit(page, `${p}/polls`);
  await hydrated(page);
  await page.getByRole("form", { name: "Langue" }).getByRole("button", { name: "English" }).click();
  await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
  expect(new URL(page.url()).pathname).toBe(`${p}/polls`);
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Polls");
  expect(await page.getByRole("navigation", { name: "Sections of Les Veilleurs" }).locator("a[aria-current]").textContent()).toContain("Polls");
  await hydrated(page);
  expect(page.url().startsWith(baseUrl)).toBe(true);
});

// Messages per page (docs/decisions/0049): a page's scripts hold the messages its modules
// name, not the whole catalogue; another feature's come with that feature's page.
test("a page's scripts hold its own feature's messages, not another feature's", async ({ person }) => {
  const page = await person({ locale: "en-GB" });
  const scripts = scriptsOf(page);
  await visit(page, `${p}/decisions`);
  await hydrated(page);
  await page.waitForLoadState("networkidle");
  const code = (await scripts()).join("\n");
  expect(code).toContain(en["decisions.lead"]);
  expect(code).not.toContain(en["script.importLead"]);
  expect(code).not.toContain(en["tracker.sections"]);
});

test("a page reached in the browser has its words before it shows, never its keys", async ({ person }) => {
  const page = await person({ locale: "fr-FR" });
  // A page of the app (a visitor's production home ships no framework: decision 0058).
  await visit(page, `${p}/decisions`);
  await hydrated(page);
  // A mark that a full load would wipe: the next pages are rendered in the browser.
  await page.evaluate(() => Object.assign(window, { stayed: true }));
  const keys = Object.keys(fr);
  // Every text the page renders while it changes, so a key shown for a moment is caught too.
  await page.evaluate((keys) => {
    const known = new Set(keys);
    const seen: string[] = [];
    Object.assign(window, { keysSeen: seen });
    const look = () => seen.push(...document.body.innerText.split(/\s+/).filter((word) => known.has(word.replace(/[.,:;!?)]+$/, ""))));
    new MutationObserver(look).observe(document.body, { childList: true, subtree: true, characterData: true });
  }, keys);
  for (const [section, heading] of [["tracker", fr["tracker.title"]], ["script", fr["script.title"]], ["polls", "Scrutins"]] as const) {
    await page.locator(`nav.tabs a[href="${p}/${section}"]`).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).first().textContent()).toBe(heading);
    await a11y(page);
  }
  expect(await page.evaluate(() => (window as unknown as { keysSeen: string[] }).keysSeen)).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
});
