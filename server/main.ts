// `npm start`: one process serves the whole studio.
//
// 1. configuration (DESIGN.md); 2. PostgreSQL — DATABASE_URL, or the embedded
// cluster under DATA_DIR; 3. migrations; 4. the demo production, once;
// 5. HTTP, and the websocket upgrade for live documents (/collab/<doc>);
// 6. on SIGINT/SIGTERM: stop taking requests, close live connections, commit
// every accepted edit, send the mail still queued, then stop PostgreSQL last.
import "./production-mode.ts";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "react-router";
import { backgroundWorkDone } from "../app/lib/background.server.ts";
import { createApp } from "./app.ts";
import { COLLAB_PREFIX } from "./collab/path.ts";
import type { CollabServer } from "./collab/index.ts";
import { readConfig } from "./config.ts";
import { applyMigrations } from "./migrate.ts";
import { startEmbeddedPostgres, type EmbeddedCluster } from "./postgres.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const log = (line: string) => console.log(`[claquette] ${line}`);

async function main() {
  const config = readConfig();
  let cluster: EmbeddedCluster | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    cluster = await startEmbeddedPostgres({ dataDir: config.dataDir, log });
    await cluster.createDatabase("claquette", { ifMissing: true });
    databaseUrl = cluster.urlFor("claquette");
    log(`embedded PostgreSQL running, data in ${config.dataDir}`);
  }
  // The app reads these (app/lib/env.server.ts, app/lib/db.server.ts).
  process.env.DATABASE_URL = databaseUrl;
  process.env.PUBLIC_URL = config.publicUrl;
  process.env.DATA_DIR = config.dataDir; // release files live under it (app/features/releases/file-store.server.ts)

  let server: http.Server | undefined;
  let collab: CollabServer | undefined;
  let pollCloser: NodeJS.Timeout | undefined;
  let uploadSweeper: NodeJS.Timeout | undefined;
  let jobs: import("./jobs.ts").Jobs | undefined;
  let closeApp = async () => {};
  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 20_000);
    clearInterval(pollCloser);
    clearInterval(uploadSweeper);
    force.unref();
    const closed = new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await collab?.shutdown().catch((e: Error) => log(`live documents: ${e.message}`));
    // A job still running is stopped (ffmpeg with it) and handed back to the queue, to run again on the next start.
    await jobs?.stop().catch((e: Error) => log(`jobs: ${e.message}`));
    await closed;
    // Mail queued by the last requests (password resets) goes out before the database stops.
    await backgroundWorkDone();
    await closeApp();
    const { db } = await import("../app/lib/db.server.ts");
    await db.$disconnect();
    await cluster?.stop();
    log("stopped");
    process.exit(0);
  }
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    const applied = await applyMigrations(databaseUrl);
    if (applied.length) log(`applied migrations: ${applied.join(", ")}`);
    const { seedDemoOnce } = await import("../prisma/seed.ts");
    if (await seedDemoOnce()) log("seeded the demo production");
    // Search snippets of pages indexed before they quoted the text as read (decision 0042).
    void import("../app/features/wiki/wiki.server.ts")
      .then((wiki) => wiki.reindexBracketedPages())
      .then((count) => count && log(`wiki: ${count} pages indexed again`))
      .catch((e: Error) => log(`wiki: ${e.message}`));
    // Background jobs (a film's web renditions), one at a time; interrupted ones run again.
    // Before the first request: an upload queues its job in the queue's schema.
    const { startJobs } = await import("./jobs.ts");
    jobs = await startJobs({ databaseUrl, dataDir: config.dataDir, log });

    const buildDir = path.join(root, "build");
    const build = (await import(pathToFileURL(path.join(buildDir, "server", "index.js")).href)) as ServerBuild;
    const { app, close } = createApp({
      build,
      clientDir: path.join(buildDir, "client"),
      publicUrl: config.publicUrl,
      databaseUrl,
      root,
      dataDir: config.dataDir,
      trustedProxies: config.trustedProxies,
    });
    closeApp = close;
    server = http.createServer(app);
    const { createCollabServer } = await import("./collab/index.ts");
    collab = await createCollabServer({ publicUrl: config.publicUrl, databaseUrl, trustedProxies: config.trustedProxies });
    server.on("upgrade", (req, socket, head) => {
      if (req.url?.startsWith(COLLAB_PREFIX) && collab) void collab.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
    // Idle keep-alive sockets must not hold shutdown open.
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(config.port, config.host, resolve);
    });
    // Polls close on time even when nobody is looking, and after a restart.
    // Producers are told, in the same pass, of proposals past their closing date and of
    // premieres coming within a day without their web renditions; campaigns past their
    // deadline end (a failed one's pledges go back) though nobody opens their page.
    const { closeDuePolls } = await import("../app/features/polls/polls.server.ts");
    const { notifyDueProposals } = await import("../app/features/decisions/decisions.server.ts");
    const { warnPremieresWithoutRenditions } = await import("../app/features/releases/renditions.server.ts");
    const { endDueCampaigns } = await import("../app/features/funding/campaigns.server.ts");
    const closePolls = () =>
      Promise.all([
        closeDuePolls().catch((e: Error) => log(`closing polls: ${e.message}`)),
        notifyDueProposals().catch((e: Error) => log(`proposals past their closing date: ${e.message}`)),
        warnPremieresWithoutRenditions().catch((e: Error) => log(`premieres without their renditions: ${e.message}`)),
        endDueCampaigns().catch((e: Error) => log(`campaigns past their deadline: ${e.message}`)),
      ]);
    await closePolls();
    pollCloser = setInterval(() => void closePolls(), 10_000);
    // Unfinished release uploads without progress for a day (UPLOAD_EXPIRY_SECONDS) are removed.
    const { startUploadSweeps } = await import("../app/features/releases/tus.server.ts");
    uploadSweeper = await startUploadSweeps(log);
    log(`Claquette is running at ${config.publicUrl}  (listening on ${config.host}:${config.port}; Ctrl-C stops it)`);
  } catch (e) {
    console.error(e);
    await cluster?.stop();
    process.exit(1);
  }
}

void main();
