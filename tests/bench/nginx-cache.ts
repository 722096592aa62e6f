// Checks the nginx configuration of docs/deploy.md ("Premiere night") for real:
//
//   npm run build && npm run check:nginx       (needs nginx: Debian's `nginx` package)
//
// Takes the block marked "Claquette on premiere night" from docs/deploy.md as it is
// written, points it at a throwaway studio and a cache folder of its own, runs `nginx -t`
// and then nginx itself (one process, as the current user), and sends requests through
// it: a second anonymous visit is served from nginx's cache (X-Cache-Status: HIT), French
// and English are kept apart, a signed-in visit and any other cookie go to the studio and
// are not stored (a signed-in page never reaches anyone else), the live documents'
// websockets pass, and while the studio's database is gone (the studio reaches it through
// a TCP relay the check cuts) nginx answers with the page it holds. Exits 1 if any check
// fails.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { freePort } from "../../server/free-port.ts";
import { root } from "../support/studio-process.ts";
import { tcpProxy } from "../support/tcp-proxy.ts";
import { startBenchStudio } from "./studio.ts";

const NGINX = process.env.NGINX ?? "nginx";
const MARKER = "# Claquette on premiere night";

const version = spawnSync(NGINX, ["-v"], { encoding: "utf8" });
if (version.error) {
  console.error(`nginx not found (${NGINX}): install it (apt-get install nginx) or set NGINX to its path.`);
  process.exit(1);
}

/** The documented block, as it stands in docs/deploy.md. */
function documentedBlock(): string {
  const doc = readFileSync(path.join(root, "docs/deploy.md"), "utf8");
  const block = [...doc.matchAll(/```nginx\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.startsWith(MARKER));
  if (!block) throw new Error(`docs/deploy.md has no nginx block starting with "${MARKER}"`);
  return block;
}

const studio = await startBenchStudio();
// The studio's database through a relay that can be cut (the check's own queries go direct).
const direct = new URL(studio.databaseUrl);
const relay = await tcpProxy({ host: direct.hostname, port: Number(direct.port) });
const throughRelay = new URL(direct);
throughRelay.port = String(relay.port);
await studio.start({ DATABASE_URL: throughRelay.href });
const work = mkdtempSync(path.join(os.tmpdir(), "claquette-nginx-"));
let nginx: ReturnType<typeof spawn> | undefined;
const results: { check: string; pass: boolean; detail: string }[] = [];
function check(name: string, pass: boolean, detail: string) {
  results.push({ check: name, pass, detail });
  console.log(`${pass ? "PASS" : "FAIL"}  ${name} (${detail})`);
}

try {
  const { db } = await import("../../app/lib/db.server.ts");
  const { createSession } = await import("../../app/features/auth/session.server.ts");
  const stamp = Date.now().toString(36);
  const member = await db.user.create({ data: { handle: `nginx${stamp}`, displayName: `Signed In ${stamp}`, email: `nginx${stamp}@bench.invalid`, passwordHash: "!" } });
  const production = await db.production.create({
    data: { slug: `nginx-${stamp}`, title: `Premiere ${stamp}`, licence: "CC-BY-SA-4.0", memberships: { create: { userId: member.id, role: "producer" } } },
  });
  const session = `claquette_session=${(await createSession(member.id, "nginx check")).token}`;

  // The documented block, pointed at this studio and a cache of its own.
  const port = await freePort();
  const studioAddress = new URL(studio.baseUrl).host;
  const block = documentedBlock()
    .replaceAll("127.0.0.1:3000", studioAddress)
    .replaceAll("/var/cache/nginx/claquette", path.join(work, "cache"))
    .replace(/server \{\n/, `server {\n  listen 127.0.0.1:${port};\n`);
  for (const dir of ["client", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(path.join(work, dir));
  const conf = path.join(work, "nginx.conf");
  writeFileSync(
    conf,
    `master_process off;
daemon off;
pid ${path.join(work, "nginx.pid")};
error_log ${path.join(work, "error.log")} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${path.join(work, "client")};
  proxy_temp_path ${path.join(work, "proxy")};
  fastcgi_temp_path ${path.join(work, "fastcgi")};
  uwsgi_temp_path ${path.join(work, "uwsgi")};
  scgi_temp_path ${path.join(work, "scgi")};
${block}
}
`,
  );
  const test = spawnSync(NGINX, ["-t", "-p", work, "-c", conf], { encoding: "utf8" });
  check("nginx -t accepts the documented block", test.status === 0, (test.stderr || test.stdout).trim().split("\n").at(-1) ?? "");
  if (test.status !== 0) throw new Error(test.stderr);

  nginx = spawn(NGINX, ["-p", work, "-c", conf], { stdio: "inherit" });
  const base = `http://127.0.0.1:${port}`;
  for (const until = Date.now() + 10_000; ; ) {
    if (await fetch(`${base}/healthz`).then(() => true, () => false)) break;
    if (Date.now() > until) throw new Error("nginx did not answer");
    await new Promise((r) => setTimeout(r, 100));
  }

  const get = async (pathname: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${pathname}`, { headers, redirect: "manual" });
    return { status: res.status, cache: res.headers.get("x-cache-status") ?? "(none)", cacheControl: res.headers.get("cache-control") ?? "", body: await res.text() };
  };
  const home = `/p/${production.slug}`;

  for (const page of [home, "/explore"]) {
    const first = await get(page, { "Accept-Language": "en" });
    const second = await get(page, { "Accept-Language": "en" });
    check(`anonymous ${page}: the second visit is served by nginx`, first.status === 200 && second.status === 200 && second.cache === "HIT", `${first.status} ${first.cache} → ${second.status} ${second.cache}; ${first.cacheControl}`);
  }

  const english = await get(home, { "Accept-Language": "en" });
  const frenchFirst = await get(home, { Cookie: "claquette_lang=fr; claquette_tz=Europe%2FParis", "Accept-Language": "en" });
  const frenchSecond = await get(home, { Cookie: "claquette_lang=fr; claquette_tz=Europe%2FParis", "Accept-Language": "en" });
  check(
    "a visitor who chose French gets French, cached apart from English",
    english.body.includes('lang="en"') && frenchFirst.cache !== "HIT" && frenchFirst.body.includes('lang="fr"') && frenchSecond.cache === "HIT" && frenchSecond.body.includes('lang="fr"'),
    `en ${english.cache}; fr ${frenchFirst.cache} → ${frenchSecond.cache}`,
  );

  // The header's link to the signed-in person's own profile: on their page only.
  const profile = 'data-testid="profile-link"';
  const signedIn = await get(home, { Cookie: session, "Accept-Language": "en" });
  const signedInAgain = await get(home, { Cookie: session, "Accept-Language": "en" });
  const anonymousAfter = await get(home, { "Accept-Language": "en" });
  check(
    "a signed-in visit goes to the studio, private, and its page reaches nobody else",
    signedIn.cache === "BYPASS" && signedInAgain.cache === "BYPASS" && /private/.test(signedIn.cacheControl) && signedIn.body.includes(profile) && !anonymousAfter.body.includes(profile),
    `${signedIn.cache} → ${signedInAgain.cache}, ${signedIn.cacheControl}, shows ${profile}: ${signedIn.body.includes(profile)}; anonymous after: ${anonymousAfter.cache}, shows it: ${anonymousAfter.body.includes(profile)}`,
  );

  const otherCookie = await get(home, { Cookie: "claquette_lang=en; claquette_refused=x", "Accept-Language": "en" });
  check("any other cookie goes to the studio", otherCookie.cache === "BYPASS", `${otherCookie.cache}, ${otherCookie.cacheControl}`);

  // The live notes through nginx: the upgrade passes and the server speaks first (sync step 1).
  const firstMessage = await new Promise<string>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/collab/notes:${production.id}`, { headers: { Origin: studio.baseUrl, Cookie: session } });
    const timer = setTimeout(() => resolve("no message in 10 s"), 10_000);
    ws.on("message", () => {
      clearTimeout(timer);
      ws.close();
      resolve("message received");
    });
    ws.on("unexpected-response", (_req, res) => resolve(`upgrade refused: ${res.statusCode}`));
    ws.on("error", (e) => resolve(`error: ${e.message}`));
  });
  check("a live document's websocket passes through /collab/", firstMessage === "message received", firstMessage);

  // The database gone (a restart, a failover) once nginx's copy is older than s-maxage:
  // the studio answers 503, and nginx the page it holds.
  const held = await get(home, { "Accept-Language": "en" });
  relay.cut();
  const sharedAge = Number(/s-maxage=(\d+)/.exec(held.cacheControl)?.[1] ?? 10);
  await new Promise((r) => setTimeout(r, (sharedAge + 1) * 1000));
  const duringOutage = [await get(home, { "Accept-Language": "en" })];
  await new Promise((r) => setTimeout(r, 1000));
  duringOutage.push(await get(home, { "Accept-Language": "en" }));
  const neverHeld = await get(`${home}/decisions`, { "Accept-Language": "en" });
  relay.restore();
  check(
    "while the database is gone, nginx answers with the page it holds",
    duringOutage.every((r) => r.status === 200 && r.body.includes(production.title)) && neverHeld.status === 503,
    `${duringOutage.map((r) => `${r.status} ${r.cache}`).join(", ")}; a page it does not hold: ${neverHeld.status}`,
  );
} catch (e) {
  check("the check ran to its end", false, (e as Error).message);
} finally {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((r) => nginx!.once("exit", r));
    nginx.kill("SIGQUIT");
    await exited;
  }
  await studio.stop();
  await relay.close();
  rmSync(work, { recursive: true, force: true });
}
const failed = results.filter((r) => !r.pass).length;
console.log(failed ? `${failed} of ${results.length} checks failed` : `all ${results.length} checks passed`);
process.exit(failed ? 1 : 0);
