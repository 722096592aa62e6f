import { describe, expect, it } from "vitest";
import { hlsArguments, ladderFor, progressOf, RENDITION_FILE } from "./ladder";

describe("the rendition ladder", () => {
  it("keeps the master's size and the standard sizes below it, never above", () => {
    expect(ladderFor({ width: 1280, height: 720 }).map((r) => `${r.width}x${r.height}`)).toEqual(["1280x720", "854x480"]);
    expect(ladderFor({ width: 3840, height: 2160 }).map((r) => r.height)).toEqual([2160, 1080, 720, 480]);
    expect(ladderFor({ width: 640, height: 360 }).map((r) => r.height)).toEqual([360]);
    // A scope film keeps its ratio, in even numbers.
    expect(ladderFor({ width: 2048, height: 858 }).map((r) => `${r.width}x${r.height}`)).toEqual(["2048x858", "1718x720", "1146x480"]);
  });

  it("gives bigger sizes a bigger bit rate", () => {
    const [big, small] = ladderFor({ width: 1920, height: 1080 });
    expect(big!.bitrate).toBeGreaterThan(small!.bitrate);
    expect(big!.bitrate).toBe(5_000_000);
  });
});

describe("ffmpeg's progress", () => {
  it("reads the last out_time_us of a block against the duration", () => {
    expect(progressOf("frame=10\nout_time_us=1500000\nout_time=00:00:01.5\nprogress=continue\n", 3)).toBeCloseTo(0.5);
    expect(progressOf("out_time_us=1000000\nout_time_us=2900000\n", 3)).toBeCloseTo(0.9667, 3);
    expect(progressOf("progress=end\n", 3)).toBeNull();
    expect(progressOf("out_time_us=9000000\n", 3)).toBe(1);
  });
});

describe("rendition addresses", () => {
  it("accept the names Claquette gives and nothing else", () => {
    for (const ok of ["film.mp4", "master.m3u8", "v0.m3u8", "v1s007.ts", "poster.jpg"]) expect(RENDITION_FILE.test(ok), ok).toBe(true);
    for (const bad of ["../film.mp4", "a/b.ts", "film.mp4.exe", "Film.mp4", ".m3u8", "x.sh", "film.mp4\n"]) expect(RENDITION_FILE.test(bad), bad).toBe(false);
  });

  it("map every size of the HLS ladder into one playlist each", () => {
    const args = hlsArguments(["/a/0.mp4", "/a/1.mp4"], "/out", true);
    expect(args[args.indexOf("-var_stream_map") + 1]).toBe("v:0,a:0 v:1,a:1");
  });
});
