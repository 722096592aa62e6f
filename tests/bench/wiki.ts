// Wiki benchmark (issue: the community wiki).
//
//   npm run bench:wiki               (PAGES=5000, VERSIONS=100000, REQUESTS=200 by default)
//
// A production with PAGES pages (texts in English and French, linked to each other)
// and VERSIONS versions of them, stored as the studio stores them. Then, through the
// real pages over HTTP: full-text searches, page views and recent changes (also
// filtered by person), each timed from request to last byte. Targets: search p95 ≤ 50 ms,
// page view p95 ≤ 30 ms, recent changes ≤ 50 ms.
import http from "node:http";
import * as Y from "yjs";
import { percentile, report, startBenchStudio } from "./studio.ts";

const PAGES = Number(process.env.PAGES ?? 5000);
const VERSIONS = Number(process.env.VERSIONS ?? 100_000);
const REQUESTS = Number(process.env.REQUESTS ?? 200);

const studio = await startBenchStudio();
const { db } = await import("../../app/lib/db.server.ts");
const { writeBlocks } = await import("../../app/features/collab/content.ts");

const words = (
  "lamp street night bus driver bakery bread dawn light town memory wedding glass amber hum storm river bridge " +
  "réverbère rue nuit chauffeur boulangerie pain aube lumière ville souvenir mariage verre ambre orage fleuve pont personnage lieux"
).split(" ");
let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = () => words[Math.floor(random() * words.length)]!;
const sentence = (n: number) => Array.from({ length: n }, pick).join(" ");

const stamp = Date.now().toString(36);
const people = await Promise.all(
  Array.from({ length: 20 }, (_, i) => db.user.create({ data: { handle: `w${stamp}${i}`, displayName: `Writer ${i}`, email: `w${stamp}${i}@bench.invalid`, passwordHash: "!" } })),
);
const production = await db.production.create({ data: { slug: `wiki-${stamp}`, title: "Wiki", licence: "CC-BY-SA-4.0" } });
const categories = ["character", "location", "prop", "costume", "lore", "research", "note"];

console.log(`seeding ${PAGES} pages and ${VERSIONS} versions…`);
const started = performance.now();
const pageIds: string[] = [];
for (let from = 0; from < PAGES; from += 500) {
  const batch = Array.from({ length: Math.min(500, PAGES - from) }, (_, k) => {
    const i = from + k;
    const title = `Page ${i} ${pick()}`;
    const body = `${sentence(60)} [[Page ${Math.floor(random() * PAGES)}]] ${sentence(40)}`;
    const doc = new Y.Doc();
    writeBlocks(doc, [{ type: "heading", level: 2, text: title }, { type: "paragraph", text: body }]);
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    return { id: `wp${stamp}${i}`, title, slug: `page-${i}`, body, state, category: categories[i % categories.length]! };
  });
  await db.wikiPage.createMany({ data: batch.map(({ state: _s, ...p }) => ({ ...p, productionId: production.id, createdById: people[0]!.id })) });
  await db.document.createMany({ data: batch.map((p) => ({ name: `wiki:${p.id}`, kind: "wiki", productionId: production.id, state: Buffer.from(p.state) })) });
  await db.wikiLink.createMany({ data: batch.map((p) => ({ fromId: p.id, toSlug: /\[\[Page (\d+)\]\]/.exec(p.body)![1]!.replace(/^/, "page-") })), skipDuplicates: true });
  pageIds.push(...batch.map((p) => p.id));
}
await db.$executeRaw`
  UPDATE "WikiPage" SET search = setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('french', title), 'A')
    || setweight(to_tsvector('english', body), 'B') || setweight(to_tsvector('french', body), 'B')
  WHERE "productionId" = ${production.id}`;
const tiny = Buffer.from(Y.encodeStateAsUpdate(new Y.Doc()));
const perPage = Math.ceil(VERSIONS / PAGES);
for (let from = 0; from < VERSIONS; from += 5000) {
  const rows = Array.from({ length: Math.min(5000, VERSIONS - from) }, (_, k) => {
    const n = from + k;
    return {
      docName: `wiki:${pageIds[n % PAGES]}`,
      number: Math.floor(n / PAGES) + 1,
      state: tiny,
      editors: [people[n % people.length]!.id],
      productionId: production.id,
      createdAt: new Date(Date.now() - (VERSIONS - n) * 60_000),
    };
  });
  await db.documentVersion.createMany({ data: rows });
}
await db.$executeRawUnsafe(`ANALYZE "WikiPage"; ANALYZE "DocumentVersion"; ANALYZE "WikiLink"`);
console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s (${perPage} versions a page)`);

await studio.start();
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function timed(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http
      .get(`${studio.baseUrl}${path}`, { agent }, (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`${path}: ${res.statusCode}`))));
      })
      .on("error", reject);
  });
}
async function measure(paths: () => string) {
  for (let i = 0; i < 20; i++) await timed(paths()); // warm up
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) times.push(await timed(paths()));
  times.sort((a, b) => a - b);
  return { p50: Number(percentile(times, 50).toFixed(1)), p95: Number(percentile(times, 95).toFixed(1)), max: Number(times.at(-1)!.toFixed(1)) };
}
const base = `/p/${production.slug}/wiki`;
const search = await measure(() => `${base}?q=${encodeURIComponent(random() < 0.5 ? pick() : `${pick()} ${pick()}`)}`);
const pageView = await measure(() => `${base}/page-${Math.floor(random() * PAGES)}`);
const changes = await measure(() => `${base}/changes`);
const changesByPerson = await measure(() => `${base}/changes?person=w${stamp}${Math.floor(random() * people.length)}`);

report("wiki", {
  pages: PAGES,
  versions: VERSIONS,
  requestsEach: REQUESTS,
  millisecondsFromRequestToLastByte: { search, pageView, recentChanges: changes, recentChangesByPerson: changesByPerson },
  targets: { searchP95: 50, pageViewP95: 30, recentChanges: 50 },
});
agent.destroy();
await studio.stop();
process.exit(0);
