// `npm start`: the studio, in one process or in several that share its port.
//
// 1. configuration (DESIGN.md); 2. PostgreSQL — DATABASE_URL, or the embedded
// cluster under DATA_DIR; 3. migrations; 4. the demo production, once;
// 5. HTTP, and the websocket upgrade for live documents (/collab/<doc>): in this
// process and, with PROCESSES=n, in n − 1 more started here on the same port
// (decision 0063), every connection of one live document served by the same one
// (collab/handoff.ts); the work that is not a request (jobs, polls closing on time, the
// upload sweep) runs in this one only;
// 6. on SIGINT/SIGTERM: stop taking requests, stop the other processes (each closes its
// live connections and commits every accepted edit, as this one does), send the mail
// still queued, then stop PostgreSQL last.
import "./production-mode.ts";
import { fork, type ChildProcess } from "node:child_process";
import http from "node:http";
import net, { type Socket } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "react-router";
import { backgroundWorkDone } from "../app/lib/background.server.ts";
import { createApp } from "./app.ts";
import { describeUpgrade, isHandoff, processFor, rebuildUpgrade, type Handoff } from "./collab/handoff.ts";
import { COLLAB_PREFIX } from "./collab/path.ts";
import type { CollabServer } from "./collab/index.ts";
import { readConfig, type Config } from "./config.ts";
import { applyMigrations } from "./migrate.ts";
import { startEmbeddedPostgres, type EmbeddedCluster } from "./postgres.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// A process this one started to serve beside it is told so, and its number (the first is
// 0), by its arguments, not by a setting.
const SERVING_ONLY = "--serving-only";
const servingOnly = process.argv.includes(SERVING_ONLY);
const processNumber = Number(process.argv.find((a) => a.startsWith("--process="))?.slice("--process=".length) ?? 0);
const log = (line: string) => console.log(servingOnly ? `[claquette ${process.pid}] ${line}` : `[claquette] ${line}`);

type Serving = { server: http.Server; collab: CollabServer; closeApp: () => Promise<void> };
/** Pass a live document's upgrade to the process that holds it; false: serve it here. */
type HandOff = (handoff: { collabHandoff: Handoff }, socket: Socket) => boolean;

/** Pages and live documents on the configured port, shared with the other processes when there are some. */
async function serve(config: Config, databaseUrl: string, handOff: HandOff, onStarted: (s: Partial<Serving>) => void): Promise<Serving> {
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
  const server = http.createServer(app);
  onStarted({ server, closeApp: close });
  const { createCollabServer } = await import("./collab/index.ts");
  const collab = await createCollabServer({ publicUrl: config.publicUrl, databaseUrl, trustedProxies: config.trustedProxies });
  onStarted({ collab });
  server.on("upgrade", (req, socket, head) => {
    if (!req.url?.startsWith(COLLAB_PREFIX)) return socket.destroy();
    const to = processFor(req.url, config.processes);
    if (to !== processNumber && handOff(describeUpgrade(req, head, to), socket as Socket)) return;
    void collab.handleUpgrade(req, socket, head);
  });
  // Idle keep-alive sockets must not hold shutdown open.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // Several processes on one port: the kernel hands each new connection to one of them.
    server.listen({ port: config.port, host: config.host, reusePort: config.processes > 1 }, resolve);
  });
  return { server, collab, closeApp: close };
}

/** A process that serves beside this one; resolves once it listens. */
function startServingProcess(databaseUrl: string, number: number): { child: ChildProcess; listening: Promise<void> } {
  const child = fork(fileURLToPath(import.meta.url), [SERVING_ONLY, `--process=${number}`], { env: { ...process.env, DATABASE_URL: databaseUrl } });
  const listening = new Promise<void>((resolve, reject) => {
    child.on("message", (m) => m === "listening" && resolve());
    child.once("exit", (code) => reject(new Error(`a serving process ended before it listened (exit code ${code})`)));
  });
  listening.catch(() => {}); // a later exit is handled by who watches the child
  return { child, listening };
}

async function main() {
  const config = readConfig();
  let cluster: EmbeddedCluster | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl && !servingOnly) {
    cluster = await startEmbeddedPostgres({ dataDir: config.dataDir, log });
    await cluster.createDatabase("claquette", { ifMissing: true });
    databaseUrl = cluster.urlFor("claquette");
    log(`embedded PostgreSQL running, data in ${config.dataDir}`);
  }
  if (!databaseUrl) throw new Error("a serving process needs DATABASE_URL");
  // The app reads these (app/lib/env.server.ts, app/lib/db.server.ts).
  process.env.DATABASE_URL = databaseUrl;
  process.env.PUBLIC_URL = config.publicUrl;
  process.env.DATA_DIR = config.dataDir; // release files live under it (app/features/releases/file-store.server.ts)

  let serving: Partial<Serving> = {};
  const others = new Set<ChildProcess>();
  /** The processes serving beside this one and listening, by number. */
  const beside: (ChildProcess | undefined)[] = [];
  /** A live document's upgrade handed over: served here, or passed to the process that holds it. */
  function receive(message: { collabHandoff: Handoff }, socket: Socket) {
    if (message.collabHandoff.to !== processNumber && handOff(message, socket)) return;
    const { req, head } = rebuildUpgrade(message.collabHandoff, socket);
    if (serving.collab) void serving.collab.handleUpgrade(req, socket, head);
    else socket.destroy();
  }
  /** Pass the socket on; false when it cannot be (the other process is gone): it is served here. */
  function sendSocket(to: ChildProcess | NodeJS.Process, message: { collabHandoff: Handoff }, socket: Socket): boolean {
    if (!to.connected || !to.send) return false;
    to.send(message, socket, undefined, (e: Error | null) => {
      if (e && !socket.destroyed) receive({ collabHandoff: { ...message.collabHandoff, to: processNumber } }, socket);
    });
    return true;
  }
  // Every process passes to the first, the only one it has a pipe to; the first passes on.
  const handOff: HandOff = servingOnly ? (message, socket) => sendSocket(process, message, socket) : (message, socket) => {
    const child = beside[message.collabHandoff.to];
    return child ? sendSocket(child, message, socket) : false; // being replaced: served here, correct through PostgreSQL
  };
  let pollCloser: NodeJS.Timeout | undefined;
  let uploadSweeper: NodeJS.Timeout | undefined;
  let jobs: import("./jobs.ts").Jobs | undefined;
  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    // The other processes have 20 s of their own to stop.
    const force = setTimeout(() => process.exit(1), others.size ? 25_000 : 20_000);
    clearInterval(pollCloser);
    clearInterval(uploadSweeper);
    force.unref();
    const { server, collab, closeApp } = serving;
    const closed = new Promise<void>((resolve) => {
      if (!server?.listening) return resolve();
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    const othersStopped = Promise.all([...others].map((child) => new Promise((r) => (child.exitCode !== null ? r(null) : (child.once("exit", r), child.kill("SIGTERM"))))));
    await collab?.shutdown().catch((e: Error) => log(`live documents: ${e.message}`));
    // A job still running is stopped (ffmpeg with it) and handed back to the queue, to run again on the next start.
    await jobs?.stop().catch((e: Error) => log(`jobs: ${e.message}`));
    await closed;
    await othersStopped;
    // Mail queued by the last requests (password resets) goes out before the database stops.
    await backgroundWorkDone();
    await closeApp?.();
    const { db } = await import("../app/lib/db.server.ts");
    await db.$disconnect();
    await cluster?.stop();
    log("stopped");
    process.exit(0);
  }
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  if (servingOnly) {
    // The process that started this one stops it; if that one is gone (kill -9), so is this.
    process.on("disconnect", () => void shutdown("the first process is gone"));
    process.on("message", (message, socket) => {
      if (isHandoff(message) && socket instanceof net.Socket) receive(message, socket);
    });
    serving = await serve(config, databaseUrl, handOff, (s) => Object.assign(serving, s));
    process.send?.("listening");
    return;
  }

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

    serving = await serve(config, databaseUrl, handOff, (s) => Object.assign(serving, s));
    const url = databaseUrl;
    const serveBeside = async (number: number) => {
      const { child, listening } = startServingProcess(url, number);
      others.add(child);
      child.on("message", (message, socket) => {
        if (isHandoff(message) && socket instanceof net.Socket) receive(message, socket);
      });
      let listened = false;
      child.once("exit", (code, signal) => {
        others.delete(child);
        if (beside[number] === child) beside[number] = undefined;
        // One that fails before it listens (a port refused, say) would fail again: the start fails instead.
        if (stopping || !listened) return;
        log(`a serving process ended (${signal ?? `exit code ${code}`}); starting another`);
        setTimeout(() => {
          if (stopping) return;
          serveBeside(number).then(
            () => log("a new serving process is listening"),
            (e: Error) => !stopping && log(e.message),
          );
        }, 1_000);
      });
      await listening;
      listened = true;
      beside[number] = child;
    };
    await Promise.all(Array.from({ length: config.processes - 1 }, (_, i) => serveBeside(i + 1)));
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
    const processes = config.processes > 1 ? `, ${config.processes} processes` : "";
    log(`Claquette is running at ${config.publicUrl}  (listening on ${config.host}:${config.port}${processes}; Ctrl-C stops it)`);
  } catch (e) {
    console.error(e);
    stopping = true;
    for (const child of others) child.kill("SIGKILL");
    await cluster?.stop();
    process.exit(1);
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
