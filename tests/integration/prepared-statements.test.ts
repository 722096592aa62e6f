// PostgreSQL plans the studio's statements once per connection, not at every request
// (planning was more than half its time on a production's home page), and a list of many
// values, whose text changes with its length, is not kept prepared: a connection holds a
// bounded number of statements.
import { expect, it } from "vitest";
import { db } from "~/lib/db.server";

it("prepares a page's statements once per connection, but not a list of many values", async () => {
  await db.$transaction(async (tx) => {
    // One connection for the whole transaction: its prepared statements can be listed.
    await tx.production.findFirst({ where: { slug: "no-such-film" }, select: { id: true } });
    await tx.user.findMany({ where: { id: { in: Array.from({ length: 40 }, (_, i) => `nobody-${i}`) } }, select: { id: true } });
    const prepared = await tx.$queryRaw<{ statement: string }[]>`SELECT statement FROM pg_prepared_statements`;
    expect(prepared.filter((p) => p.statement.includes('"public"."Production"'))).toHaveLength(1);
    expect(prepared.filter((p) => p.statement.includes('"public"."User"') && p.statement.includes("$40"))).toEqual([]);
  });
});
