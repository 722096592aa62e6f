import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./redirect";

const site = "https://studio.example";

// Values that lead a browser to another site, or cannot be a Location at all. Each is
// given as the server receives it (already percent-decoded once from the query string
// or the form), and many are variants of "/%09/attacker.example/phish".
const hostileRedirects: unknown[] = [
  "https://attacker.example/phish",
  "http://attacker.example",
  "http:attacker.example",
  "HTTPS://attacker.example",
  "//attacker.example/phish",
  "///attacker.example",
  "////attacker.example",
  "/\\attacker.example",
  "/\\/attacker.example",
  "\\\\attacker.example",
  "\\/attacker.example",
  "/\t/attacker.example/phish",
  "/\n/attacker.example/phish",
  "/\r/attacker.example",
  "/\r\n/attacker.example",
  "/\t\\attacker.example",
  "/\u0000/attacker.example",
  "/\u000b/attacker.example",
  "/\u000c/attacker.example",
  "/\u007f/attacker.example",
  "/\u0085/attacker.example",
  "/./\\attacker.example",
  "/.//attacker.example",
  "/..//attacker.example",
  "/x/..//attacker.example",
  "/%2e//attacker.example",
  " //attacker.example",
  " /p/demo",
  "\t/p/demo",
  "\n//attacker.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "／／attacker.example",
  "\uff0f\uff0fattacker.example",
  "",
  null,
  undefined,
  42,
  `/${"a".repeat(3000)}`,
];

// Values that stay on this site; some are rewritten into the plain form a browser follows.
const samePath: [string, string][] = [
  ["/", "/"],
  ["/p/demo?x=1", "/p/demo?x=1"],
  ["/p/demo/wiki?tab=changes#top", "/p/demo/wiki?tab=changes#top"],
  ["/%2F%2Fattacker.example", "/%2F%2Fattacker.example"],
  ["/%09/attacker.example", "/%09/attacker.example"],
  ["/%5Cattacker.example", "/%5Cattacker.example"],
  ["/p/café", "/p/caf%C3%A9"],
  ["/\uff0fattacker.example", "/%EF%BC%8Fattacker.example"],
  ["/\u2028/attacker.example", "/%E2%80%A8/attacker.example"],
  ["/\u200b/attacker.example", "/%E2%80%8B/attacker.example"],
  ["/p/demo?next=//attacker.example", "/p/demo?next=//attacker.example"],
];

describe("safeRedirectPath", () => {
  it("keeps paths on this site", () => {
    for (const [value, expected] of samePath) expect(safeRedirectPath(value), value).toBe(expected);
  });

  it("refuses other sites, control characters, backslashes and odd values", () => {
    for (const bad of hostileRedirects) expect(safeRedirectPath(bad), JSON.stringify(bad)).toBe("/");
    expect(safeRedirectPath("//attacker.example", "/explore")).toBe("/explore");
  });

  it("answers something a browser follows to this site only, and a header can carry", () => {
    for (const value of [...hostileRedirects, ...samePath.map(([v]) => v)]) {
      const to = safeRedirectPath(value);
      expect(new URL(to, site).origin, JSON.stringify(value)).toBe(site);
      expect(to, JSON.stringify(value)).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
    }
  });
});
