// The production's notes: the first kind of live document, a shared notebook
// every member edits (the script, wiki pages and decisions follow the same path).
import { getProduction, roleIn } from "~/features/productions/production.server";
import type { Viewer } from "~/lib/context";
import { notFound } from "~/lib/http.server";
import type { Resource } from "~/lib/policy";
import { docNameFor } from "./doc-name";
import { resolveDocument } from "./store.server";

export async function productionNotes(slug: string, viewer: Viewer | null) {
  const production = (await getProduction(slug)) ?? notFound();
  const info = (await resolveDocument(docNameFor("notes", production.id))) ?? notFound();
  const role = await roleIn(production.id, viewer?.id);
  const resource: Resource = { type: "document", kind: "notes", role, membersEditScript: production.membersEditScript };
  return { production, info, role, resource };
}
