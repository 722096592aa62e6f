// How much a person and a production keep, measured in PostgreSQL (and, for release
// uploads still under way, by the length they announced), and whether a new file fits
// (decision 0023). Checked before anything is stored.
import { uploadStore } from "~/features/releases/upload-store.server";
import { db, sql } from "~/lib/db.server";
import { quotaProblem, quotasFrom, type QuotaProblem, type Quotas } from "./quota";

let quotas: Quotas | undefined;
const limits = () => (quotas ??= quotasFrom(process.env));

/** Wiki images (with their thumbnails) and submitted files this person uploaded, anywhere. */
async function personUse(userId: string): Promise<number> {
  const [row] = await sql<{ bytes: string }>(
    "storage-person",
    `SELECT (SELECT coalesce(sum(octet_length(i.bytes) + coalesce(octet_length(i."thumbBytes"), 0)), 0)
               FROM "WikiImage" w JOIN "Image" i ON i.id = w."imageId" WHERE w."uploaderId" = $1)
          + (SELECT coalesce(sum(s."fileSize"), 0) FROM "Submission" s WHERE s."userId" = $1) AS bytes`,
    [userId],
  );
  return Number(row?.bytes ?? 0);
}

/** Everything a production keeps: release files, wiki images, submitted files. */
async function productionUse(productionId: string): Promise<number> {
  const [row] = await sql<{ bytes: string }>(
    "storage-production",
    `SELECT (SELECT coalesce(sum(octet_length(i.bytes) + coalesce(octet_length(i."thumbBytes"), 0)), 0)
               FROM "WikiImage" w JOIN "Image" i ON i.id = w."imageId" WHERE w."productionId" = $1)
          + (SELECT coalesce(sum(s."fileSize"), 0) FROM "Submission" s JOIN "Task" t ON t.id = s."taskId" WHERE t."productionId" = $1)
          + (SELECT coalesce(sum(f.size), 0) FROM "ReleaseFile" f JOIN "Release" r ON r.id = f."releaseId" WHERE r."productionId" = $1) AS bytes`,
    [productionId],
  );
  return Number(row?.bytes ?? 0) + (await pendingUploads(productionId));
}

/**
 * The lengths announced by the production's unfinished release uploads: reserved from the
 * start, so that many uploads begun side by side cannot together pass the allowance.
 */
async function pendingUploads(productionId: string): Promise<number> {
  const announced = new Map<string, number>();
  for (const { release, size } of await uploadStore().list()) if (release && size !== undefined) announced.set(release, (announced.get(release) ?? 0) + size);
  if (!announced.size) return 0;
  const ours = await db.release.findMany({ where: { productionId, id: { in: [...announced.keys()] } }, select: { id: true } });
  return ours.reduce((n, r) => n + (announced.get(r.id) ?? 0), 0);
}

/**
 * Whether `size` more bytes fit: the person's allowance (when a person's upload counts
 * against one: wiki images, submissions), then the production's.
 */
export async function storageProblem(o: { personId: string | null; productionId: string; size: number }): Promise<QuotaProblem | null> {
  const [person, production] = await Promise.all([o.personId ? personUse(o.personId) : null, productionUse(o.productionId)]);
  return quotaProblem({ person, production }, limits(), o.size);
}
