import { defineConfig } from "vitest/config";

// One run, three projects. All share a fresh database in the embedded PostgreSQL
// and a running Claquette (tests/support/global-setup.ts).
export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["app/**/*.test.ts", "server/**/*.test.ts"] } },
      {
        extends: true,
        test: { name: "integration", include: ["tests/integration/**/*.test.ts"], setupFiles: ["tests/support/database-env.ts"] },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          setupFiles: ["tests/support/database-env.ts"],
          // Two cores: one browser at a time.
          fileParallelism: false,
          testTimeout: 90_000,
          // What a page shows after an action, within Playwright's usual 5 s (vitest's
          // 1 s is short for a browser, a studio and PostgreSQL sharing two cores).
          expect: { poll: { timeout: 5_000 } },
        },
      },
    ],
  },
});
