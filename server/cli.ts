// The operators' command line: `npm run cli -- <command>` (DESIGN.md).
// It calls the same feature modules as the web app.
import { readConfig } from "./config.ts";
import { applyMigrations } from "./migrate.ts";
import { runningClusterUrl, startEmbeddedPostgres, type EmbeddedCluster } from "./postgres.ts";

const usage = `Claquette — operator commands

  npm run cli -- user:create <handle> <email> [--admin]
      Create an account; the password is read from standard input.
      e.g.  echo 'a long password' | npm run cli -- user:create ada ada@example.org --admin

  npm run cli -- poll:recount <ballots.csv> --method plurality|approval|irv|schulze [--seed S] [--options results.json]
      Recount a published poll offline; prints the same JSON as its results.json.
      --options reads the option list (with options nobody chose) from results.json.

  npm run cli -- script:import <production-slug> <file.fountain> [--as <handle>] [--allow-empty]
      Replace the production's script with a Fountain file, as a new version (the
      previous text stays in the history). Written in the name of --as, by default
      the production's first producer. The file is read as UTF-8, UTF-16 (with its
      byte-order mark) or else Windows-1252 (said so). A file with no screenplay text
      does not empty a script unless --allow-empty. Warnings go to standard error, in
      the language of LC_ALL, LC_MESSAGES or LANG (English or French).

  npm run cli -- script:export <production-slug> [--version N | --draft N] [--pdf] [--a4]
      Print the script as Fountain, or write its PDF to standard output
      (e.g.  npm run cli -- script:export les-veilleurs --pdf > script.pdf).
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
  // The operator typed the address: that is its confirmation (docs/decisions/0022).
  const { db } = await import("../app/lib/db.server.ts");
  await db.user.update({ where: { id: created.userId }, data: { emailConfirmedAt: new Date() } });
  console.log(`Created @${parsed.data.handle}${args.includes("--admin") ? " (site admin)" : ""}.`);
  return 0;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function pollRecount(args: string[]): Promise<number> {
  const fs = await import("node:fs/promises");
  const { methods, count, CountError } = await import("../app/features/polls/tally.ts");
  const { readBallotsCsv, CsvError } = await import("../app/features/polls/ballots-csv.ts");
  const file = args[0];
  const method = flag(args, "--method");
  if (!file || file.startsWith("--") || !methods.includes(method as never)) {
    process.stderr.write(usage);
    return 2;
  }
  try {
    const { ballots, optionIds } = readBallotsCsv(await fs.readFile(file, "utf8"));
    const optionsFile = flag(args, "--options");
    const options = optionsFile
      ? (JSON.parse(await fs.readFile(optionsFile, "utf8")) as { options: { id: string; label: string }[] }).options
      : optionIds.map((id) => ({ id, label: id }));
    const results = count(method as (typeof methods)[number], options, ballots.map((b) => b.choices), flag(args, "--seed") ?? null);
    console.log(JSON.stringify(results, null, 2));
    return 0;
  } catch (e) {
    if (e instanceof CsvError || e instanceof CountError || e instanceof SyntaxError || (e as NodeJS.ErrnoException).code === "ENOENT") {
      process.stderr.write(`poll:recount: ${(e as Error).message}\n`);
      return 1;
    }
    throw e;
  }
}

async function scriptProduction(slug: string | undefined) {
  const { db } = await import("../app/lib/db.server.ts");
  const { scriptDocName } = await import("../app/features/script/script.server.ts");
  const { resolveDocument } = await import("../app/features/collab/store.server.ts");
  const production = slug ? await db.production.findUnique({ where: { slug }, select: { id: true, slug: true, title: true } }) : null;
  if (!production) return null;
  const info = await resolveDocument(scriptDocName(production.id));
  return info ? { production, info } : null;
}

async function scriptImport(args: string[]): Promise<number> {
  const fs = await import("node:fs/promises");
  const path = await import("node:path");
  const positional = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--as");
  const [slug, file] = positional;
  if (!slug || !file || positional.length > 2) {
    process.stderr.write(usage);
    return 2;
  }
  const found = await scriptProduction(slug);
  if (!found) {
    process.stderr.write(`script:import: no production at /p/${slug}\n`);
    return 1;
  }
  const { db } = await import("../app/lib/db.server.ts");
  const handle = flag(args, "--as");
  const author = handle
    ? await db.user.findUnique({ where: { handle }, select: { id: true } })
    : await db.membership.findFirst({ where: { productionId: found.production.id, role: "producer" }, orderBy: { joinedAt: "asc" }, select: { userId: true } }).then((m) => (m ? { id: m.userId } : null));
  if (!author) {
    process.stderr.write(handle ? `script:import: no account @${handle}\n` : "script:import: the production has no producer; name an author with --as\n");
    return 1;
  }
  // The import page's messages, in the operator's language.
  const { localeOfEnvironment, translator } = await import("../app/lib/i18n.ts");
  const t = translator(localeOfEnvironment(process.env));
  const { MAX_FOUNTAIN_BYTES, MAX_FOUNTAIN_SCENES } = await import("../app/features/script/file-limits.ts");
  const refuse = (message: string) => {
    process.stderr.write(`script:import: ${file}: ${message}\n`);
    return 1;
  };
  const tooLarge = () => t("script.importTooLarge", { max: MAX_FOUNTAIN_BYTES / 1024 / 1024, scenes: MAX_FOUNTAIN_SCENES });
  let bytes: Uint8Array;
  try {
    // A file past the limit is not read at all.
    if ((await fs.stat(file)).size > MAX_FOUNTAIN_BYTES) return refuse(tooLarge());
    bytes = await fs.readFile(file);
  } catch (e) {
    process.stderr.write(`script:import: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)})\n`);
    return 1;
  }
  const { accentedLines, readFileText } = await import("../app/features/script/file-text.ts");
  const read = readFileText(bytes);
  if (!read.ok) return refuse(t(read.problem === "finalDraft" ? "script.importFinalDraft" : "script.importNotText"));
  if (read.encoding === "windows-1252") {
    process.stderr.write(`notice: ${t("script.importEncoding")}\n${accentedLines(read.text).map((line) => `  ${line}\n`).join("")}`);
  }
  const { importFountain } = await import("../app/features/script/script.server.ts");
  const outcome = await importFountain(found.info, read.text, author.id, path.basename(file), { allowEmpty: args.includes("--allow-empty") });
  if (!outcome.ok) {
    const why = {
      noFile: () => t("script.importNoFile"),
      notText: () => t("script.importNotText"),
      finalDraft: () => t("script.importFinalDraft"),
      tooLarge,
      tooLong: () => t("script.importTooLong"),
      busy: () => t("script.importBusy"),
      empty: () => `${t("script.importEmptyRefused")} ${t("script.importEmptyFlag")}`,
    }[outcome.problem];
    return refuse(why());
  }
  const { translateWarning } = await import("../app/features/script/warnings.ts");
  for (const w of outcome.warnings) process.stderr.write(`warning: ${translateWarning(w, t)}\n`);
  console.log(`Imported ${path.basename(file)} into /p/${slug}/script as version ${outcome.version ?? "?"}.`);
  return 0;
}

async function scriptExport(args: string[]): Promise<number> {
  const [slug] = args.filter((a, i) => !a.startsWith("--") && !["--version", "--draft"].includes(args[i - 1] ?? ""));
  const found = await scriptProduction(slug);
  if (!slug || !found) {
    process.stderr.write(slug ? `script:export: no production at /p/${slug}\n` : usage);
    return slug ? 1 : 2;
  }
  const url = new URL("http://cli/");
  for (const name of ["version", "draft"]) {
    const value = flag(args, `--${name}`);
    if (value !== undefined) url.searchParams.set(name, value);
  }
  const { requestedScript } = await import("../app/features/script/script.server.ts");
  let chosen;
  try {
    chosen = await requestedScript(found.info, url);
  } catch {
    process.stderr.write(`script:export: no such ${url.searchParams.has("draft") ? "draft" : "version"}\n`);
    return 1;
  }
  if (args.includes("--pdf")) {
    const { scriptPdf } = await import("../app/features/script/pdf.ts");
    const { compareScripts } = await import("../app/features/script/compare.ts");
    const changed = chosen.draft && chosen.before ? compareScripts(chosen.before, chosen.script).changed : undefined;
    const pdf = await scriptPdf(chosen.script, {
      paper: args.includes("--a4") ? "a4" : "letter",
      title: found.production.title,
      ...(changed ? { changed } : {}),
      ...(chosen.draft ? { revision: { name: chosen.draft.name, colour: chosen.draft.colour } } : {}),
    });
    await new Promise<void>((resolve, reject) => process.stdout.write(pdf, (e) => (e ? reject(e) : resolve())));
    return 0;
  }
  const { writeFountain } = await import("../app/features/script/fountain.ts");
  await new Promise<void>((resolve, reject) => process.stdout.write(writeFountain(chosen.script), (e) => (e ? reject(e) : resolve())));
  return 0;
}

type Command = { run: (args: string[]) => Promise<number>; database: boolean };
const commands: Record<string, Command> = {
  "user:create": { run: userCreate, database: true },
  "poll:recount": { run: pollRecount, database: false },
  "script:import": { run: scriptImport, database: true },
  "script:export": { run: scriptExport, database: true },
};

async function main() {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(usage);
    process.exit(name ? 2 : 0);
  }
  if (!command.database) process.exit(await command.run(args));
  const cluster = await connect();
  try {
    process.exitCode = await command.run(args);
  } finally {
    const { db } = await import("../app/lib/db.server.ts");
    await db.$disconnect();
    await cluster?.stop();
  }
  process.exit();
}

void main();
