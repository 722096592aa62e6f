// Honest counts: a download once per client, file and day; a play once per client,
// release and day. The client is kept only as a hash under the day's random salt, and
// the salt and the hashes of earlier days are deleted: no address, no person is stored.
import { createHash, randomBytes } from "node:crypto";
import { db, sql } from "~/lib/db.server";
import { utcDay } from "./counting";

let current: { day: string; salt: string } | undefined;

/** The day's salt, made by the first process to need it (the others read the same row). */
async function saltOf(day: string): Promise<string> {
  if (current?.day === day) return current.salt;
  await sql("count-salt-new", `INSERT INTO "CountSalt" (day, salt) VALUES ($1::date, $2) ON CONFLICT (day) DO NOTHING`, [day, randomBytes(32).toString("hex")]);
  const [row] = await sql<{ salt: string }>("count-salt", `SELECT salt FROM "CountSalt" WHERE day = $1::date`, [day]);
  // A new day: what lets anyone link yesterday's hashes to a client goes.
  await sql("count-salt-old", `DELETE FROM "CountSalt" WHERE day < $1::date`, [day]);
  await sql("count-seen-old", `DELETE FROM "ReleaseCountSeen" WHERE day < $1::date`, [day]);
  current = { day, salt: row!.salt };
  return current.salt;
}

async function seenHash(client: string, day: string) {
  return createHash("sha256").update(await saltOf(day)).update("\0").update(client).digest("hex");
}

/** Count a download of a file by this client, unless it was counted today. */
export async function countDownload(fileId: string, client: string, at = new Date()) {
  const day = utcDay(at);
  await sql(
    "count-download-once",
    `WITH seen AS (
       INSERT INTO "ReleaseCountSeen" (subject, day, client) VALUES ('file:' || $1, $2::date, $3)
       ON CONFLICT DO NOTHING RETURNING 1)
     INSERT INTO "ReleaseDownload" ("fileId", day, count) SELECT $1, $2::date, 1 FROM seen
     ON CONFLICT ("fileId", day) DO UPDATE SET count = "ReleaseDownload".count + 1`,
    [fileId, day, await seenHash(client, day)],
  );
}

/** Count a play of a release by this client, unless it was counted today. */
export async function countPlay(releaseId: string, client: string, at = new Date()) {
  const day = utcDay(at);
  await sql(
    "count-play-once",
    `WITH seen AS (
       INSERT INTO "ReleaseCountSeen" (subject, day, client) VALUES ('play:' || $1, $2::date, $3)
       ON CONFLICT DO NOTHING RETURNING 1)
     INSERT INTO "ReleasePlay" ("releaseId", day, count) SELECT $1, $2::date, 1 FROM seen
     ON CONFLICT ("releaseId", day) DO UPDATE SET count = "ReleasePlay".count + 1`,
    [releaseId, day, await seenHash(client, day)],
  );
}

export async function playCount(releaseId: string): Promise<number> {
  const sum = await db.releasePlay.aggregate({ where: { releaseId }, _sum: { count: true } });
  return sum._sum.count ?? 0;
}
