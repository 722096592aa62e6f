// What counts as a download or a play (pure rules; counts.server.ts stores them).

/**
 * A request a media element makes (Fetch Metadata's `Sec-Fetch-Dest`): the player
 * fetching the film or its subtitles to show them, not someone taking a copy. Browsers
 * set this header themselves; a page cannot.
 */
export function isPlayerFetch(fetchDest: string | undefined): boolean {
  return fetchDest === "video" || fetchDest === "audio" || fetchDest === "track";
}

/**
 * A request that may start a download: a GET of a published file from its first byte,
 * not made by a player. Whether this client was already counted today is the store's
 * question.
 */
export function startsDownload(r: { method: string; start: number; published: boolean; fetchDest: string | undefined }): boolean {
  return r.method === "GET" && r.start === 0 && r.published && !isPlayerFetch(r.fetchDest);
}

/**
 * Who is asking, as plainly as needed to count once: the account when signed in,
 * else the address with the browser's user agent. Only its salted hash is stored.
 */
export function clientOf(r: { userId: string | null; address: string; userAgent: string | undefined }): string {
  return r.userId ? `user:${r.userId}` : `addr:${r.address}\n${r.userAgent ?? ""}`;
}

/** The UTC day of an instant, as PostgreSQL's date. */
export const utcDay = (at: Date) => at.toISOString().slice(0, 10);
