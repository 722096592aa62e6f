// The operators' command line: `npm run cli -- <command>` (DESIGN.md).
// It calls the same feature modules as the web app.
import { readConfig } from "./config.ts";
import { applyMigrations } from "./migrate.ts";
import { runningClusterUrl, startEmbeddedPostgres, type EmbeddedCluster } from "./postgres.ts";

const usage = `Claquette — operator commands

  npm run cli -- user:create <handle> <email> [--admin]
      Create an account; the password is read from standard input.
      e.g.  echo 'a long password' | npm run cli -- user:create ada ada@example.org --admin
`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password (then Enter, Ctrl-D): ");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

/** The database: DATABASE_URL, the running studio's embedded one, or the embedded one started for this command. */
async function connect(): Promise<EmbeddedCluster | undefined> {
  const config = readConfig();
  if (config.databaseUrl) return undefined;
  const running = runningClusterUrl(config.dataDir, "claquette");
  if (running) {
    process.env.DATABASE_URL = running;
    return undefined;
  }
  const cluster = await startEmbeddedPostgres({ dataDir: config.dataDir });
  await cluster.createDatabase("claquette", { ifMissing: true });
  process.env.DATABASE_URL = cluster.urlFor("claquette");
  await applyMigrations(process.env.DATABASE_URL);
  return cluster;
}

async function userCreate(args: string[]): Promise<number> {
  const { signupSchema } = await import("../app/features/auth/validation.ts");
  const { translator } = await import("../app/lib/i18n.ts");
  const t = translator("en");
  const positional = args.filter((a) => !a.startsWith("--"));
  const [handle, email] = positional;
  if (!handle || !email || positional.length > 2 || args.some((a) => a.startsWith("--") && a !== "--admin")) {
    process.stderr.write(usage);
    return 2;
  }
  const password = await readStdin();
  const parsed = signupSchema.safeParse({ handle, displayName: handle, email, password });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [key = "", max] = issue.message.split(":");
      process.stderr.write(`${String(issue.path[0])}: ${t(key as never, max ? { max } : undefined)}\n`);
    }
    return 1;
  }
  const { createUser } = await import("../app/features/auth/user.server.ts");
  const created = await createUser({ ...parsed.data, isAdmin: args.includes("--admin") });
  if (!created.ok) {
    for (const [field, error] of Object.entries(created.errors)) process.stderr.write(`${field}: ${t(error.key)}\n`);
    return 1;
  }
  console.log(`Created @${parsed.data.handle}${args.includes("--admin") ? " (site admin)" : ""}.`);
  return 0;
}

const commands: Record<string, (args: string[]) => Promise<number>> = { "user:create": userCreate };

async function main() {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(usage);
    process.exit(name ? 2 : 0);
  }
  const cluster = await connect();
  try {
    process.exitCode = await command(args);
  } finally {
    const { db } = await import("../app/lib/db.server.ts");
    await db.$disconnect();
    await cluster?.stop();
  }
  process.exit();
}

void main();
