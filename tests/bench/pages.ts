// Page benchmark (issue 21, "Fast anonymous pages").
//
//   npm run bench:pages            (CONNECTIONS=32, DURATION=10 seconds a run by default)
//
// A throwaway studio with the demo production, started from the build as `npm start`
// does, loaded with autocannon: the production home and the festival cut's release page
// as an anonymous visitor (served from the page cache, docs/decisions/0050), the same
// home as a visitor the cache does not serve (a cookie of their own: the uncached path),
// the home signed in as a member, and, in the same run, the ceiling: React Router alone
// rendering a static page of the home's size (tests/bench/bare-page-server.ts).
// Targets: anonymous home and release ≥ 2,000 req/s with p99 ≤ 50 ms; signed-in home
// ≥ 300 req/s. The machine's load (uptime) is reported beside the figures.
import { spawn } from "node:child_process";
import os from "node:os";
import autocannon from "autocannon";
import { root } from "../support/studio-process.ts";
import { report, startBenchStudio } from "./studio.ts";

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const DURATION = Number(process.env.DURATION ?? 10);

const studio = await startBenchStudio();
await studio.start();
const { testUser } = await import("../support/collab.ts");
const { join } = await import("../../app/features/productions/membership.server.ts");
const { db } = await import("../../app/lib/db.server.ts");

const production = await db.production.findUniqueOrThrow({ where: { slug: "les-veilleurs" } });
const release = await db.release.findFirstOrThrow({ where: { productionId: production.id }, orderBy: { publishAt: "asc" } });
const member = await testUser("bench");
await join(production.id, member.id);

const home = `${studio.baseUrl}/p/${production.slug}`;
const releasePage = `${home}/releases/${release.slug}`;
const size = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return (await res.text()).length;
};
const homeBytes = await size(home);
const sizes = { home: homeBytes, release: await size(releasePage), signedInHome: await size(home, { cookie: member.cookie }) };

// The ceiling, in a process of its own like the studio.
const bare = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "--import", "tsx", "tests/bench/bare-page-server.ts"], {
  cwd: root,
  env: { ...process.env, NODE_ENV: "production", SIZE: String(homeBytes) },
  stdio: ["ignore", "pipe", "inherit"],
});
const barePort = await new Promise<number>((resolve, reject) => {
  let out = "";
  bare.stdout!.on("data", (c: Buffer) => {
    out += c.toString();
    const port = /listening (\d+)/.exec(out)?.[1];
    if (port) resolve(Number(port));
  });
  bare.once("exit", (code) => reject(new Error(`the bare page server stopped (${code})`)));
});
const bareUrl = `http://127.0.0.1:${barePort}/`;
const bareBytes = await size(bareUrl);

type Figures = { requestsPerSecond: number; p50ms: number; p99ms: number; errors: number; non2xx: number; bytesPerResponse: number };
async function load(name: string, url: string, headers: Record<string, string> = {}): Promise<Figures> {
  // Warm up (and fill the cache) before measuring.
  await autocannon({ url, headers, connections: 4, duration: 1 });
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION });
  const figures = {
    requestsPerSecond: Math.round(r.requests.average),
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    bytesPerResponse: Math.round(r.throughput.total / Math.max(1, r.requests.total)),
  };
  console.log(`${name.padEnd(22)} ${String(figures.requestsPerSecond).padStart(6)} req/s  p50 ${figures.p50ms} ms  p99 ${figures.p99ms} ms  ${figures.non2xx} non-2xx, ${figures.errors} errors`);
  return figures;
}

const loadBefore = os.loadavg();
console.log(`${CONNECTIONS} connections, ${DURATION} s a run; load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`);
const runs = {
  anonymousHome: await load("anonymous home", home),
  anonymousRelease: await load("anonymous release", releasePage),
  anonymousHomeUncached: await load("anonymous home, uncached", home, { cookie: "bench=uncached" }),
  signedInHome: await load("signed-in home", home, { cookie: member.cookie }),
  bareReactRouter: await load("bare React Router", bareUrl),
};
const loadAfter = os.loadavg();

bare.kill("SIGTERM");
await studio.stop();

const ratio = (f: Figures) => Number((f.requestsPerSecond / runs.bareReactRouter.requestsPerSecond).toFixed(2));
report("pages", {
  connections: CONNECTIONS,
  durationSeconds: DURATION,
  loadAverage: { before: loadBefore, after: loadAfter },
  bytes: { ...sizes, bare: bareBytes },
  runs,
  ratioToBareReactRouter: {
    anonymousHome: ratio(runs.anonymousHome),
    anonymousRelease: ratio(runs.anonymousRelease),
    anonymousHomeUncached: ratio(runs.anonymousHomeUncached),
    signedInHome: ratio(runs.signedInHome),
  },
  targets: {
    anonymousHome: runs.anonymousHome.requestsPerSecond >= 2000 && runs.anonymousHome.p99ms <= 50,
    anonymousRelease: runs.anonymousRelease.requestsPerSecond >= 2000 && runs.anonymousRelease.p99ms <= 50,
    signedInHome: runs.signedInHome.requestsPerSecond >= 300,
  },
});
process.exit(0);
