// The Content-Security-Policy: scripts run only with the response's nonce, so a
// script or event handler injected into a page (an XSS, should one ever appear)
// does not run, while the page's own scripts do. Every e2e test also fails on any
// refusal of the policy (tests/support/browser.ts): the pages work under it.
import { baseUrl, expect, test } from "../support/browser";

const nonceOf = (res: Response) => /script-src [^;]*'nonce-([A-Za-z0-9+/]+={0,2})'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];

test("every response has its own script nonce, and only the page's own scripts carry it", async () => {
  const first = await fetch(`${baseUrl}/p/les-veilleurs`);
  const second = await fetch(`${baseUrl}/p/les-veilleurs`);
  const [a, b] = [nonceOf(first), nonceOf(second)];
  expect(a).toBeTruthy();
  expect(b).toBeTruthy();
  expect(a).not.toBe(b);
  expect(first.headers.get("content-security-policy")).toContain("default-src 'self'");
  expect(first.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  const scripts = (await first.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${a}"`);
});

test("an injected script or event handler does not run; the page's own scripts do", async ({ browser }) => {
  // A context of its own: the policy's refusals are expected here.
  const context = await browser.newContext({ baseURL: baseUrl });
  const page = await context.newPage();
  await page.goto("/explore");
  // The page's scripts ran: the router hydrated, and it navigates without reloading.
  await expect.poll(() => page.evaluate(() => "__reactRouterDataRouter" in window)).toBe(true);
  await page.evaluate(() => Object.assign(window, { samePage: true }));
  await page.getByRole("link", { name: "Log in" }).click();
  await page.waitForURL(`${baseUrl}/login`);
  expect(await page.evaluate(() => "samePage" in window)).toBe(true);

  await page.evaluate(() => {
    const refused: string[] = [];
    Object.assign(window, { refused });
    document.addEventListener("securitypolicyviolation", (e) => refused.push(e.effectiveDirective));
    const script = document.createElement("script");
    script.textContent = "window.injected = true";
    document.body.append(script);
    document.body.insertAdjacentHTML("beforeend", '<img src="/no-such-image.png" alt="" onerror="window.handled = true">');
  });
  await expect.poll(() => page.evaluate(() => (window as unknown as { refused: string[] }).refused.length)).toBe(2);
  expect(await page.evaluate(() => (window as unknown as { refused: string[] }).refused.sort())).toEqual(["script-src-attr", "script-src-elem"]);
  expect(await page.evaluate(() => "injected" in window || "handled" in window)).toBe(false);
  await context.close();
});
