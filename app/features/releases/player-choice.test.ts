import { describe, expect, it } from "vitest";
import type { PlayableSources } from "./playable";
import { AUTO, firstChoice, initialChoice, shownChoice, videoSrc } from "./player-choice";

const mp4 = (height: number) => ({ url: `/r/${height}.mp4`, height, width: Math.round((height * 16) / 9), size: height * 1000 });
const ladder: PlayableSources = { hls: "/r/master.m3u8", mp4: [mp4(2160), mp4(720), mp4(480)], poster: null };
const master: PlayableSources = { hls: null, mp4: [mp4(1080), mp4(480)], poster: null };

describe("the player's first choice", () => {
  it("is the largest MP4 up to 1080 lines, else the first", () => {
    expect(firstChoice(ladder.mp4)).toBe(1);
    expect(firstChoice([mp4(480), mp4(1080)])).toBe(1);
    expect(firstChoice([{ ...mp4(0), height: 0 }, mp4(2160)])).toBe(0);
    expect(firstChoice([])).toBe(0);
  });

  it("is Automatic with a ladder", () => {
    expect(initialChoice(ladder)).toBe(AUTO);
    expect(initialChoice(master)).toBe(0);
  });
});

describe("the video's source", () => {
  it("is the MP4 a viewer would choose before the page runs, and where the ladder cannot play", () => {
    expect(videoSrc(ladder, AUTO, "unknown")).toBe("/r/720.mp4");
    expect(videoSrc(ladder, AUTO, "none")).toBe("/r/720.mp4");
    expect(shownChoice(ladder, AUTO, "none")).toBe(1);
    expect(videoSrc(master, 1, "unknown")).toBe("/r/480.mp4");
  });

  it("is the ladder's address where the browser plays HLS, and none where hls.js sets it", () => {
    expect(videoSrc(ladder, AUTO, "native")).toBe("/r/master.m3u8");
    expect(videoSrc(ladder, AUTO, "hlsjs")).toBeUndefined();
    expect(shownChoice(ladder, AUTO, "hlsjs")).toBe(AUTO);
  });

  it("is the chosen MP4 whatever the ladder's way", () => {
    for (const adaptive of ["unknown", "native", "hlsjs", "none"] as const) expect(videoSrc(ladder, 2, adaptive)).toBe("/r/480.mp4");
  });

  it("is the ladder before the page runs when there is no MP4, and nothing where it cannot play", () => {
    const only: PlayableSources = { hls: "/r/master.m3u8", mp4: [], poster: null };
    expect(videoSrc(only, AUTO, "unknown")).toBe("/r/master.m3u8");
    expect(videoSrc(only, AUTO, "none")).toBeUndefined();
  });
});
