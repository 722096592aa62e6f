// `npm run db:migration -- <name>`: write the migration that takes the database
// from the schema of the newest migration to prisma/schema.prisma, then check it
// by applying every migration to a scratch database.
import { applyMigrations, pendingSchemaSql, writeMigration } from "../migrate.ts";
import { startEmbeddedPostgres } from "../postgres.ts";

const name = process.argv[2];
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}
const cluster = await startEmbeddedPostgres({ dataDir: ".test-data" });
const db = `scratch_${Date.now()}`;
try {
  await cluster.createDatabase(db);
  const sql = await pendingSchemaSql(cluster.urlFor(db));
  if (!sql) {
    console.log("The migrations already match prisma/schema.prisma: nothing to write.");
  } else {
    console.log(`wrote prisma/migrations/${await writeMigration(name, sql)}/migration.sql`);
    console.log(`applied to a scratch database: ${(await applyMigrations(cluster.urlFor(db))).join(", ")}`);
  }
} finally {
  await cluster.dropDatabase(db);
  await cluster.stop();
}
