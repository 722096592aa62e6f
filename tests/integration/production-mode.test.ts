// `npm start` and `npm run serve` set no NODE_ENV. The studio then runs React's production
// build: its development build, which the server loaded before, rendered every page
// several times slower (issue 21, bench:pages). /healthz says which build runs.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../server/free-port.ts";
import { startStudioProcess, stopStudioProcess, type StudioProcess } from "../support/studio-process";

let studio: StudioProcess | undefined;
let base = "";
beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // As a host starts it: no NODE_ENV at all (the tests' own is "test").
  studio = await startStudioProcess({ DATABASE_URL: inject("databaseUrl"), PORT: String(port), PUBLIC_URL: base, HOST: "127.0.0.1", NODE_ENV: undefined });
}, 200_000);
afterAll(async () => {
  if (studio) await stopStudioProcess(studio);
});

describe("a studio started without NODE_ENV", () => {
  it("runs React's production build, and says so", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(await res.json()).toEqual({ status: "ok", database: "reachable", react: "production" });
    // And renders its pages.
    expect((await fetch(`${base}/explore`)).status).toBe(200);
  });
});
