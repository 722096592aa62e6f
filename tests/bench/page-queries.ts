// What a page asks PostgreSQL: each statement, how long it took to come back, and with
// EXPLAIN=1 what PostgreSQL spent planning and running it (a query per row, or a plan
// dearer than its run, shows here).
//
//   npm run build && npm run bench:queries [-- /p/les-veilleurs/releases …]
//
// The demo production in a throwaway studio; each page is rendered twice in this process by
// the build, signed in as a member and as a visitor, and the second rendering's statements
// are counted at the pooled client (as tests/integration/production-header.test.ts counts
// them). Paths default to the production home.
import { createRequestHandler, type ServerBuild } from "react-router";
import { root } from "../support/studio-process.ts";
import { report, startDemoStudioWithMember } from "./studio.ts";

const { studio, production, member } = await startDemoStudioWithMember("queries");

const build = (await import(/* @vite-ignore */ `${root}/build/server/index.js`)) as ServerBuild;
const handle = createRequestHandler(build, "production");

type Callback = (...args: unknown[]) => unknown;
type Queryable = { query: (...args: unknown[]) => unknown };
type Statement = { text: string; values: unknown[]; ms: number };
const pool = (globalThis as unknown as { claquetteDb: { pool: { connect: () => Promise<Queryable & { release: () => void }> } } }).claquetteDb.pool;
const sample = await pool.connect();
const clientClass = Object.getPrototypeOf(sample) as Queryable;
sample.release();
const { query } = clientClass;
let seen: Statement[] = [];
clientClass.query = function (this: unknown, ...args: unknown[]) {
  const config = args[0] as string | { text?: string; values?: unknown[]; callback?: Callback };
  const statement: Statement = {
    text: typeof config === "string" ? config : (config?.text ?? ""),
    values: (Array.isArray(args[1]) ? args[1] : typeof config === "object" ? config?.values : undefined) ?? [],
    ms: NaN,
  };
  seen.push(statement);
  const started = performance.now();
  const timed = (callback: Callback) => (...a: unknown[]) => ((statement.ms = performance.now() - started), callback(...a));
  // node-postgres answers through a callback (Prisma's adapter) or a promise (ours).
  const last = args.length - 1;
  if (typeof args[last] === "function") args[last] = timed(args[last] as Callback);
  else if (typeof config === "object" && typeof config?.callback === "function") config.callback = timed(config.callback);
  const result = query.apply(this, args) as unknown;
  if (result instanceof Promise) void result.then(() => (statement.ms = performance.now() - started), () => {});
  return result;
};

async function statementsOf(path: string, cookie: string): Promise<Statement[]> {
  // The second rendering: what every request costs once the first has warmed caches.
  for (let i = 0; i < 2; i++) {
    seen = [];
    const res = await handle(new Request(`${studio.baseUrl}${path}`, { headers: { cookie } }));
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    await res.text();
  }
  return seen;
}

async function explain(statement: Statement): Promise<string> {
  const client = await pool.connect();
  try {
    const { rows } = (await query.call(client, `EXPLAIN (ANALYZE, SUMMARY) ${statement.text}`, statement.values)) as { rows: { "QUERY PLAN": string }[] };
    return rows.map((r) => r["QUERY PLAN"]).filter((line) => /^(Planning|Execution) Time/.test(line)).join(", ");
  } finally {
    client.release();
  }
}

const line = (s: Statement) => s.text.replace(/\s+/g, " ").trim().slice(0, 120);
const paths = process.argv.slice(2).length ? process.argv.slice(2) : [`/p/${production.slug}`];
const pages: Record<string, { signedIn: number; visitor: number }> = {};
for (const path of paths) {
  const signedIn = await statementsOf(path, member.cookie);
  const visitor = await statementsOf(path, "bench=uncached"); // a cookie of its own: not served from the page cache
  console.log(`\n${path}: ${signedIn.length} statements signed in, ${visitor.length} as a visitor. Signed in:`);
  for (const s of signedIn) console.log(`  ${s.ms.toFixed(2).padStart(6)} ms  ${line(s)}`);
  if (process.env.EXPLAIN) {
    for (const s of signedIn) console.log(`  ${await explain(s)}  ${line(s).slice(0, 60)}`);
  }
  pages[path] = { signedIn: signedIn.length, visitor: visitor.length };
}
clientClass.query = query;
await studio.stop();
report("page-queries", { pages });
process.exit(0);
