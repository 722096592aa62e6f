// Images as PostgreSQL holds them: what pages need to lay out a thumbnail, and the
// bytes of one size, read alone (a thumbnail request never loads the full image).
import { db } from "~/lib/db.server";
import { thumbSize, type ImageSize } from "./image";
import type { ServedImage } from "./image.server";

export type ThumbSize = { width: number; height: number };

/** By image id (see thumbSize for images stored before thumbnails). */
export async function thumbSizes(ids: (string | null)[]): Promise<Map<string, ThumbSize>> {
  const wanted = ids.filter((id): id is string => id !== null);
  if (!wanted.length) return new Map();
  const images = await db.image.findMany({
    where: { id: { in: wanted } },
    select: { id: true, width: true, height: true, thumbWidth: true, thumbHeight: true },
  });
  return new Map(images.map((i) => [i.id, thumbSize(i)]));
}

/** An image at one size; images stored before thumbnails stand in for their own. */
export async function imageBytes(id: string, size: ImageSize): Promise<ServedImage | null> {
  if (size === "thumb") {
    const thumb = await db.image.findUnique({ where: { id }, select: { sha256: true, thumbBytes: true } });
    if (!thumb) return null;
    if (thumb.thumbBytes) return { mimeType: "image/webp", etag: `"${thumb.sha256}-thumb"`, bytes: thumb.thumbBytes };
  }
  const full = await db.image.findUnique({ where: { id }, select: { mimeType: true, sha256: true, bytes: true } });
  return full && { mimeType: full.mimeType, etag: `"${full.sha256}"`, bytes: full.bytes };
}
