// /source.tar.gz is built once per running version: downloads that stop half way
// leave no tar or gzip running in the studio, and later downloads spawn nothing.
import { describe, expect, inject, it } from "vitest";
import { descendantCommands, finishedChildrenTicks } from "../support/proc";

const base = inject("baseUrl");
const studio = inject("studioPid");
const packers = () => descendantCommands(studio).filter((c) => c === "tar" || c === "gzip");

async function abortedDownload(after: "request" | "first bytes") {
  const stop = new AbortController();
  const res = fetch(`${base}/source.tar.gz`, { signal: stop.signal });
  if (after === "request") {
    setTimeout(() => stop.abort(), 20);
    await res.catch(() => {});
    return;
  }
  const reader = (await res).body!.getReader();
  await reader.read();
  stop.abort();
  await reader.closed.catch(() => {});
}

describe("the source archive", () => {
  it("leaves no tar or gzip running after aborted downloads, and is built only once", async () => {
    for (let i = 0; i < 6; i++) await abortedDownload("request");
    for (let i = 0; i < 6; i++) await abortedDownload("first bytes");
    await expect.poll(packers, { timeout: 20_000, interval: 200 }).toEqual([]);

    const first = Buffer.from(await (await fetch(`${base}/source.tar.gz`)).arrayBuffer());
    const ticks = finishedChildrenTicks(studio);
    const res = await fetch(`${base}/source.tar.gz`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/gzip");
    const second = Buffer.from(await res.arrayBuffer());
    expect(second.equals(first)).toBe(true);
    expect(packers()).toEqual([]);
    // No child ran for the second download: packing it again would cost gzip's CPU time.
    expect(finishedChildrenTicks(studio)).toBe(ticks);
  }, 60_000);
});
