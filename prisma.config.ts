import { defineConfig } from "prisma/config";

// DATABASE_URL is only needed by commands that talk to the database (migrate);
// `prisma generate` runs on a fresh clone without one.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
