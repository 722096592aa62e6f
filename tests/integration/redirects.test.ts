// After login and sign-up the browser goes back where it was, but only to a page of
// this site: hostile `redirectTo` values, over HTTP, as a browser would send them.
import { describe, expect, inject, it } from "vitest";
import { createUser } from "~/features/auth/user.server";
import { freshAddress, requestFrom } from "../support/http-from";
import { newPerson } from "../support/people";

const base = inject("baseUrl");

// As typed in an address bar or a link: percent-encoded in the query string.
const hostile = [
  "/%09/attacker.example/phish",
  "/%0A/attacker.example/phish",
  "/%0D/attacker.example",
  "/%0D%0A/attacker.example",
  "//attacker.example",
  "/%5Cattacker.example",
  "%2F%2Fattacker.example",
  "/%2F/attacker.example",
  "/%5C/attacker.example",
  "%5C%5Cattacker.example",
  "/.//attacker.example",
  "https://attacker.example",
  "http:attacker.example",
  "javascript:alert(1)",
  "%20//attacker.example",
  "%EF%BC%8F%EF%BC%8Fattacker.example",
  "/%00/attacker.example",
];

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (path: string, fields: Record<string, string>, address = freshAddress()) =>
  requestFrom(address, `${base}${path}`, {
    method: "POST",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: form(fields),
  });

/** Where a browser goes on this answer: a page of the studio, or null when it stays. */
function followed(status: number, location: string | undefined) {
  expect(status, `status ${status}`).toBe(302);
  return new URL(location!, base);
}

describe("redirectTo", () => {
  it("leads back to this site only after login", async () => {
    const p = newPerson("redir");
    expect((await createUser(p)).ok).toBe(true);
    for (const value of hostile) {
      const page = await requestFrom(freshAddress(), `${base}/login?redirectTo=${value}`);
      expect(page.status, value).toBe(200);
      const hidden = /name="redirectTo" value="([^"]*)"/.exec(page.text)?.[1];
      expect(new URL(hidden!.replaceAll("&amp;", "&"), base).origin, value).toBe(base);

      const res = await post("/login", { identifier: p.handle, password: p.password, redirectTo: decodeURIComponent(value) });
      const to = followed(res.status, res.headers.location);
      expect(to.origin, `${value} → ${res.headers.location}`).toBe(base);
      expect(to.pathname, value).not.toMatch(/^\/\/|attacker\.example$/);

      // Already logged in, /login sends the browser on at once.
      const cookie = res.headers["set-cookie"]!.find((c) => c.startsWith("claquette_session="))!.split(";")[0]!;
      const again = await requestFrom(freshAddress(), `${base}/login?redirectTo=${value}`, { headers: { Cookie: cookie } });
      expect(followed(again.status, again.headers.location).origin, value).toBe(base);
    }
    // A path of this site is kept.
    const ok = await post("/login", { identifier: p.email, password: p.password, redirectTo: "/explore?q=film" });
    expect(ok.headers.location).toBe("/explore?q=film");
  });

  it("leads back to this site only after sign-up", async () => {
    for (const value of hostile) {
      const page = await requestFrom(freshAddress(), `${base}/signup?redirectTo=${value}`);
      expect(page.status, value).toBe(200);
      const res = await post("/signup", { ...newPerson("redsu"), redirectTo: decodeURIComponent(value) });
      expect(followed(res.status, res.headers.location).origin, `${value} → ${res.headers.location}`).toBe(base);
    }
    const ok = await post("/signup", { ...newPerson("redsu"), redirectTo: "/explore" });
    expect(ok.headers.location).toBe("/explore");
  });
});
