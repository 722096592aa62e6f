// The story's address, read at the boundary (on the server: zod stays out of the page).
import { z } from "zod";
import { STORY_FAMILIES } from "./story";

/** ?kind=…&page=… from the address: anything else reads as the whole story, first page. */
const storyQuery = z.object({
  kind: z.enum(STORY_FAMILIES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
});

export function readStoryQuery(params: URLSearchParams) {
  return storyQuery.parse({ kind: params.get("kind") || undefined, page: params.get("page") ?? 1 });
}
