// End-to-end fixtures: Debian's Chromium driven by playwright-core, a fresh
// browser context per person, axe run on every page a test visits, and no page
// breaking the Content-Security-Policy (a script, style, image or socket refused).
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";
import { test as base, expect, inject } from "vitest";

export const baseUrl = inject("baseUrl");

const launchArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

type Visit = { page: Page; visited: Set<string>; checked: Set<string>; refused: string[]; noScript?: { locale: string } };
/** timezoneId: the zone the browser says it is in; UTC unless a test says otherwise. */
type PersonOptions = { locale?: string; viewport?: { width: number; height: number }; hasTouch?: boolean; javaScriptEnabled?: boolean; timezoneId?: string; colorScheme?: "light" | "dark" };

const where = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/** Fails on serious or critical accessibility violations of the page as it is now. */
export async function checkA11y(page: Page) {
  await page.waitForLoadState("load");
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `accessibility of ${page.url()}`,
  ).toEqual([]);
}

const visits = new WeakMap<Page, Visit>();

/** Go to a path and check its accessibility. */
export async function visit(page: Page, path: string) {
  await page.goto(new URL(path, baseUrl).href);
  await a11y(page);
}

/**
 * The editor hears of a caret the browser moved (a click, Home, End) from its
 * selectionchange event, a moment later. A person's next key comes after that moment;
 * Playwright's may not, and a key the editor handles itself (Enter, Tab, Backspace)
 * would act where the caret was.
 */
export async function caretSettled(page: Page) {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
}

/** Check the current page (after a click or a form) and note it as checked. */
export async function a11y(page: Page) {
  const noScript = visits.get(page)?.noScript;
  if (noScript) {
    // axe is a script: a page without JavaScript is checked as the same address, with
    // the same cookies and screen, in a twin that runs scripts.
    const twin = await page.context().browser()!.newContext({
      locale: noScript.locale,
      viewport: page.viewportSize(),
      storageState: await page.context().storageState(),
    });
    const copy = await twin.newPage();
    await copy.goto(page.url());
    await checkA11y(copy);
    await twin.close();
  } else await checkA11y(page);
  visits.get(page)?.checked.add(where(page.url()));
}

export const test = base.extend<{ browser: Browser; person: (o?: PersonOptions) => Promise<Page> }>({
  browser: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: launchArgs });
      await use(browser);
      await browser.close();
    },
    { scope: "file" },
  ],
  person: async ({ browser }, use) => {
    const pages: Visit[] = [];
    await use(async ({ locale = "en-GB", viewport = { width: 1280, height: 900 }, hasTouch = false, javaScriptEnabled = true, timezoneId = "UTC", colorScheme = "light" } = {}) => {
      const context = await browser.newContext({ locale, viewport, hasTouch, javaScriptEnabled, timezoneId, colorScheme, baseURL: baseUrl });
      const page = await context.newPage();
      const v: Visit = { page, visited: new Set(), checked: new Set(), refused: [], ...(javaScriptEnabled ? {} : { noScript: { locale } }) };
      page.on("framenavigated", (frame) => {
        if (frame === page.mainFrame() && frame.url().startsWith(baseUrl)) v.visited.add(where(frame.url()));
      });
      // Chromium reports what the policy refused on the console.
      page.on("console", (message) => {
        if (message.type() === "error" && message.text().includes("Content Security Policy")) v.refused.push(`${where(page.url())}: ${message.text()}`);
      });
      visits.set(page, v);
      pages.push(v);
      return page;
    });
    // Every page a test saw must have passed axe.
    for (const v of pages) {
      expect(v.refused, "refused by the Content-Security-Policy").toEqual([]);
      const unchecked = [...v.visited].filter((u) => !v.checked.has(u));
      expect(unchecked, "pages visited without an accessibility check").toEqual([]);
      await v.page.context().close();
    }
  },
});

export { expect };

export type Person = { handle: string; displayName: string; email: string; password: string };

export async function signUp(page: Page, p: Person) {
  await visit(page, "/signup");
  await page.getByLabel("Handle").fill(p.handle);
  await page.getByLabel("Display name").fill(p.displayName);
  await page.getByLabel("Email").fill(p.email);
  await page.getByLabel("Password").fill(p.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(`${baseUrl}/`);
  // On a phone the link is in the closed site menu: there, not visible.
  await expect.poll(() => page.getByRole("link", { name: `Your profile: @${p.handle}`, includeHidden: true }).count()).toBe(1);
  await a11y(page);
}

export async function logIn(page: Page, identifier: string, password: string) {
  await visit(page, "/login");
  await page.getByLabel("Email or handle").fill(identifier);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

/** Sign a browser in as someone who already has a session (made by the test), as a login would leave it. */
export async function signInAs(page: Page, user: { token: string }) {
  await page.context().addCookies([{ name: "claquette_session", value: user.token, url: baseUrl }]);
}
