// The migrations and prisma/schema.prisma describe the same database.
import { describe, expect, inject, it } from "vitest";
import { pendingSchemaSql } from "../../server/migrate.ts";

describe("migrations", () => {
  it("match the Prisma schema (run `npm run db:migration -- <name>` after changing it)", async () => {
    expect(await pendingSchemaSql(inject("databaseUrl"))).toBe("");
  });
});
