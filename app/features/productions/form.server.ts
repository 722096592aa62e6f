// Reading the production form (multipart, with an optional poster).
import { parseForm } from "~/lib/forms";
import type { Poster } from "./production.server";
import { productionFields, productionSchema } from "./validation";

/** The form's fields and its poster (the body is cut at the route's limit as it streams in: see app/lib/body-limit.ts). */
export async function readProductionForm(request: Request) {
  const formData = await request.formData();
  const parsed = parseForm(productionSchema, formData, productionFields);
  const file = formData.get("poster");
  let poster: Poster = null;
  if (file instanceof File && file.size > 0) poster = { bytes: new Uint8Array(await file.arrayBuffer()) };
  else if (formData.get("removePoster") === "on") poster = { remove: true };
  return { formData, parsed, poster };
}
