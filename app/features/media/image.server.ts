// Small images (posters, poll options) stored in PostgreSQL once checked by content,
// each with a WebP thumbnail that pages show in its place.
import { createHash } from "node:crypto";
import sharp from "sharp";
import type { Prisma } from "~/generated/prisma/client";
import { checkImage, MAX_IMAGE_SIDE, THUMB_SIDE, type ImageProblem, type ImageSize } from "./image";

// Each upload is decoded once: libvips' operation cache would only hold memory.
sharp.cache(false);

/**
 * The thumbnail: fitted inside THUMB_SIDE, never enlarged, turned upright, WebP, with no
 * metadata (sharp writes none unless asked). Null when the file does not decode.
 */
export async function makeThumbnail(bytes: Uint8Array): Promise<{ bytes: Uint8Array<ArrayBuffer>; width: number; height: number } | null> {
  try {
    const { data, info } = await sharp(bytes, {
      // A decompression bomb is refused before it is decoded: no more pixels than the
      // checker allows, whatever the file's header told the checker.
      limitInputPixels: MAX_IMAGE_SIDE * MAX_IMAGE_SIDE,
      // Refuse broken pixel data, not harmless oddities browsers show anyway.
      failOn: "error",
    })
      .autoOrient()
      .resize(THUMB_SIDE, THUMB_SIDE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 80 })
      .timeout({ seconds: 10 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: new Uint8Array(data), width: info.width, height: info.height };
  } catch {
    return null;
  }
}

/** An image checked by content and its thumbnail, ready to store; or why it is refused. */
export async function imageRecord(bytes: Uint8Array): Promise<{ problem: ImageProblem } | { data: Prisma.ImageCreateInput }> {
  const checked = checkImage(bytes);
  if (!checked.ok) return { problem: checked.problem };
  // A file whose first bytes say "image" but whose pixels do not decode is no image.
  const thumb = await makeThumbnail(bytes);
  if (!thumb) return { problem: "field.imageType" };
  return {
    data: {
      mimeType: checked.info.mimeType,
      width: checked.info.width,
      height: checked.info.height,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      bytes: Buffer.from(bytes),
      thumbBytes: thumb.bytes,
      thumbWidth: thumb.width,
      thumbHeight: thumb.height,
    },
  };
}

/** What an image response sends: one size of one image. */
export type ServedImage = { mimeType: string; etag: string; bytes: Uint8Array };

/** The size a request asks for (`?size=thumb`); null for a size that does not exist. */
export function requestedSize(request: Request): ImageSize | null {
  const size = new URL(request.url).searchParams.get("size");
  return size === null ? "full" : size === "thumb" ? "thumb" : null;
}

/** An image as a response: its own type only, never sniffed, never run as a document. */
export function imageResponse(request: Request, image: ServedImage, maxAge: number): Response {
  const headers = {
    "Content-Type": image.mimeType,
    ETag: image.etag,
    "Cache-Control": `public, max-age=${maxAge}`,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'",
  };
  if (matchesEtag(request.headers.get("If-None-Match"), image.etag)) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(image.bytes), { headers });
}

function matchesEtag(header: string | null, etag: string) {
  if (!header) return false;
  return header.trim() === "*" || header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
