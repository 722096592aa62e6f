import { describe, expect, it } from "vitest";
import { embedIframe, embedSize, oembedUrl } from "./embed";

describe("the embed code", () => {
  it("takes the film's shape, 640 wide at most, within the asker's limits", () => {
    expect(embedSize({ width: 1920, height: 1080 })).toEqual({ width: 640, height: 360 });
    expect(embedSize({ width: 640, height: 272 })).toEqual({ width: 640, height: 272 });
    expect(embedSize(undefined)).toEqual({ width: 640, height: 360 });
    expect(embedSize({ width: 1920, height: 1080 }, { width: 320 })).toEqual({ width: 320, height: 180 });
    expect(embedSize({ width: 1920, height: 1080 }, { height: 180 })).toEqual({ width: 320, height: 180 });
  });

  it("escapes the title and points at the embed page", () => {
    const code = embedIframe("https://studio.example/p/a/releases/b", `"Quoted" <b>&`, { width: 640, height: 360 });
    expect(code).toContain('src="https://studio.example/p/a/releases/b/embed"');
    expect(code).toContain('title="&quot;Quoted&quot; &lt;b&gt;&amp;"');
    expect(oembedUrl("https://studio.example", "https://studio.example/p/a/releases/b")).toBe(
      "https://studio.example/oembed?url=https%3A%2F%2Fstudio.example%2Fp%2Fa%2Freleases%2Fb&format=json",
    );
  });
});
