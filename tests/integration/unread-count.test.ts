// The header's unread count is read with the session on every signed-in request. A
// person who has been in a production for a year has read thousands of notifications:
// the count must read the unread ones only, not all of them.
import { describe, expect, it } from "vitest";
import { SESSION_CHECK, validateSessionToken } from "~/features/auth/session.server";
import { db } from "~/lib/db.server";
import { testUser } from "../support/collab";

describe("the unread count on every page", () => {
  it("reads only the unread notifications, however many were read", async () => {
    const person = await testUser("reader");
    await db.$executeRawUnsafe(
      `INSERT INTO "Notification" (id, "userId", kind, "readAt", "createdAt")
       SELECT 'unread-test-' || $1 || '-' || g, $1, 'mentioned', CASE WHEN g <= 3 THEN NULL ELSE now() END, now() - (g || ' minutes')::interval
         FROM generate_series(1, 5000) g`,
      person.id,
    );
    await db.$executeRawUnsafe(`ANALYZE "Notification"`);

    expect((await validateSessionToken(person.token))?.unread).toBe(3);
    const [explained] = await db.$queryRawUnsafe<{ "QUERY PLAN": unknown }[]>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${SESSION_CHECK.replace("$1", `'${person.sessionId}'`)}`,
    );
    // Before the partial index: the count went through every notification of the person
    // (a scan of "Notification_userId_createdAt_idx", or of the table, with 4,997 rows
    // read and dropped for being read).
    const text = JSON.stringify(explained?.["QUERY PLAN"]);
    expect(text).toContain("Notification_unread_idx");
    expect(text).not.toContain('"Rows Removed by Filter":4997');
  });
});
