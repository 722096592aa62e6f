// The crawler: for each role, a fresh copy of the demo production; every page reachable
// from its home (one per route pattern, bounded) is opened in Chromium without JavaScript,
// as the server sends it, and every POST form it shows is sent with its default values,
// once per submit button, as the browser would send it. A form the studio then refuses
// (403, or sent back with "not allowed") while the page still shows it, or that breaks
// (500), fails the test: a control shown must be a control that works.
import { randomBytes } from "node:crypto";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedDemo } from "../../prisma/seed";
import { createSession } from "~/features/auth/session.server";
import { db } from "~/lib/db.server";
import { testUser } from "../support/collab";

const base = inject("baseUrl");
const PAGE_LIMIT = 45;
/** Addresses that are files, feeds or downloads, not pages. */
const notAPage = /\.(pdf|fountain|atom|ics|csv|json|txt|torrent|webm|mp4|png|jpe?g|webp|svg)$|\/(poster|image|images|tracks|files|seed|submissions)(\/|$)/;

type Found = { action: string; index: number; submitter: number; label: string };

/** The same address with numbers and ids folded: one page per route pattern. */
const patternOf = (path: string) =>
  path
    .split("/")
    .map((s, i) => (i > 3 && (/^\d+$/.test(s) || /^c[a-z0-9]{20,}$/.test(s)) ? ":x" : s))
    .join("/");

async function homeOf(slug: string) {
  return `/p/${slug}`;
}

let browser: Awaited<ReturnType<typeof chromium.launch>>;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
});
afterAll(async () => {
  await browser?.close();
});

/** Every same-production page from the home, breadth first, one per pattern. */
async function pagesOf(page: Page, home: string, problems: string[]) {
  const queue = [home];
  const seen = new Set<string>([patternOf(home)]);
  const pages: string[] = [];
  while (queue.length && pages.length < PAGE_LIMIT) {
    const path = queue.shift()!;
    const res = await page.goto(`${base}${path}`);
    const status = res?.status() ?? 0;
    if (status === 403 || status >= 500) problems.push(`GET ${path} → ${status}`);
    if (!res || status !== 200 || !(res.headers()["content-type"] ?? "").includes("text/html")) continue;
    if (new URL(page.url()).pathname.startsWith("/login")) continue;
    pages.push(path);
    const links = await page.$$eval("a[href]", (as) => as.map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""));
    for (const href of links) {
      if (!href.startsWith(`${home}/`) && href !== home) continue;
      const target = href.split("#")[0]!.split("?")[0]!;
      if (notAPage.test(target) || seen.has(patternOf(target))) continue;
      seen.add(patternOf(target));
      queue.push(target);
    }
  }
  return pages;
}

/** The POST forms of the page that act on this production, one entry per submit button. */
async function formsOf(page: Page, home: string): Promise<Found[]> {
  return page.$$eval(
    "form",
    (forms, home) =>
      forms.flatMap((f, index) => {
        const form = f as HTMLFormElement;
        // Attributes, not properties: a field named "method" or "action" hides the form's own.
        if ((form.getAttribute("method") ?? "get").toLowerCase() !== "post") return [];
        const action = new URL(form.getAttribute("action") ?? location.href, location.href).pathname;
        if (action !== home && !action.startsWith(`${home}/`)) return [];
        const buttons = [...form.querySelectorAll("button:not([type=button]):not([type=reset]), input[type=submit]")];
        return (buttons.length ? buttons : [null]).map((b, submitter) => ({ action, index, submitter, label: `${(b?.textContent ?? "").trim() || (b as HTMLInputElement | null)?.value || "(no button)"}` }));
      }),
    home,
  );
}

/** Send a form as the browser would, with its default values; what came back. */
async function send(page: Page, found: Found) {
  return page.evaluate(async ({ index, submitter }) => {
    const form = document.forms[index]!;
    const buttons = [...form.querySelectorAll("button:not([type=button]):not([type=reset]), input[type=submit]")] as HTMLElement[];
    const body = new FormData(form, buttons[submitter] ?? null);
    const enctype = form.getAttribute("enctype");
    const res = await fetch(new URL(form.getAttribute("action") ?? location.href, location.href), {
      method: "POST",
      body: enctype === "multipart/form-data" ? body : new URLSearchParams([...body].filter((e): e is [string, string] => typeof e[1] === "string")),
    });
    const text = await res.text();
    return { status: res.status, refused: text.includes('data-testid="refused"'), forbidden: text.includes("You are not allowed to do that") };
  }, found);
}

/** Leaving, deleting, removing and withdrawing change what every other form may do. */
const destructive = /leave|delete|remove|withdraw|quitter|supprimer|retirer/i;

async function crawl(context: BrowserContext, slug: string) {
  const page = await context.newPage();
  const home = await homeOf(slug);
  const problems: string[] = [];
  const pages = await pagesOf(page, home, problems);
  // Every form of every page first, then sent with the destructive ones last of all: a
  // producer who left on the first page would find no producer's form on the others.
  const all: { path: string; found: Found }[] = [];
  for (const path of pages) {
    await page.goto(`${base}${path}`);
    for (const found of await formsOf(page, home)) all.push({ path, found });
  }
  all.sort((a, b) => Number(destructive.test(a.found.label)) - Number(destructive.test(b.found.label)));
  let sent = 0;
  for (const { path, found } of all) {
    await page.goto(`${base}${path}`);
    // The page as it is now (an earlier form may have changed it): is this control still offered?
    const now = await formsOf(page, home);
    if (!now.some((f) => f.index === found.index && f.submitter === found.submitter && f.label === found.label && f.action === found.action)) continue;
    const answer = await send(page, found);
    sent++;
    const what = `POST ${found.action} "${found.label}" (from ${path})`;
    if (answer.status >= 500) problems.push(`${what} → ${answer.status}`);
    else if (answer.status === 403 || answer.refused || answer.forbidden) problems.push(`${what} → refused (${answer.status})`);
  }
  await page.close();
  return { pages, found: all.length, sent, problems };
}

const roles = ["visitor", "stranger", "member", "crew", "producer", "admin"] as const;

describe("the crawler: no control shown is refused or breaks", () => {
  for (const role of roles) {
    it(`as ${role}`, { timeout: 240_000 }, async () => {
      const slug = `crawl-${role}-${randomBytes(3).toString("hex")}`;
      await seedDemo(slug);
      const production = await db.production.findUniqueOrThrow({ where: { slug }, select: { id: true } });
      const memberWith = async (r: "member" | "crew" | "producer") =>
        (await db.membership.findFirstOrThrow({ where: { productionId: production.id, role: r }, orderBy: { joinedAt: "desc" }, select: { userId: true } })).userId;
      let token: string | null = null;
      if (role === "stranger" || role === "admin") {
        const user = await testUser(role);
        if (role === "admin") await db.user.update({ where: { id: user.id }, data: { isAdmin: true } });
        token = user.token;
      } else if (role !== "visitor") {
        token = (await createSession(await memberWith(role), "crawler")).token;
      }
      const context = await browser.newContext({ javaScriptEnabled: false, baseURL: base });
      if (token) await context.addCookies([{ name: "claquette_session", value: token, url: base }]);
      const { pages, found, sent, problems } = await crawl(context, slug);
      await context.close();
      console.log(`crawler as ${role}: ${pages.length} pages, ${found} forms found, ${sent} sent`);
      expect(pages.length).toBeGreaterThan(10);
      expect(problems).toEqual([]);
    });
  }
});
