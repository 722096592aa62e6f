import type { Route } from "./+types/wiki.images";
import { imageRecord } from "~/features/media/image.server";
import { MAX_IMAGE_BYTES } from "~/features/media/image";
import { quotaVars } from "~/features/media/quota";
import { storageProblem } from "~/features/media/quota.server";
import { wikiOf } from "~/features/wiki/wiki.server";
import { db } from "~/lib/db.server";
import type { BodyLimitHandle } from "~/lib/body-limit";
import { authorize, localeOf, requireViewer, tFor } from "~/lib/http.server";

export const handle: BodyLimitHandle = { bodyLimit: MAX_IMAGE_BYTES + 1024 * 1024 };

// An image for the wiki's pages, uploaded from the editor: checked by content (and
// thumbnailed) like posters, kept with the production; answers the address to use.
export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, role } = await wikiOf(params.slug, viewer);
  authorize(context, request, "createWikiPage", { type: "production", role });
  const t = tFor(request);
  const file = (await request.formData()).get("image");
  if (!(file instanceof File) || !file.size) return Response.json({ error: t("field.imageType") }, { status: 400 });
  const record = await imageRecord(new Uint8Array(await file.arrayBuffer()));
  if ("problem" in record) return Response.json({ error: t(record.problem) }, { status: 400 });
  // What is kept counts, thumbnail included.
  const size = record.data.bytes.length + (record.data.thumbBytes?.length ?? 0);
  const full = await storageProblem({ personId: viewer.id, productionId: production.id, size });
  if (full) return Response.json({ error: t(full.key, quotaVars(full, localeOf(request))) }, { status: 413 });
  const image = await db.image.create({ data: { ...record.data, wikiImage: { create: { productionId: production.id, uploaderId: viewer.id } } }, select: { id: true } });
  return Response.json({ src: `/p/${production.slug}/wiki/images/${image.id}` });
}
