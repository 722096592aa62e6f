import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { sniffImage } from "./image";
import { imageRecord, imageResponse, makeThumbnail, requestedSize } from "./image.server";
import { encodePng } from "./png";

const isWebp = (b: Uint8Array) => Buffer.from(b.subarray(0, 4)).toString("latin1") === "RIFF" && Buffer.from(b.subarray(8, 12)).toString("latin1") === "WEBP";

describe("stored images get a thumbnail", () => {
  it("a large PNG: a real WebP inside 480 × 480, same shape", async () => {
    const png = encodePng(2400, 1600, (x, y) => [x % 256, y % 256, 90]);
    const record = await imageRecord(png);
    if ("problem" in record) throw new Error(record.problem);
    const { data } = record;
    expect(data).toMatchObject({ mimeType: "image/png", width: 2400, height: 1600, thumbWidth: 480, thumbHeight: 320 });
    const thumb = data.thumbBytes as Uint8Array;
    expect(isWebp(thumb)).toBe(true);
    expect(sniffImage(thumb)).toEqual({ mimeType: "image/webp", width: 480, height: 320 });
    expect(thumb.length).toBeLessThan(png.length);
  });

  it("a small image is not enlarged", async () => {
    const thumb = await makeThumbnail(encodePng(40, 60, () => [10, 20, 30]));
    expect(thumb && { width: thumb.width, height: thumb.height, webp: isWebp(thumb.bytes) }).toEqual({ width: 40, height: 60, webp: true });
  });

  it("turned upright by its EXIF orientation, with no metadata left", async () => {
    const jpeg = await sharp({ create: { width: 600, height: 300, channels: 3, background: "#c03" } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const thumb = (await makeThumbnail(jpeg))!;
    expect([thumb.width, thumb.height]).toEqual([240, 480]);
    const meta = await sharp(thumb.bytes).metadata();
    expect({ format: meta.format, exif: meta.exif, icc: meta.icc, xmp: meta.xmp, orientation: meta.orientation }).toEqual({
      format: "webp",
      exif: undefined,
      icc: undefined,
      xmp: undefined,
      orientation: undefined,
    });
  });

  it("refuses a decompression bomb before decoding it, and pixels that do not decode", async () => {
    // Small on disk, 72 megapixels once decoded: over the checker's 8000 × 8000.
    const bomb = await sharp({ create: { width: 9000, height: 8000, channels: 3, background: "#000" } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await makeThumbnail(bomb)).toBeNull();
    // A PNG header on missing pixels passes the first check, not the decoder.
    expect(await imageRecord(encodePng(300, 300, (x) => [x % 256, 0, 0]).subarray(0, 120))).toEqual({ problem: "field.imageType" });
  });
});

describe("image responses", () => {
  const image = { mimeType: "image/webp", etag: '"abc-thumb"', bytes: new Uint8Array([1, 2, 3]) };

  it("say what they are and are never sniffed or run", async () => {
    const res = imageResponse(new Request("http://x/i?size=thumb"), image, 60);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      "content-type": "image/webp",
      etag: '"abc-thumb"',
      "cache-control": "public, max-age=60",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
    });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(image.bytes);
  });

  it("answer 304 to a matching If-None-Match, weak or in a list", () => {
    for (const tag of ['"abc-thumb"', 'W/"abc-thumb"', '"old", "abc-thumb"', "*"]) {
      expect(imageResponse(new Request("http://x/i", { headers: { "If-None-Match": tag } }), image, 60).status).toBe(304);
    }
    expect(imageResponse(new Request("http://x/i", { headers: { "If-None-Match": '"abc"' } }), image, 60).status).toBe(200);
  });

  it("know two sizes", () => {
    expect(requestedSize(new Request("http://x/i"))).toBe("full");
    expect(requestedSize(new Request("http://x/i?size=thumb"))).toBe("thumb");
    expect(requestedSize(new Request("http://x/i?size=huge"))).toBeNull();
  });
});
