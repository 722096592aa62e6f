// The families of a production's story (its home's "What is happening"), shared by the
// server query and the filter form. The address is read in story-query.server.ts: zod stays
// out of the page's JavaScript.

export const STORY_FAMILIES = ["polls", "decisions", "wiki", "script", "releases", "members", "tasks"] as const;
export type StoryFamily = (typeof STORY_FAMILIES)[number];
export const STORY_PAGE = 20;
