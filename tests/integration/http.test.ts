// The running server, over HTTP: health, CSRF, cookies, headers, errors.
import { spawnSync } from "node:child_process";
import { describe, expect, inject, it } from "vitest";
import { newPerson } from "../support/people";

const base = inject("baseUrl");

function form(fields: Record<string, string>) {
  return new URLSearchParams(fields);
}

async function signUp() {
  const p = newPerson("h");
  const res = await fetch(`${base}/signup`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: form({ ...p, redirectTo: "/" }),
  });
  return { p, res };
}

describe("HTTP", () => {
  it("offers the studio's own source (AGPL), without data, build or dependencies", async () => {
    const home = await (await fetch(`${base}/`)).text();
    expect(home).toContain('href="/source.tar.gz"');
    const res = await fetch(`${base}/source.tar.gz`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/gzip");
    const archive = Buffer.from(await res.arrayBuffer());
    expect([archive[0], archive[1]]).toEqual([0x1f, 0x8b]);
    const list = spawnSync("tar", ["-tzf", "-"], { input: archive, encoding: "utf8" }).stdout.split("\n");
    expect(list).toContain("server/main.ts");
    expect(list).toContain("LICENSE");
    expect(list.some((f) => /^(node_modules|data|build|\.test-data|app\/generated)\//.test(f))).toBe(false);
    expect(list.some((f) => f.includes("postgres.password"))).toBe(false);
  });

  it("serves the build's own files: the icon for an hour, fingerprinted assets for a year", async () => {
    const icon = await fetch(`${base}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
    expect(icon.headers.get("cache-control")).toBe("public, max-age=3600");
    const page = await (await fetch(`${base}/explore`)).text();
    const asset = /\/assets\/[\w.-]+\.js/.exec(page)![0];
    expect((await fetch(`${base}${asset}`)).headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await fetch(`${base}/no-such-file.svg`)).status).toBe(404);
  });

  it("reports health with the database", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    // The tests run the studio with NODE_ENV=test: React's development build, with its checks.
    expect(await res.json()).toEqual({ status: "ok", database: "reachable", react: "development" });
  });

  it("refuses a change without an Origin, or from another site, with 403", async () => {
    const attempts: Record<string, string>[] = [{}, { Origin: "https://evil.example" }, { Origin: "null" }];
    for (const headers of attempts) {
      const res = await fetch(`${base}/language`, { method: "POST", redirect: "manual", headers, body: form({ locale: "fr" }) });
      expect(res.status).toBe(403);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    const ok = await fetch(`${base}/language`, { method: "POST", redirect: "manual", headers: { Origin: base }, body: form({ locale: "fr", redirectTo: "/explore" }) });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/explore");
  });

  it("sets the session cookie HttpOnly, SameSite=Lax, Path=/, not Secure on plain http", async () => {
    const { res } = await signUp();
    expect(res.status).toBe(302);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^claquette_session=[a-z2-7]{24}\.[a-z2-7]{24};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
    expect(cookie).not.toContain("Secure");
  });

  it("clears a session cookie that no longer works", async () => {
    const res = await fetch(`${base}/`, { headers: { Cookie: `claquette_session=${"a".repeat(24)}.${"b".repeat(24)}` } });
    expect(res.headers.get("set-cookie")).toMatch(/^claquette_session=; .*Max-Age=0/);
  });

  it("serves pages in the browser's language, and the remembered one first", async () => {
    const fr = await fetch(`${base}/`, { headers: { "Accept-Language": "fr-FR,fr;q=0.9" } });
    expect(await fr.text()).toContain("Faire des films à ciel ouvert");
    const en = await fetch(`${base}/`, { headers: { "Accept-Language": "fr-FR", Cookie: "claquette_lang=en" } });
    expect(await en.text()).toContain("Make films in the open");
  });

  it("sends security headers and caches build assets for a year", async () => {
    const res = await fetch(`${base}/`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const asset = /\/assets\/[\w.-]+\.js/.exec(await res.text())![0];
    const a = await fetch(`${base}${asset}`);
    expect(a.status).toBe(200);
    expect(a.headers.get("cache-control")).toContain("immutable");
    expect(a.headers.get("cache-control")).toContain("max-age=31536000");
  });

  it("answers 404 for unknown pages and productions", async () => {
    expect((await fetch(`${base}/no/such/page`)).status).toBe(404);
    expect((await fetch(`${base}/p/no-such-production`)).status).toBe(404);
  });

  it("sends visitors to log in before private pages, and refuses their actions", async () => {
    const res = await fetch(`${base}/settings`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fsettings");
    const post = await fetch(`${base}/p/les-veilleurs`, { method: "POST", redirect: "manual", headers: { Origin: base }, body: form({ intent: "join" }) });
    expect(post.status).toBe(302);
    expect(post.headers.get("location")).toMatch(/^\/login/);
  });

  it("forbids a member from managing members (403)", async () => {
    const { res } = await signUp();
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    const headers = { Origin: base, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" };
    await fetch(`${base}/p/les-veilleurs`, { method: "POST", redirect: "manual", headers, body: form({ intent: "join" }) });
    const page = await (await fetch(`${base}/p/les-veilleurs/members`, { headers })).text();
    const margaux = /name="userId" value="([^"]+)"/.exec(page);
    expect(margaux).toBeNull(); // no management controls for a member
    const ids = await fetch(`${base}/u/margaux`, { headers });
    expect(ids.status).toBe(200);
    const attempt = await fetch(`${base}/p/les-veilleurs/edit`, { headers, redirect: "manual" });
    expect(attempt.status).toBe(403);
  });

  it("refuses oversized bodies before reading them", async () => {
    const res = await fetch(`${base}/login`, {
      method: "POST",
      headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: new Uint8Array(9 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
  });
});
