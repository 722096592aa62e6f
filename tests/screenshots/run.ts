// `npm run screenshots`: the key pages of the studio, as a designer reviews them.
//
//   npm run screenshots                 (after `npm ci && npm run build`)
//   npm run screenshots -- --dark       (the same in the dark colour scheme)
//   OUT=some-folder npm run screenshots (another folder than screenshots/)
//
// The embedded PostgreSQL (cluster in .screenshots-data/, a fresh database per run),
// the migrations, the demo production seeded as `npm start` seeds it, and the studio
// started from the build, as the tests start it. Then Chromium takes every page, whole,
// at 1366 and 390 px, in English and French, as a visitor and as the demo's producer,
// into OUT as <number>-<page>.<visitor|producer>.<en|fr>.<width>.png.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { root } from "../support/studio-process.ts";
import { startThrowawayStudio } from "../support/throwaway-studio.ts";

const dark = process.argv.includes("--dark");
const out = path.resolve(root, process.env.OUT ?? "screenshots");
const started = Date.now();

const studio = await startThrowawayStudio({ folder: ".screenshots-data", databasePrefix: "claquette_shots", env: { SMTP_URL: "" } });
const baseUrl = studio.baseUrl;
const { db } = await import("../../app/lib/db.server.ts");
const { createSession } = await import("../../app/features/auth/session.server.ts");
const { DEMO_SLUG } = await import("../../prisma/seed.ts");

let browser: Browser | undefined;
let written = 0;
try {
  // The studio seeds the demo production on its first start, as `npm start` does.
  await studio.start();
  const production = await db.production.findUniqueOrThrow({ where: { slug: DEMO_SLUG } });
  const producer = await db.membership.findFirstOrThrow({ where: { productionId: production.id, role: "producer" }, include: { user: true } });
  const session = await createSession(producer.userId, "screenshots");
  const first = { productionId: production.id };
  const poll = await db.poll.findFirstOrThrow({ where: first, orderBy: { createdAt: "asc" } });
  const wikiPage = await db.wikiPage.findFirstOrThrow({ where: first, orderBy: { createdAt: "asc" } });
  const decision = await db.decision.findFirstOrThrow({ where: first, orderBy: { number: "asc" } });
  const task = await db.task.findFirstOrThrow({ where: first, orderBy: { number: "asc" } });
  const release = await db.release.findFirstOrThrow({ where: first, orderBy: { createdAt: "asc" } });
  const p = `/p/${DEMO_SLUG}`;

  const pages: [string, string][] = [
    ["home", "/"],
    ["explore", "/explore"],
    ["login", "/login"],
    ["signup", "/signup"],
    ["production", p],
    ["screenplay", `${p}/script`],
    ["script-writers", `${p}/script/writers`],
    ["wiki", `${p}/wiki`],
    ["wiki-page", `${p}/wiki/${wikiPage.slug}`],
    ["wiki-search", `${p}/wiki?q=night`],
    ["tracker", `${p}/tracker`],
    ["task", `${p}/tracker/tasks/${task.number}`],
    ["schedule", `${p}/tracker/schedule`],
    ["decisions", `${p}/decisions`],
    ["decision", `${p}/decisions/${decision.number}`],
    ["polls", `${p}/polls`],
    ["poll", `${p}/polls/${poll.id}`],
    ["new-poll", `${p}/polls/new`],
    ["releases", `${p}/releases`],
    ["release", `${p}/releases/${release.slug}`],
    ["notes", `${p}/notes`],
    ["members", `${p}/members`],
    ["notifications", "/notifications"],
    ["account", "/settings"],
    ["new-production", "/productions/new"],
    ["profile", `/u/${producer.user.handle}`],
  ];

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });

  const runs = [];
  for (const role of ["visitor", "producer"] as const)
    for (const lang of ["en", "fr"] as const) for (const width of [1366, 390]) runs.push({ role, lang, width });

  // Two browser tabs at a time: a 2-core machine also runs the studio and PostgreSQL.
  const queue = [...runs];
  const worker = async () => {
    for (let run = queue.shift(); run; run = queue.shift()) {
      const context = await browser!.newContext({
        baseURL: baseUrl,
        locale: run.lang === "fr" ? "fr-FR" : "en-GB",
        viewport: { width: run.width, height: run.width > 600 ? 900 : 844 },
        deviceScaleFactor: 1,
        hasTouch: run.width < 600,
        colorScheme: dark ? "dark" : "light",
        reducedMotion: "reduce",
      });
      if (run.role === "producer") await context.addCookies([{ name: "claquette_session", value: session.token, url: baseUrl }]);
      const page = await context.newPage();
      for (const [i, [name, url]] of pages.entries()) {
        await page.goto(url, { waitUntil: "load" });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        const file = `${String(i + 1).padStart(2, "0")}-${name}.${run.role}.${run.lang}.${run.width}.png`;
        await page.screenshot({ path: path.join(out, file), fullPage: true, animations: "disabled", caret: "hide" });
        written++;
      }
      await context.close();
    }
  };
  await Promise.all([worker(), worker()]);
} finally {
  await browser?.close();
  await studio.stop();
}
console.log(`wrote ${written} screenshots to ${path.relative(root, out) || "."} in ${Math.round((Date.now() - started) / 1000)} s`);
