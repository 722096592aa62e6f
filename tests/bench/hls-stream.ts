// Streaming benchmark: the server's memory while many viewers stream the HLS ladder
// (issue 20, decision 0044).
//
//   npm run bench:hls            (CLIENTS=20, LOOPS=3, SECONDS=20 by default)
//
// A published release whose film (a grained 1280×720 test card, SECONDS long) has its renditions
// made by the studio's queue; then CLIENTS clients at once fetch what a player fetches —
// the master playlist, a variant's playlist (clients alternate between the sizes), every
// segment in order — as fast as loopback allows, LOOPS times each. The studio's RSS is
// sampled every 100 ms throughout. "Flat" means: peak − start < 50 MiB and end − start
// < 20 MiB (segments are streamed from disk, never held whole in memory).
import { memoryMiB, percentile, report, startBenchStudio } from "./studio.ts";
import { renderedRelease } from "./rendered-film.ts";

const CLIENTS = Number(process.env.CLIENTS ?? 20);
const LOOPS = Number(process.env.LOOPS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 20);

const studio = await startBenchStudio();
await studio.start();
// Grained, so that the segments weigh what a real film's do.
const { sources } = await renderedRelease({ seconds: SECONDS, noise: true });
if (!sources.hls) throw new Error("no HLS ladder");
const base = studio.baseUrl;
const masterUrl = new URL(sources.hls, base);

/** The body's bytes, read to the end as a player reads them. */
async function fetched(url: URL): Promise<{ text?: string; bytes: number }> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${res.status} for ${url.pathname}`);
  if (url.pathname.endsWith(".m3u8")) {
    const text = await res.text();
    return { text, bytes: Buffer.byteLength(text) };
  }
  let bytes = 0;
  for await (const chunk of res.body!) bytes += (chunk as Uint8Array).byteLength;
  return { bytes };
}

const uris = (playlist: string) => playlist.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));

let served = 0;
let requests = 0;
const segmentMs: number[] = [];

async function viewer(index: number) {
  for (let loop = 0; loop < LOOPS; loop++) {
    const master = await fetched(masterUrl);
    served += master.bytes;
    requests++;
    const variants = uris(master.text!);
    const variantUrl = new URL(variants[(index + loop) % variants.length]!, masterUrl);
    const variant = await fetched(variantUrl);
    served += variant.bytes;
    requests++;
    for (const segment of uris(variant.text!)) {
      const started = performance.now();
      served += (await fetched(new URL(segment, variantUrl))).bytes;
      segmentMs.push(performance.now() - started);
      requests++;
    }
  }
}

// The studio at rest after the renditions were made, as a viewer would find it.
await new Promise((r) => setTimeout(r, 2000));
const start = memoryMiB(studio.pid).rss;
let peak = start;
const samples: number[] = [];
const sampler = setInterval(() => {
  const rss = memoryMiB(studio.pid).rss;
  samples.push(rss);
  peak = Math.max(peak, rss);
}, 100);
const started = performance.now();
await Promise.all(Array.from({ length: CLIENTS }, (_, i) => viewer(i)));
const seconds = (performance.now() - started) / 1000;
// A moment for what the requests left to be collected, as between viewers.
await new Promise((r) => setTimeout(r, 2000));
clearInterval(sampler);
const end = memoryMiB(studio.pid).rss;
peak = Math.max(peak, end);

const sorted = [...segmentMs].sort((a, b) => a - b);
const round1 = (n: number) => Math.round(n * 10) / 10;
report("hls-stream", {
  film: { width: 1280, height: 720, seconds: SECONDS, grained: true, variants: uris((await fetched(masterUrl)).text!).length },
  clients: CLIENTS,
  loops: LOOPS,
  requests,
  bytesServed: served,
  mibServed: round1(served / 2 ** 20),
  seconds: round1(seconds),
  mibPerSecond: round1(served / 2 ** 20 / seconds),
  segmentMs: { median: round1(percentile(sorted, 50)), p95: round1(percentile(sorted, 95)) },
  serverRssMiB: { start, peak, end, peakGrowth: peak - start, endGrowth: end - start, samples: samples.length },
  flat: peak - start < 50 && end - start < 20,
  targets: { peakGrowthMiB: 50, endGrowthMiB: 20 },
});
await studio.stop();
process.exit(0);
