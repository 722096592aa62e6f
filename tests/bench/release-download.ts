// Download benchmark for releases (issue: the release).
//
//   npm run bench:download           (SIZE_MIB=1024, DOWNLOADERS=20, ROUNDS=3 by default)
//
// One file of SIZE_MIB served to DOWNLOADERS concurrent clients over loopback, by
// Claquette (the real download address, with its embargo check and Range support)
// and by nginx from Debian serving the same file in the same run (started here with
// sendfile, as it is usually configured). Rounds alternate between the two. Reports
// the throughput of each, their ratio (target ≥ 0.8), and Claquette's resident memory
// before and at its peak (target: flat — no file held in memory).
// Needs Debian's nginx: apt-get install -y nginx-light (or nginx).
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync, chmodSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../server/free-port.ts";
import { memoryMiB, report, startBenchStudio } from "./studio.ts";

const SIZE = Number(process.env.SIZE_MIB ?? 1024) * 1024 * 1024;
const DOWNLOADERS = Number(process.env.DOWNLOADERS ?? 20);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => existsSync(p));
if (!NGINX) {
  console.error("This benchmark compares with nginx: install Debian's nginx first (apt-get install -y nginx-light).");
  process.exit(2);
}

const studio = await startBenchStudio();
const { db } = await import("../../app/lib/db.server.ts");
const { keyFor, fileStore } = await import("../../app/features/releases/file-store.server.ts");

// The file: pseudo-random (nothing compresses or dedups it), written once, served by both.
const stamp = Date.now().toString(36);
const producer = await db.user.create({ data: { handle: `dl-${stamp}`, displayName: "Producer", email: `dl-${stamp}@bench.invalid`, passwordHash: "!" } });
const production = await db.production.create({
  data: { slug: `download-${stamp}`, title: "Download", licence: "CC-BY-SA-4.0", memberships: { create: { userId: producer.id, role: "producer" } } },
});
const release = await db.release.create({
  data: { productionId: production.id, slug: "master", title: "Master", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() - 1000) },
});
const fileId = `f${randomBytes(12).toString("hex")}`;
const key = keyFor(release.id, fileId);
const scratch = mkdtempSync(path.join(os.tmpdir(), "claquette-download-"));
const source = path.join(scratch, "master.mkv");
const hash = createHash("sha256");
const fd = openSync(source, "w");
const block = randomBytes(4 * 1024 * 1024);
for (let written = 0; written < SIZE; written += block.length) {
  const part = block.subarray(0, Math.min(block.length, SIZE - written));
  block[0] = (written / block.length) & 0xff; // no two blocks alike
  writeSync(fd, part);
  hash.update(part);
}
closeSync(fd);
await fileStore().adopt(source, key);
await db.releaseFile.create({
  data: { id: fileId, releaseId: release.id, name: "master.mkv", kind: "source", mimeType: "application/octet-stream", size: BigInt(SIZE), sha256: hash.digest("hex"), storageKey: key },
});
const filePath = fileStore().localPath(key)!;
chmodSync(filePath, 0o644);

// nginx, serving the same bytes from the same disk.
const nginxPort = await freePort();
const nginxRoot = path.join(scratch, "www");
mkdirSync(nginxRoot);
spawnSync("ln", ["-s", filePath, path.join(nginxRoot, "master.mkv")]);
const conf = path.join(scratch, "nginx.conf");
writeFileSync(
  conf,
  `daemon off;
worker_processes auto;
pid ${scratch}/nginx.pid;
error_log ${scratch}/error.log;
${process.getuid?.() === 0 ? "user root;" : ""}
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  default_type application/octet-stream;
  client_body_temp_path ${scratch}/tmp;
  proxy_temp_path ${scratch}/tmp;
  fastcgi_temp_path ${scratch}/tmp;
  uwsgi_temp_path ${scratch}/tmp;
  scgi_temp_path ${scratch}/tmp;
  server { listen 127.0.0.1:${nginxPort}; root ${nginxRoot}; disable_symlinks off; }
}
`,
);
mkdirSync(path.join(scratch, "tmp"));
const nginx = spawn(NGINX, ["-c", conf, "-p", scratch], { stdio: ["ignore", "ignore", "inherit"] });
await new Promise((r) => setTimeout(r, 500));

await studio.start();
const claquetteUrl = `${studio.baseUrl}/p/${production.slug}/releases/master/files/master.mkv`;
const nginxUrl = `http://127.0.0.1:${nginxPort}/master.mkv`;

/** DOWNLOADERS clients fetch the whole file at once; MB/s over the slowest's finish. */
async function round(url: string, sample?: () => void): Promise<number> {
  const agent = new http.Agent({ keepAlive: false, maxSockets: DOWNLOADERS });
  const started = performance.now();
  const sampler = sample ? setInterval(sample, 200) : undefined;
  const sizes = await Promise.all(
    Array.from(
      { length: DOWNLOADERS },
      () =>
        new Promise<number>((resolve, reject) => {
          http
            .get(url, { agent }, (res) => {
              if (res.statusCode !== 200) return reject(new Error(`${url}: ${res.statusCode}`));
              let n = 0;
              res.on("data", (c: Buffer) => (n += c.length));
              res.on("end", () => resolve(n));
              res.on("error", reject);
            })
            .on("error", reject);
        }),
    ),
  );
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  if (sizes.some((n) => n !== SIZE)) throw new Error(`short download from ${url}: ${sizes.join(",")}`);
  return (SIZE * DOWNLOADERS) / seconds / 1e6;
}

const before = memoryMiB(studio.pid);
let peakRss = before.rss;
const sample = () => (peakRss = Math.max(peakRss, memoryMiB(studio.pid).rss));
const claquette: number[] = [];
const nginxRates: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  nginxRates.push(await round(nginxUrl));
  claquette.push(await round(claquetteUrl, sample));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ratio = median(claquette) / median(nginxRates);

nginx.kill("SIGQUIT");
report("release-download", {
  fileMiB: SIZE / 1024 / 1024,
  downloaders: DOWNLOADERS,
  rounds: ROUNDS,
  claquetteMBps: claquette.map((x) => Math.round(x)),
  nginxMBps: nginxRates.map((x) => Math.round(x)),
  ratio: Number(ratio.toFixed(2)),
  serverRssMiB: { before: before.rss, peakDuringDownloads: peakRss, growth: peakRss - before.rss },
  targets: { ratio: 0.8, memory: "flat: growth far below the file size" },
});
await studio.stop();
rmSync(scratch, { recursive: true, force: true });
process.exit(0);
