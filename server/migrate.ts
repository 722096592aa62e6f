// Database migrations through Prisma's schema engine compiled to WebAssembly.
//
// Prisma's CLI wants a native schema-engine binary downloaded from Prisma's own
// host at first use; a self-hoster's machine may not reach it (ours don't). The
// wasm engine ships in an npm package, talks to PostgreSQL through the same
// driver adapter as the app, and keeps Prisma's `_prisma_migrations` table, so a
// database migrated here is a database `prisma migrate deploy` recognises.
// See docs/decisions/0002-migrations-with-the-wasm-schema-engine.md.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { SchemaEngine } from "@prisma/schema-engine-wasm";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const schemaPath = path.join(root, "prisma", "schema.prisma");
export const migrationsDir = path.join(root, "prisma", "migrations");
const noFilters = { externalTables: [], externalEnums: [] };
/** Beside each migration.sql: the schema.prisma it brings the database to. */
const SNAPSHOT = "schema.prisma.snapshot";

type ScriptRunner = { executeScript(script: string): Promise<void> };
type Queryable = ScriptRunner & { client: { query(sql: string): Promise<unknown> }; onError(error: unknown): never };

/**
 * The pg adapter runs a migration by splitting it at every `;`, which cuts a function
 * body (`$$ … ; … $$`) in pieces. PostgreSQL takes a whole script in one simple query,
 * as psql and `prisma migrate` send it; so do we.
 */
function wholeScripts(factory: PrismaPg): PrismaPg {
  const send = <A extends ScriptRunner>(adapter: A): A => {
    const queryable = adapter as unknown as Queryable;
    queryable.executeScript = async (script: string) => {
      try {
        await queryable.client.query(script);
      } catch (error) {
        queryable.onError(error);
      }
    };
    return adapter;
  };
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => send(await connect());
  factory.connectToShadowDb = async () => send(await connectToShadowDb());
  return factory;
}

async function withEngine<T>(databaseUrl: string, fn: (engine: SchemaEngine, schema: string) => Promise<T>) {
  const schema = await fs.readFile(schemaPath, "utf8");
  const adapter = bindMigrationAwareSqlAdapterFactory(wholeScripts(new PrismaPg({ connectionString: databaseUrl })));
  const engine = await SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, adapter);
  try {
    return await fn(engine, schema);
  } finally {
    engine.free();
  }
}

async function migrationsList() {
  const names = (await fs.readdir(migrationsDir, { withFileTypes: true }).catch(() => []))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: "migration_lock.toml",
      content: await fs.readFile(lockPath, "utf8").catch(() => null),
    },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: await fs
            .readFile(path.join(migrationsDir, name, "migration.sql"), "utf8")
            .then((value) => ({ tag: "ok" as const, value }))
            .catch((e: Error) => ({ tag: "error" as const, value: e.message })),
        },
      })),
    ),
  };
}

/** Apply every migration not yet applied (like `prisma migrate deploy`). Returns the names applied. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const migrationsList_ = await migrationsList();
  return withEngine(databaseUrl, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: migrationsList_,
      filters: noFilters,
    });
    return appliedMigrationNames;
  });
}

/** The schema the migrations produce: a copy kept beside the newest migration. */
export async function migratedSchema(): Promise<string | null> {
  const { migrationDirectories } = await migrationsList();
  const last = migrationDirectories.at(-1);
  if (!last) return null;
  return fs.readFile(path.join(migrationsDir, last.path, SNAPSHOT), "utf8").catch(() => null);
}

/**
 * The SQL that takes the migrated schema to prisma/schema.prisma ("" when they
 * agree). Computed from the two schema files rather than by introspecting a
 * database: the engine's introspection through the driver adapter cannot read
 * every catalogue type.
 */
export async function pendingSchemaSql(databaseUrl: string): Promise<string> {
  const before = await migratedSchema();
  // The engine wants a live connection even for a diff between two files.
  return withEngine(databaseUrl, async (engine, schema) => {
    const result = await engine.diff({
      from: before ? { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: before }] } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    const sql = result.stdout ?? "";
    // Agreement yields only the engine's "empty migration" comment.
    return /^\s*(--[^\n]*\n?\s*)*$/.test(sql) ? "" : sql;
  });
}

/** Write a new migration folder with the given SQL; returns its name. */
export async function writeMigration(name: string, sql: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const folder = `${stamp}_${name.replace(/[^a-z0-9_]+/gi, "_").toLowerCase()}`;
  await fs.mkdir(path.join(migrationsDir, folder), { recursive: true });
  await fs.writeFile(path.join(migrationsDir, folder, "migration.sql"), sql);
  await fs.copyFile(schemaPath, path.join(migrationsDir, folder, SNAPSHOT));
  await fs.writeFile(
    path.join(migrationsDir, "migration_lock.toml"),
    '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
  );
  return folder;
}
