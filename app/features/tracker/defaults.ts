// What a production's tracker starts with: statuses as data with flags (Kitsu's way) and
// the kinds of work a film needs. Producers edit both lists afterwards.

export type StatusDefaults = { key: string; colour: string; isDone?: boolean; isRetake?: boolean; needsReview?: boolean; setBy?: "member" | "crew"; isDefault?: boolean };

export const defaultStatuses: StatusDefaults[] = [
  { key: "todo", colour: "#5c6670", isDefault: true },
  { key: "wip", colour: "#0b57d0" },
  { key: "review", colour: "#8a5a00", needsReview: true },
  { key: "retake", colour: "#a3120a", isRetake: true, setBy: "crew" },
  // Only crew and producers say a task is done: it is their review that finishes it.
  { key: "done", colour: "#1d5e2b", isDone: true, setBy: "crew" },
];

export const defaultTaskTypes = ["writing", "casting", "storyboard", "design", "music", "vfx", "editing", "translation", "subtitles", "poster"] as const;

export const breakdownKinds = ["cast", "prop", "costume", "location", "vfx"] as const;
export type BreakdownKind = (typeof breakdownKinds)[number];

export const priorities = [1, 2, 3] as const;

/** Handles mentioned in a comment ("@lena", not "e-mail@example.org"), each once. */
export function mentionsIn(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(^|[^\w@.])@([a-z0-9][a-z0-9_-]{1,31})/gi)) found.add(m[2]!.toLowerCase());
  return [...found];
}

export const reviewDecisions = ["accepted", "changes", "declined"] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];
