// The operators' command line, run as an operator runs it.
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { parseFountain } from "~/features/script/fountain";
import { currentScript, scriptDocName } from "~/features/script/script.server";
import { count } from "~/features/polls/tally";
import { db } from "~/lib/db.server";
import { testProduction, testUser } from "../support/collab";
import { newPerson } from "../support/people";

const root = path.resolve(import.meta.dirname, "../..");

function cli(args: string[], input: string) {
  return spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", "--import", "tsx", "server/cli.ts", ...args], {
    cwd: root,
    input,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
  });
}

describe("npm run cli -- user:create", () => {
  it("creates a site admin with the password from standard input", async () => {
    const p = newPerson("admin");
    const run = cli(["user:create", p.handle, p.email, "--admin"], `${p.password}\n`);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(`Created @${p.handle} (site admin).`);
    expect(run.status).toBe(0);
    const user = await db.user.findUniqueOrThrow({ where: { handle: p.handle } });
    expect(user.isAdmin).toBe(true);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("explains what is wrong, and creates nothing", async () => {
    const p = newPerson("bad");
    const run = cli(["user:create", p.handle, "not-an-email"], "short\n");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("email: Enter a valid email address.");
    expect(run.stderr).toContain("password: Use at least 10 characters.");
    expect(await db.user.findUnique({ where: { handle: p.handle } })).toBeNull();
  });

  it("prints its usage for an unknown command", () => {
    const run = cli(["frobnicate"], "");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("user:create <handle> <email> [--admin]");
  });
});

describe("npm run cli -- poll:recount", () => {
  it("recounts a published ballots.csv offline and prints the results JSON", () => {
    const csv = path.join(os.tmpdir(), `ballots-${process.pid}.csv`);
    fs.writeFileSync(csv, "ballot,option,rank\nb-1,night,1\nb-1,rocket,2\nb-2,rocket,1\nb-3,night,1\nb-4,moon,1\nb-4,rocket,2\nb-5,rocket,1\n");
    const run = cli(["poll:recount", csv, "--method", "irv", "--seed", "demo"], "");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const results = JSON.parse(run.stdout);
    const options = ["night", "rocket", "moon"].map((id) => ({ id, label: id }));
    const ballots = [[["night", 1], ["rocket", 2]], [["rocket", 1]], [["night", 1]], [["moon", 1], ["rocket", 2]], [["rocket", 1]]].map((b) =>
      b.map(([option, rank]) => ({ option: option as string, rank: rank as number })),
    );
    expect(results).toEqual(count("irv", options, ballots, "demo"));
    expect(results.winners).toEqual(["rocket"]); // moon goes, its ballot goes to rocket: 3 of 5
    fs.rmSync(csv);
  });

  it("says what is wrong with the file, by line", () => {
    const csv = path.join(os.tmpdir(), `bad-ballots-${process.pid}.csv`);
    fs.writeFileSync(csv, "ballot,option,rank\nb-1,night,first\n");
    const run = cli(["poll:recount", csv, "--method", "irv"], "");
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("poll:recount: line 2: rank must be a whole number from 1\n");
    fs.rmSync(csv);
  });
});

describe("npm run cli -- script:import", () => {
  const run = promisify(execFile);
  /** The command, in a language of the operator's environment; its exit status and output. */
  async function importFile(slug: string, bytes: Uint8Array | string, lang: string, ...flags: string[]) {
    const file = path.join(os.tmpdir(), `cli-import-${process.pid}-${Math.random().toString(36).slice(2)}.fountain`);
    fs.writeFileSync(file, bytes);
    const env = { ...process.env, DATABASE_URL: inject("databaseUrl"), LANG: lang, LC_ALL: "", LC_MESSAGES: "" };
    const args = ["--disable-warning=ExperimentalWarning", "--import", "tsx", "server/cli.ts", "script:import", slug, file, ...flags];
    try {
      const { stdout, stderr } = await run(process.execPath, args, { cwd: root, env });
      return { status: 0, stdout, stderr };
    } catch (e) {
      const { code, stdout, stderr } = e as { code: number; stdout: string; stderr: string };
      return { status: code, stdout, stderr };
    } finally {
      fs.rmSync(file);
    }
  }
  const accented = "Title: Big Fish\n\nINT. CAFÉ DES ÉTOILES – SOIR\n\nHélène entre. « C’est l’heure », dit-elle.\n\nEDWARD\nGarçon, un crème brûlée !\n";
  const windows1252 = (text: string) => Uint8Array.from(text, (c) => ({ "–": 0x96, "’": 0x92 })[c] ?? c.charCodeAt(0));
  async function production() {
    const producer = await testUser("cli");
    const { production } = await testProduction(producer);
    return { slug: production.slug, name: scriptDocName(production.id) };
  }

  it("reads a Windows-1252 file (saying so, in the operator's language) and UTF-16 with its mark, accents intact", async () => {
    const { slug, name } = await production();
    const expected = parseFountain(accented).script;
    const latin = await importFile(slug, windows1252(accented), "en_GB.UTF-8");
    expect(latin.stderr).toContain("notice: This file is not UTF-8 text: it was read as Western European (Windows-1252)");
    expect(latin.stderr).toContain("  INT. CAFÉ DES ÉTOILES – SOIR\n");
    expect(latin.status).toBe(0);
    expect(await currentScript(name)).toStrictEqual(expected);
    const french = await importFile(slug, windows1252(accented), "fr_FR.UTF-8");
    expect(french.stderr).toContain("lu comme du texte d’Europe occidentale (Windows-1252)");

    const other = await production();
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(accented, "utf16le")]);
    const unicode = await importFile(other.slug, utf16, "C");
    expect(unicode.stderr).toBe("");
    expect(unicode.status).toBe(0);
    expect(await currentScript(other.name)).toStrictEqual(expected);
  }, 180_000); // each command loads tsx and starts the file worker from the sources

  it("refuses a binary file with the page's message, in English and French, and changes nothing", async () => {
    const { slug, name } = await production();
    await importFile(slug, accented, "C");
    const before = await db.documentUpdate.count({ where: { docName: name } });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const english = await importFile(slug, png, "en_US.UTF-8");
    expect(english.status).toBe(1);
    expect(english.stderr).toMatch(/^script:import: .*: This file is not a Fountain text file \(it looks like a PDF, an image/);
    const french = await importFile(slug, png, "fr_FR.UTF-8");
    expect(french.status).toBe(1);
    expect(french.stderr).toContain("Ce fichier n’est pas un fichier texte Fountain");
    expect(await db.documentUpdate.count({ where: { docName: name } })).toBe(before);
  }, 180_000);

  it("does not empty a script with a file that holds no screenplay text unless --allow-empty", async () => {
    const { slug, name } = await production();
    await importFile(slug, accented, "C");
    const kept = await currentScript(name);
    const refused = await importFile(slug, "", "C");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("This file holds no screenplay text: importing it would empty the script. Nothing was imported. To empty the script with it, run the command again with --allow-empty.");
    // Blank lines are no more than nothing.
    const blank = await importFile(slug, "\n  \n\n", "fr_FR.UTF-8");
    expect(blank.status).toBe(1);
    expect(blank.stderr).toContain("relancez la commande avec --allow-empty");
    expect(await currentScript(name)).toStrictEqual(kept);
    const emptied = await importFile(slug, "", "C", "--allow-empty");
    expect(emptied.status).toBe(0);
    expect((await currentScript(name)).elements).toEqual([]);
  }, 180_000);
});
