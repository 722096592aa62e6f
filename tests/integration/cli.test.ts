// The operators' command line, run as an operator runs it.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
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
