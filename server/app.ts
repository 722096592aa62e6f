// The HTTP application: security headers (app/lib/csp.ts), CSRF, health, static assets, and the
// React Router handler. server/main.ts creates it; tests create it too.
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { BlockList } from "node:net";
import path from "node:path";
import express from "express";
import type { ServerBuild } from "react-router";
import { CLIENT_ADDRESS_HEADER } from "../app/lib/client-address.ts";
import { contentSecurityPolicy, NONCE_HEADER } from "../app/lib/csp.ts";
import { isForeignRequest } from "./csrf.ts";
import { PageCache, parseChange } from "./page-cache.ts";
import { listenForPageChanges, nextScheduledChange, pageScope } from "./page-invalidation.ts";
import { clientAddressOf } from "./proxies.ts";
import { reactRouterHandler } from "./react-router.ts";
import { sourceHandler } from "./source.ts";
import { reactMode } from "./production-mode.ts";
import { databasePool } from "../app/lib/pg-pool.server.ts";
import { provideSharedReads } from "../app/lib/shared-reads.server.ts";

export type AppOptions = { build: ServerBuild; clientDir: string; publicUrl: string; databaseUrl: string; root: string; dataDir: string; trustedProxies?: BlockList };

export function createApp({ build, clientDir, publicUrl, databaseUrl, root, dataDir, trustedProxies = new BlockList() }: AppOptions) {
  const app = express();
  app.disable("x-powered-by");
  const health = databasePool({ connectionString: databaseUrl, max: 1, idleTimeoutMillis: 10_000 }, "health check");
  // Public pages for anonymous visitors, rendered once (docs/decisions/0050); off until
  // this process hears the database's change notifications.
  const schedule = databasePool({ connectionString: databaseUrl, max: 2, idleTimeoutMillis: 10_000 }, "page cache");
  const pages = new PageCache(() => nextScheduledChange(schedule), { sync: () => listening.then((l) => l.sync()) });
  const listening = listenForPageChanges(databaseUrl, {
    onChange: (payload) => pages.changed(parseChange(payload)),
    onListening: (on) => pages.listen(on),
    log: (line) => console.log(`[claquette] ${line}`),
  });
  // What signed-in pages read alike, kept by the same rules (docs/decisions/0062).
  const withdrawSharedReads = provideSharedReads(() => pages.reads());

  app.use((req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    // A new nonce for every response; pages get it through NONCE_HEADER (below).
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy({ nonce, publicUrl, pathname: req.path }));
    // The client's address, for the page renderer and release downloads alike: only we set it.
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedProxies);
    next();
  });

  // Stripe's webhook comes from Stripe, not a page: its proof is the signature of its exact
  // bytes (checked in stripe.server.ts), so it is taken before the CSRF check (decision 0052).
  let stripe: Promise<typeof import("../app/features/funding/stripe.server.ts")> | undefined;
  app.post("/webhooks/stripe", express.raw({ type: () => true, limit: "512kb" }), (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
    void (stripe ??= import("../app/features/funding/stripe.server.ts"))
      .then((s) => s.handleStripeWebhook(body, req.get("stripe-signature") ?? null))
      .then((outcome) => res.status(outcome.status).json({ handled: outcome.handled }))
      .catch((e: Error) => {
        console.error(`[claquette] stripe webhook: ${e.message}`);
        if (!res.headersSent) res.status(500).json({ handled: "error" });
      });
  });

  app.use((req, res, next) => {
    if (isForeignRequest(req.method, req.headers.origin, publicUrl)) {
      res.status(403).type("text/plain").send(
        `Refused: this request did not come from a page of ${publicUrl} (Origin: ${req.headers.origin ?? "none"}).\n` +
          `Refusé : cette requête ne vient pas d’une page de ${publicUrl}.\n`,
      );
      return;
    }
    next();
  });

  app.get("/healthz", async (_req, res) => {
    try {
      await health.query("SELECT 1");
      res.json({ status: "ok", database: "reachable", react: reactMode() });
    } catch {
      res.status(503).json({ status: "error", database: "unreachable" });
    }
  });

  app.get("/source.tar.gz", sourceHandler(root, path.join(dataDir, "cache")));

  // Release files: uploads (tus), downloads with Range, the web seed and the .torrent are
  // served here, streamed, not through the page renderer. Loaded on first use: the app's
  // modules need the database settings main.ts puts in the environment.
  let releases: Promise<typeof import("../app/features/releases/http.server.ts")> | undefined;
  const release = () => (releases ??= import("../app/features/releases/http.server.ts"));
  const fail = (res: express.Response) => (e: Error) => {
    console.error(`[claquette] release files: ${e.message}`);
    if (!res.headersSent) res.status(500).type("text/plain").send("Internal error");
    else res.destroy();
  };
  app.all(["/uploads", "/uploads/{*rest}"], (req, res) => void release().then((r) => r.handleUpload(req, res)).catch(fail(res)));
  app.get("/p/:slug/releases/:release.torrent", (req, res) => void release().then((r) => r.serveReleaseTorrent(req, res, req.params as { slug: string; release: string })).catch(fail(res)));
  app.get(
    ["/p/:slug/releases/:release/files/:file", "/p/:slug/releases/:release/seed/:file", "/p/:slug/releases/:release/seed/:directory/:file"],
    (req, res) => void release().then((r) => r.serveReleaseFile(req, res, req.params as { slug: string; release: string; file: string })).catch(fail(res)),
  );

  app.get("/p/:slug/releases/:release/renditions/:rendition/:name", (req, res) =>
    void release().then((r) => r.serveRendition(req, res, req.params as { slug: string; release: string; rendition: string; name: string })).catch(fail(res)),
  );

  // Fingerprinted build assets never change: cache them for a year.
  app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y", index: false }));
  // The build's other files (the icon, what public/ holds), known at start: asking the disk
  // for every page's path cost a tenth of a cached page's time (bench:pages).
  const publicFiles = new Set(
    existsSync(clientDir)
      ? readdirSync(clientDir, { recursive: true, withFileTypes: true })
          .filter((f) => f.isFile())
          .map((f) => `/${path.relative(clientDir, path.join(f.parentPath, f.name)).split(path.sep).join("/")}`)
          .filter((f) => !f.startsWith("/assets/"))
      : [],
  );
  const servePublicFile = express.static(clientDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (publicFiles.has(req.path) ? servePublicFile(req, res, next) : next()));

  app.all(
    "/{*splat}",
    (req, res, next) => {
      // The app learns the response's CSP nonce from this header, which only we set.
      req.headers[NONCE_HEADER] = res.locals.cspNonce as string;
      next();
    },
    // Bodies are counted and cut at each route's limit there (release files arrive
    // through /uploads above, which has its own).
    reactRouterHandler(build, pages, (pathname) => pageScope(schedule, pathname)),
  );

  return {
    app,
    pages,
    close: async () => {
      withdrawSharedReads();
      await (await listening).close();
      await Promise.all([health.end(), schedule.end()]);
    },
  };
}
