// Small images (posters, poll options) stored in PostgreSQL once checked by content.
import { createHash } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { checkImage, type ImageProblem } from "./image";

export function imageRecord(bytes: Uint8Array): { problem: ImageProblem } | { data: Prisma.ImageCreateInput } {
  const checked = checkImage(bytes);
  if (!checked.ok) return { problem: checked.problem };
  return {
    data: {
      mimeType: checked.info.mimeType,
      width: checked.info.width,
      height: checked.info.height,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      bytes: Buffer.from(bytes),
    },
  };
}
