// The families of a production's story (its home's "What is happening") and the
// address that filters and pages it; shared by the server query and the filter form.
import { z } from "zod";

export const STORY_FAMILIES = ["polls", "decisions", "wiki", "script", "releases", "members", "tasks"] as const;
export type StoryFamily = (typeof STORY_FAMILIES)[number];
export const STORY_PAGE = 20;

/** ?kind=…&page=… from the address: anything else reads as the whole story, first page. */
export const storyQuery = z.object({
  kind: z.enum(STORY_FAMILIES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
});

export function readStoryQuery(params: URLSearchParams) {
  return storyQuery.parse({ kind: params.get("kind") || undefined, page: params.get("page") ?? 1 });
}
