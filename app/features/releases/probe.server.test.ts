import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ffprobeAvailable, probeMedia } from "./probe.server";

const teaser = path.resolve(import.meta.dirname, "../../../prisma/demo/les-veilleurs-teaser.webm");
const dir = mkdtempSync(path.join(tmpdir(), "claquette-probe-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// .ci/run installs Debian's ffmpeg; elsewhere the measuring tests wait for it.
const hasFfprobe = await ffprobeAvailable();

describe("probeMedia", () => {
  it.skipIf(!hasFfprobe)("measures the demo teaser: 8 s, 640 × 360, VP9 and Opus", async () => {
    const probe = await probeMedia(teaser);
    expect(probe).toMatchObject({ width: 640, height: 360, videoCodec: "vp9", audioCodec: "opus" });
    expect(probe!.durationSeconds).toBeGreaterThan(7.5);
    expect(probe!.durationSeconds).toBeLessThan(8.5);
  });

  it.skipIf(!hasFfprobe)("a name that looks like an option or a protocol is still that file", async () => {
    const names = ["-version", "-i", "concat:x.webm", "http:x.webm"];
    for (const name of names) copyFileSync(teaser, path.join(dir, name));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      for (const name of names) expect(await probeMedia(name), name).toMatchObject({ width: 640, videoCodec: "vp9" });
    } finally {
      process.chdir(cwd);
    }
  });

  it("a text file is no media: null", async () => {
    const text = path.join(dir, "notes.txt");
    writeFileSync(text, "The lamps are coming back on.\nOne street at a time.\n");
    expect(await probeMedia(text)).toBeNull();
  });

  it("a missing file: null", async () => {
    expect(await probeMedia(path.join(dir, "no-such-film.webm"))).toBeNull();
  });

  it("without ffprobe on the PATH: null, no throw", async () => {
    const saved = process.env.PATH;
    process.env.PATH = dir;
    try {
      expect(await probeMedia(teaser)).toBeNull();
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe("ffprobeAvailable", () => {
  it("is asked once and agrees with the machine", async () => {
    expect(ffprobeAvailable()).toBe(ffprobeAvailable());
    expect(await ffprobeAvailable()).toBe(hasFfprobe);
  });
});
