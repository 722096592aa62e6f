import { createContext } from "react";

// A visitor's reading page (the production home, a release, a wiki page) ships no
// framework: React and React Router alone weigh more than the page's whole budget. The
// server renders it; app/islands/visitor.ts wakes what moves (decision 0058). A signed-in
// person's pages, and pages reached by navigating in the running app, are the app's.

/** What a route's `handle` tells the root layout about its pages. */
export type PageHandle = { bare?: boolean; visitorIslands?: boolean };

/** Whether this page, rendered on the server, ships the islands instead of the framework. */
export function servesIslands(matches: readonly { handle?: unknown }[], signedIn: boolean): boolean {
  if (signedIn) return false;
  return (matches.at(-1)?.handle as PageHandle | undefined)?.visitorIslands === true;
}

/** The response's CSP nonce, for the islands' script tag (React Router's scripts get theirs from its own context). */
export const NonceContext = createContext<string | undefined>(undefined);
