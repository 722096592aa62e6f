// Reads that are the same for every viewer of a production's page (its row, its activity,
// its latest decisions), kept in memory for the pages rendered for one person, as the
// anonymous pages are (server/page-cache.ts `reads`, docs/decisions/0062): on a premiere
// night thousands of signed-in people read the same production home, and each statement
// costs a round trip to PostgreSQL. Where no studio provides them (a test rendering the
// build in its own process, a job), every read goes to the database.
//
// It lives on globalThis because server/app.ts and the built app load this module
// separately (as background.server.ts).
export type SharedReads = {
  /**
   * What `fn` reads, from memory when nothing of `scope` (a production's id, or one told
   * from what was read; null: not kept) changed since. `key` names the read, whole.
   */
  read<T>(scope: string | ((value: T) => string | null), key: string, fn: () => Promise<T>): Promise<T>;
};
type Provider = () => Promise<SharedReads>;

declare global {
  var claquetteSharedReads: Provider | undefined;
}

/** Every read from the database (nothing provides shared reads, or they may not be used). */
export const uncachedReads: SharedReads = { read: (_scope, _key, fn) => fn() };

/** The shared reads for this request (ask once per request: it waits for the changes committed before). */
export function sharedReads(): Promise<SharedReads> {
  return globalThis.claquetteSharedReads?.() ?? Promise.resolve(uncachedReads);
}

/** The studio's HTTP application provides them; the function returned takes them back (it closes). */
export function provideSharedReads(provider: Provider): () => void {
  globalThis.claquetteSharedReads = provider;
  return () => {
    if (globalThis.claquetteSharedReads === provider) globalThis.claquetteSharedReads = undefined;
  };
}
