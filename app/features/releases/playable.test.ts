import { describe, expect, it } from "vitest";
import { frameRatio, ownPlayableSources } from "./playable";

describe("the release's own sources", () => {
  const files = [
    { name: "subs.fr.srt", kind: "subtitles", mimeType: "text/plain", size: 10, width: null, height: null },
    { name: "film.webm", kind: "film", mimeType: "video/webm", size: 10n, width: 640, height: 360 },
  ];
  it("are the film as the one MP4, no HLS, with the poster", () => {
    expect(ownPlayableSources(files, "/p/x/releases/y", "/p/x/poster")).toEqual({ hls: null, mp4: [{ url: "/p/x/releases/y/files/film.webm", width: 640, height: 360, size: 10 }], poster: "/p/x/poster" });
    expect(ownPlayableSources(files.slice(0, 1), "/b", null).mp4).toEqual([]);
  });
  it("give the frame the film's ratio, 16:9 when unknown", () => {
    expect(frameRatio(ownPlayableSources(files, "/b", null))).toBe("640 / 360");
    expect(frameRatio({ hls: null, mp4: [{ url: "/a", width: 0, height: 0, size: 1 }], poster: null })).toBe("16 / 9");
  });
});
