// Image checks by content, not by name or declared type: the first bytes say what
// the file is, the header says how large it is. Pure; used for posters and poll options.

export type ImageInfo = { mimeType: "image/png" | "image/jpeg" | "image/webp" | "image/gif"; width: number; height: number };
export type ImageProblem = "field.imageType" | "field.imageSize" | "field.imageDimensions";
/** The sizes an image is served at: as uploaded, or its thumbnail. */
export type ImageSize = "full" | "thumb";

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGE_SIDE = 8000;

/** Thumbnails fit inside a square of this side: shown smaller, they stay crisp on dense screens. */
export const THUMB_SIDE = 480;

/**
 * How large an image's thumbnail is: as stored, or for images stored before thumbnails,
 * the image fitted inside THUMB_SIDE, never enlarged (the size pages show it at).
 */
export function thumbSize(image: { width: number; height: number; thumbWidth?: number | null; thumbHeight?: number | null }) {
  if (image.thumbWidth && image.thumbHeight) return { width: image.thumbWidth, height: image.thumbHeight };
  const scale = Math.min(1, THUMB_SIDE / image.width, THUMB_SIDE / image.height);
  return { width: Math.max(1, Math.round(image.width * scale)), height: Math.max(1, Math.round(image.height * scale)) };
}

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));

export function sniffImage(b: Uint8Array): ImageInfo | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  // PNG: signature, then the IHDR chunk with width and height.
  if (b.length >= 24 && startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && ascii(b, 12, 4) === "IHDR") {
    return { mimeType: "image/png", width: view.getUint32(16), height: view.getUint32(20) };
  }
  // GIF87a / GIF89a: logical screen size, little-endian.
  if (b.length >= 10 && (ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a")) {
    return { mimeType: "image/gif", width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  // WebP: RIFF....WEBP then a VP8 / VP8L / VP8X chunk.
  if (b.length >= 30 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") {
    const chunk = ascii(b, 12, 4);
    if (chunk === "VP8 " && startsWith(b, [0x9d, 0x01, 0x2a], 23)) {
      return { mimeType: "image/webp", width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
    }
    if (chunk === "VP8L" && b[20] === 0x2f) {
      const bits = view.getUint32(21, true);
      return { mimeType: "image/webp", width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (chunk === "VP8X") {
      const w = 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16));
      const h = 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16));
      return { mimeType: "image/webp", width: w, height: h };
    }
    return null;
  }
  // JPEG: walk the segments to the first start-of-frame.
  if (b.length >= 4 && startsWith(b, [0xff, 0xd8, 0xff])) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1]!;
      if (marker === 0xff) {
        i += 1;
        continue;
      }
      const length = view.getUint16(i + 2);
      const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isFrame) return { mimeType: "image/jpeg", height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
      i += 2 + length;
    }
    return null;
  }
  return null;
}

export function checkImage(b: Uint8Array): { ok: true; info: ImageInfo } | { ok: false; problem: ImageProblem } {
  if (b.length > MAX_IMAGE_BYTES) return { ok: false, problem: "field.imageSize" };
  const info = sniffImage(b);
  if (!info || info.width < 1 || info.height < 1) return { ok: false, problem: "field.imageType" };
  if (info.width > MAX_IMAGE_SIDE || info.height > MAX_IMAGE_SIDE) return { ok: false, problem: "field.imageDimensions" };
  return { ok: true, info };
}
