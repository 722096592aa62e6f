// The phases a production goes through (pure data, shared with the browser).
export const phases = ["development", "pre_production", "production", "post_production", "released"] as const;
export type Phase = (typeof phases)[number];
