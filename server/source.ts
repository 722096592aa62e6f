// The source of the running studio, as the AGPL asks of a program people use over
// a network (section 13): /source.tar.gz, linked from every page's footer.
// Only the project's own files, listed here, are packed: never the data directory,
// the database password, the build or the dependencies.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import type { RequestHandler } from "express";

const included = [
  "README.md", "LICENSE", "package.json", "package-lock.json", "tsconfig.json", "vite.config.ts", "vitest.config.ts",
  "react-router.config.ts", "prisma.config.ts", "eslint.config.js", ".gitignore", ".ci", "app", "server", "prisma", "public",
  "tests", "docs", "types",
];

export function sourceHandler(root: string): RequestHandler {
  return (_req, res) => {
    const paths = included.filter((p) => existsSync(path.join(root, p)));
    const tar = spawn("tar", ["-czf", "-", "--exclude=app/generated", "--exclude=tests/bench/results", "-C", root, ...paths], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    tar.on("error", () => {
      if (!res.headersSent) res.status(503).type("text/plain").send("The source archive is not available on this server (no tar).\n");
    });
    tar.stdout.once("data", () => {
      res.setHeader("Content-Type", "application/gzip");
      res.setHeader("Content-Disposition", 'attachment; filename="claquette-source.tar.gz"');
    });
    tar.stdout.pipe(res);
  };
}
