// The JavaScript a visitor downloads, page by page (issue: premiere night).
//
//   npm run bench:js          (after `npm run build`)
//
// The studio from the build with its demo production, as `npm start` runs it. Chromium
// opens each public page as a visitor, in English and in French, and every script the
// page loads is counted at its gzipped size (gzip -9 of the body, as a server or CDN
// compressing it would send it). Budget: 110 KB on the production home, the release
// and a wiki page: prints PASS or FAIL per page, writes the figures as JSON
// (tests/bench/results/page-weight.json) and exits with 1 when a page is over it.
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { report, startBenchStudio } from "./studio.ts";

const BUDGET_KB = 110;
const studio = await startBenchStudio();
const { db } = await import("../../app/lib/db.server.ts");
const { DEMO_SLUG } = await import("../../prisma/seed.ts");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

type Weight = { page: string; lang: string; scripts: number; gzipKB: number; rawKB: number; budgetKB: number | null; withinBudget: boolean | null; largest: string[] };
const weights: Weight[] = [];
try {
  await studio.start();
  const production = await db.production.findUniqueOrThrow({ where: { slug: DEMO_SLUG } });
  const wikiPage = await db.wikiPage.findFirstOrThrow({ where: { productionId: production.id }, orderBy: { createdAt: "asc" } });
  const release = await db.release.findFirstOrThrow({ where: { productionId: production.id }, orderBy: { createdAt: "asc" } });
  const p = `/p/${DEMO_SLUG}`;
  const pages: [name: string, url: string, budgeted: boolean][] = [
    ["production home", p, true],
    ["release", `${p}/releases/${release.slug}`, true],
    ["wiki page", `${p}/wiki/${wikiPage.slug}`, true],
    ["explore", "/explore", false],
    ["screenplay (reading)", `${p}/script`, false],
  ];
  for (const lang of ["en", "fr"]) {
    for (const [name, url, budgeted] of pages) {
      const context = await browser.newContext({ baseURL: studio.baseUrl, locale: lang === "fr" ? "fr-FR" : "en-GB" });
      const page = await context.newPage();
      const bodies: Promise<{ name: string; body: Buffer } | null>[] = [];
      page.on("response", (response) => {
        // A body still unread when the page closes (a script fetched late) is not counted.
        if (response.request().resourceType() === "script")
          bodies.push(response.body().then((body) => ({ name: new URL(response.url()).pathname.split("/").pop()!, body }), () => null));
      });
      await page.goto(url, { waitUntil: "networkidle" });
      // Then, on a page of the app, until React has taken it over (the language is loaded
      // just before). A visitor's reading page has no React to wait for (decision 0058).
      if (await page.evaluate(() => "__reactRouterContext" in window))
        await page.waitForFunction(() => Object.keys(document).some((key) => key.startsWith("__reactContainer")));
      await page.waitForLoadState("networkidle");
      const scripts = (await Promise.all(bodies)).filter((b) => b !== null).map(({ name, body }) => ({ name, raw: body.length, gzip: gzipSync(body, { level: 9 }).length }));
      const sizes = scripts.map((s) => s.raw);
      const gzipKB = scripts.reduce((sum, s) => sum + s.gzip, 0) / 1024;
      const rawKB = sizes.reduce((sum, size) => sum + size, 0) / 1024;
      // The five heaviest, to see what to cut next.
      const largest = scripts.sort((a, b) => b.gzip - a.gzip).slice(0, 5).map((s) => `${s.name} ${(s.gzip / 1024).toFixed(1)} KB`);
      const budgetKB = budgeted ? BUDGET_KB : null;
      weights.push({ page: name, lang, scripts: sizes.length, gzipKB: Math.round(gzipKB * 10) / 10, rawKB: Math.round(rawKB), budgetKB, withinBudget: budgetKB === null ? null : gzipKB <= budgetKB, largest });
      await context.close();
    }
  }
} finally {
  await browser.close();
  await studio.stop();
}
for (const w of weights) {
  const verdict = w.budgetKB === null ? "" : `  ${w.withinBudget ? "PASS" : "FAIL"} (budget ${w.budgetKB} KB)`;
  console.log(`${w.page.padEnd(22)} ${w.lang}  ${String(w.scripts).padStart(3)} scripts  ${w.gzipKB.toFixed(1).padStart(6)} KB gzipped${verdict}`);
  console.log(`    heaviest: ${w.largest.join(", ")}`);
}
const over = weights.filter((w) => w.withinBudget === false);
report("page-weight", { budgetKB: BUDGET_KB, withinBudget: over.length === 0, pages: weights });
// The budget is a check: a page over it fails the run (the figures are written first).
console.log(over.length ? `FAIL: ${over.length} page(s) over ${BUDGET_KB} KB: ${over.map((w) => `${w.page} (${w.lang})`).join(", ")}` : `PASS: every budgeted page within ${BUDGET_KB} KB`);
if (over.length) process.exitCode = 1;
