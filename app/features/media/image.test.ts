import { describe, expect, it } from "vitest";
import { checkImage, sniffImage, thumbSize } from "./image";
import { encodePng } from "./png";

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe("images are recognised by content", () => {
  it("PNG, with its size", () => {
    expect(sniffImage(encodePng(7, 5, () => [0, 0, 0]))).toEqual({ mimeType: "image/png", width: 7, height: 5 });
  });
  it("GIF", () => {
    expect(sniffImage(bytes("GIF89a", [0x40, 0x01, 0xf0, 0x00], [0, 0, 0]))).toEqual({ mimeType: "image/gif", width: 320, height: 240 });
  });
  it("JPEG, past APP segments to the frame header", () => {
    const jpeg = bytes([0xff, 0xd8], [0xff, 0xe0, 0x00, 0x04, 0, 0], [0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03], new Array(12).fill(0));
    expect(sniffImage(jpeg)).toEqual({ mimeType: "image/jpeg", width: 640, height: 480 });
  });
  it("WebP (VP8X)", () => {
    const webp = bytes("RIFF", [0, 0, 0, 0], "WEBP", "VP8X", [10, 0, 0, 0], [0, 0, 0, 0], [0x3f, 0x01, 0x00], [0xef, 0x00, 0x00]);
    expect(sniffImage(webp)).toEqual({ mimeType: "image/webp", width: 320, height: 240 });
  });
  it("refuses what only pretends: HTML, SVG, a PNG name on text", () => {
    expect(checkImage(bytes("<html><script>alert(1)</script></html>"))).toEqual({ ok: false, problem: "field.imageType" });
    expect(checkImage(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toEqual({ ok: false, problem: "field.imageType" });
    expect(checkImage(bytes([0x89, 0x50, 0x4e, 0x47]))).toEqual({ ok: false, problem: "field.imageType" });
  });
  it("refuses files over 5 MB and absurd dimensions", () => {
    expect(checkImage(new Uint8Array(5 * 1024 * 1024 + 1))).toEqual({ ok: false, problem: "field.imageSize" });
    const huge = encodePng(1, 1, () => [0, 0, 0]);
    huge.writeUInt32BE(100_000, 16);
    expect(checkImage(huge)).toEqual({ ok: false, problem: "field.imageDimensions" });
  });
});

describe("thumbnail sizes", () => {
  it("fit inside 480 × 480 keeping the shape, never enlarged", () => {
    expect(thumbSize({ width: 3000, height: 2000 })).toEqual({ width: 480, height: 320 });
    expect(thumbSize({ width: 200, height: 8000 })).toEqual({ width: 12, height: 480 });
    expect(thumbSize({ width: 40, height: 60 })).toEqual({ width: 40, height: 60 });
    expect(thumbSize({ width: 8000, height: 1 })).toEqual({ width: 480, height: 1 });
  });
  it("are the stored ones when a thumbnail exists", () => {
    expect(thumbSize({ width: 600, height: 300, thumbWidth: 240, thumbHeight: 480 })).toEqual({ width: 240, height: 480 });
    expect(thumbSize({ width: 600, height: 300, thumbWidth: null, thumbHeight: null })).toEqual({ width: 480, height: 240 });
  });
});
