// Values the server puts in the router context for loaders and actions.
import { createContext } from "react-router";
import type { Role } from "./policy";

export type Viewer = {
  id: string;
  handle: string;
  displayName: string;
  isAdmin: boolean;
  suspended: boolean;
  sessionId: string;
  /** unread notifications when a page request began (read with the session); null after an action, which may change them */
  unread: number | null;
};

/** The signed-in person, or null for a visitor (set by the root middleware). */
export const viewerContext = createContext<Viewer | null>(null);

export type { Role };
