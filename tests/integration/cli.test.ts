// The operators' command line, run as an operator runs it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { count } from "~/features/polls/tally";
import { db } from "~/lib/db.server";
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
