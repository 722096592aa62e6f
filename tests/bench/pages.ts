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
// The load comes from `wrk` where it is installed (Debian: `apt-get install wrk`): written
// in C, it leaves the studio most of the machine; else from autocannon, in this Node
// process, which then takes a core of its own (LOADER=autocannon chooses it). Targets: anonymous home and release ≥ 2,000 req/s with p99 ≤ 50 ms; signed-in home
// ≥ 300 req/s, measured again with the studio in one process per core (PROCESSES, by
// default this machine's cores), as a host runs it. The machine's load (uptime) is reported beside the figures, and each run
// with the CPU one request cost the studio and PostgreSQL (read from /proc): on a machine
// of two cores the two share it, so what the database spends the studio cannot.
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import autocannon from "autocannon";
import { root } from "../support/studio-process.ts";
import { cpuSeconds, report, startDemoStudioWithMember } from "./studio.ts";

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const DURATION = Number(process.env.DURATION ?? 10);
const PROCESSES = Number(process.env.PROCESSES ?? os.availableParallelism());

const { studio, db, production, member } = await startDemoStudioWithMember("bench");
const release = await db.release.findFirstOrThrow({ where: { productionId: production.id }, orderBy: { publishAt: "asc" } });

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

type Figures = { requestsPerSecond: number; p50ms: number; p99ms: number; errors: number; non2xx: number; bytesPerResponse: number; cpuMsPerRequest?: { studio: number; postgres: number } };

/** CPU seconds used so far by the processes `which` picks. */
const cpuOf = (which: (pid: number) => boolean, options?: { reapedChildren: boolean }) =>
  readdirSync("/proc")
    .filter((pid) => /^\d+$/.test(pid))
    .map(Number)
    .reduce((sum, pid) => {
      try {
        return which(pid) ? sum + cpuSeconds(pid, options) : sum;
      } catch {
        return sum; // gone meanwhile
      }
    }, 0);
const isPostgres = (pid: number) => readFileSync(`/proc/${pid}/comm`, "utf8").startsWith("postgres");
const parentOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);

/**
 * PostgreSQL's processes (the embedded cluster is the only one here), those of backends
 * that have ended included: their parent counts what it reaped.
 */
const postgresCpu = () => cpuOf(isPostgres, { reapedChildren: true });
/** The studio: its first process and those serving beside it. */
const studioCpu = (studio: number) => cpuOf((pid) => pid === studio || (parentOf(pid) === studio && !isPostgres(pid)));

const hasWrk = (() => {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (e) {
    // wrk prints its version and exits with 1; only a missing program is missing.
    return (e as NodeJS.ErrnoException).code !== "ENOENT";
  }
})();
const LOADER = process.env.LOADER ?? (hasWrk ? "wrk" : "autocannon");

/** wrk's "1.23ms", "870.00us", "1.02s" in milliseconds. */
const wrkMs = (value: string) => {
  const [, n = "NaN", unit] = /^([\d.]+)(us|ms|s)$/.exec(value) ?? [];
  return Number(n) * (unit === "us" ? 0.001 : unit === "s" ? 1000 : 1);
};
function wrk(url: string, headers: Record<string, string>, connections: number, seconds: number): Figures {
  const args = ["-t", "2", "-c", String(connections), "-d", `${seconds}s`, "--latency", ...Object.entries(headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]), url];
  const out = execFileSync("wrk", args, { encoding: "utf8" });
  const percent = (p: string) => wrkMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m").exec(out)?.[1] ?? "");
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const read = /requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB) read/.exec(out);
  const bytes = read ? Number(read[1]) * { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[read[2] as "B"] : 0;
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    requestsPerSecond: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)),
    p50ms: percent("50"),
    p99ms: percent("99"),
    errors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    bytesPerResponse: Math.round(bytes / Math.max(1, requests)),
  };
}

async function load(name: string, url: string, headers: Record<string, string> = {}, pid = 0): Promise<Figures> {
  let figures: Figures;
  const cpuNow = () => ({ studio: pid ? studioCpu(pid) : 0, postgres: postgresCpu() });
  // Warm up (and fill the cache) before measuring.
  if (LOADER === "wrk") wrk(url, headers, 4, 1);
  else await autocannon({ url, headers, connections: 4, duration: 1 });
  const cpuBefore = cpuNow();
  if (LOADER === "wrk") {
    figures = wrk(url, headers, CONNECTIONS, DURATION);
  } else {
    const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION });
    figures = {
      requestsPerSecond: Math.round(r.requests.average),
      p50ms: r.latency.p50,
      p99ms: r.latency.p99,
      errors: r.errors + r.timeouts,
      non2xx: r.non2xx,
      bytesPerResponse: Math.round(r.throughput.total / Math.max(1, r.requests.total)),
    };
  }
  if (pid) {
    // What one request costs the studio's process and the database, in CPU.
    const requests = figures.requestsPerSecond * DURATION;
    const perRequest = (seconds: number) => Number(((seconds * 1000) / Math.max(1, requests)).toFixed(2));
    const cpu = cpuNow();
    figures.cpuMsPerRequest = { studio: perRequest(cpu.studio - cpuBefore.studio), postgres: perRequest(cpu.postgres - cpuBefore.postgres) };
  }
  const cpu = figures.cpuMsPerRequest ? `  CPU/request: studio ${figures.cpuMsPerRequest.studio} ms, PostgreSQL ${figures.cpuMsPerRequest.postgres} ms` : "";
  console.log(`${name.padEnd(38)} ${String(figures.requestsPerSecond).padStart(6)} req/s  p50 ${figures.p50ms} ms  p99 ${figures.p99ms} ms  ${figures.non2xx} non-2xx, ${figures.errors} errors${cpu}`);
  return figures;
}

const loadBefore = os.loadavg();
console.log(`${LOADER}, ${CONNECTIONS} connections, ${DURATION} s a run; load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`);
const runs = {
  anonymousHome: await load("anonymous home", home, {}, studio.pid),
  anonymousRelease: await load("anonymous release", releasePage, {}, studio.pid),
  anonymousHomeUncached: await load("anonymous home, uncached", home, { cookie: "bench=uncached" }, studio.pid),
  signedInHome: await load("signed-in home", home, { cookie: member.cookie }, studio.pid),
  bareReactRouter: await load("bare React Router", bareUrl),
};

// The same studio as a host runs it on this machine: one process per core (PROCESSES,
// docs/decisions/0063), for the pages no cache serves.
await studio.stopServer();
await studio.start({ PROCESSES: String(PROCESSES) });
const studioProcesses = {
  anonymousHomeUncached: await load(`anonymous home, uncached, ${PROCESSES} processes`, home, { cookie: "bench=uncached" }, studio.pid),
  signedInHome: await load(`signed-in home, ${PROCESSES} processes`, home, { cookie: member.cookie }, studio.pid),
};
const loadAfter = os.loadavg();

bare.kill("SIGTERM");
await studio.stop();

const ratio = (f: Figures) => Number((f.requestsPerSecond / runs.bareReactRouter.requestsPerSecond).toFixed(2));
report("pages", {
  loader: LOADER,
  connections: CONNECTIONS,
  durationSeconds: DURATION,
  loadAverage: { before: loadBefore, after: loadAfter },
  bytes: { ...sizes, bare: bareBytes },
  runs,
  processes: PROCESSES,
  runsWithProcesses: studioProcesses,
  // Of one studio process to the one process of the bare page.
  ratioToBareReactRouter: {
    anonymousHome: ratio(runs.anonymousHome),
    anonymousRelease: ratio(runs.anonymousRelease),
    anonymousHomeUncached: ratio(runs.anonymousHomeUncached),
    signedInHome: ratio(runs.signedInHome),
  },
  targets: {
    anonymousHome: runs.anonymousHome.requestsPerSecond >= 2000 && runs.anonymousHome.p99ms <= 50,
    anonymousRelease: runs.anonymousRelease.requestsPerSecond >= 2000 && runs.anonymousRelease.p99ms <= 50,
    signedInHome: studioProcesses.signedInHome.requestsPerSecond >= 300,
  },
});
process.exit(0);
