// Limits and timers of the collaboration server: oversized and too frequent
// messages, too many connections for one person, and the automatic checkpoint
// after a pause — on a collaboration server started here with short timings.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { revokeSession } from "~/features/auth/session.server";
import { listVersions } from "~/features/collab/store.server";
import { db } from "~/lib/db.server";
import type { CollabServer } from "../../server/collab/index.ts";
import { parseTrustedProxies } from "../../server/proxies.ts";
import { startCollabServer } from "../support/collab-server";
import { connect, rawSocket, testProduction, testUser, waitFor, write } from "../support/collab";

let base = "";
let collab: CollabServer;
let logged: string[] = [];
let stop = async () => {};

beforeAll(async () => {
  ({ base, collab, logged, stop } = await startCollabServer({
    databaseUrl: inject("databaseUrl"),
    limits: { maxConnectionsPerPerson: 3, maxReadersPerAddress: 3, messagesPerSecond: 5, messageBurst: 20, maxMessageBytes: 64 * 1024 },
    timings: { checkpointIdleMs: 300, checkpointScanMs: 100, unloadAfterMs: 200 },
  }));
});

afterAll(() => stop());

describe("collaboration limits", () => {
  it("closes a connection that sends too much at once, or too often", async () => {
    const producer = await testUser("prod");
    const { notes } = await testProduction(producer);
    const url = `${base.replace(/^http/, "ws")}/collab/${notes}`;

    const big = rawSocket(url, { Origin: base, Cookie: producer.cookie });
    await waitFor(() => big.ws.readyState === big.ws.OPEN, "open");
    big.ws.send(new Uint8Array(100 * 1024));
    expect((await big.outcome).code).toBe(1009); // message too big

    const chatty = rawSocket(url, { Origin: base, Cookie: producer.cookie });
    await waitFor(() => chatty.ws.readyState === chatty.ws.OPEN, "open");
    for (let i = 0; i < 40; i++) chatty.ws.send(new Uint8Array([3])); // "who is here?"
    expect((await chatty.outcome).code).toBe(4429);
  });

  it("refuses a person's connections past the limit, and frees them when they close", async () => {
    const producer = await testUser("prod");
    const { notes } = await testProduction(producer);
    const url = `${base.replace(/^http/, "ws")}/collab/${notes}`;
    const open = [];
    for (let i = 0; i < 3; i++) {
      const s = rawSocket(url, { Origin: base, Cookie: producer.cookie });
      await waitFor(() => s.ws.readyState === s.ws.OPEN, "open");
      open.push(s);
    }
    expect((await rawSocket(url, { Origin: base, Cookie: producer.cookie }).outcome).status).toBe(429);
    open[0]!.ws.close();
    await open[0]!.outcome;
    const again = rawSocket(url, { Origin: base, Cookie: producer.cookie });
    await waitFor(() => again.ws.readyState === again.ws.OPEN, "a connection once one closed");
    for (const s of [...open, again]) s.ws.close();
  });
});

describe("visitors behind a reverse proxy", () => {
  it("are counted by the address the trusted proxy forwards, and a forged header from anyone else changes nothing", async () => {
    const producer = await testUser("prod");
    const { notes } = await testProduction(producer);
    const behindProxy = await startCollabServer({
      databaseUrl: inject("databaseUrl"),
      limits: { maxReadersPerAddress: 3 },
      trustedProxies: parseTrustedProxies("127.0.0.1, ::1")!,
    });
    const visitor = (server: string, forwardedFor: string) =>
      rawSocket(`${server.replace(/^http/, "ws")}/collab/${notes}`, { Origin: server, "X-Forwarded-For": forwardedFor });
    const opened = async (s: ReturnType<typeof visitor>) => {
      await waitFor(async () => s.ws.readyState === s.ws.OPEN || (await Promise.race([s.outcome, null])) !== null, "an answer");
      return s.ws.readyState === s.ws.OPEN;
    };
    const open: ReturnType<typeof visitor>[] = [];
    try {
      // Through the proxy (this machine's address): five readers from five places all read;
      // four from one place are one too many.
      for (let i = 1; i <= 5; i++) {
        const s = visitor(behindProxy.base, `198.51.100.${i}`);
        open.push(s);
        expect(await opened(s), `reader ${i} from its own address`).toBe(true);
      }
      for (let i = 0; i < 2; i++) {
        const s = visitor(behindProxy.base, "198.51.100.1");
        open.push(s);
        expect(await opened(s)).toBe(true);
      }
      expect((await visitor(behindProxy.base, "198.51.100.1").outcome).status).toBe(429);

      // Straight to a studio that trusts no proxy: the header is anyone's to write.
      for (let i = 1; i <= 3; i++) {
        const s = visitor(base, `203.0.113.${i}`);
        open.push(s);
        expect(await opened(s)).toBe(true);
      }
      expect((await visitor(base, "203.0.113.99").outcome).status).toBe(429);
    } finally {
      for (const s of open) s.ws.close();
      await behindProxy.stop();
    }
  });
});

describe("an audience", () => {
  it("of visitors from one address all read live, and never keeps a writer out", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const script = `script:${production.id}`;
    // Writers' limits as small as can be; the readers' left as they are.
    const studio = await startCollabServer({ databaseUrl: inject("databaseUrl"), limits: { maxConnectionsPerPerson: 3, maxConnectionsPerDocument: 2 } });
    const url = `${studio.base.replace(/^http/, "ws")}/collab/${script}`;
    const open: ReturnType<typeof rawSocket>[] = [];
    try {
      // Thirty visitors behind one address (a cinema's wifi on premiere night).
      for (let i = 0; i < 30; i++) {
        const s = rawSocket(url, { Origin: studio.base });
        open.push(s);
        await waitFor(async () => s.ws.readyState === s.ws.OPEN || (await Promise.race([s.outcome, null])) !== null, "an answer");
        expect(s.ws.readyState === s.ws.OPEN, `visitor ${i + 1} reads`).toBe(true);
      }
      // The writers' places are the writers': two open, the third is one too many.
      for (let i = 0; i < 2; i++) {
        const w = rawSocket(url, { Origin: studio.base, Cookie: producer.cookie });
        open.push(w);
        await waitFor(() => w.ws.readyState === w.ws.OPEN, `writer ${i + 1}`);
      }
      expect((await rawSocket(url, { Origin: studio.base, Cookie: producer.cookie }).outcome).status).toBe(429);
    } finally {
      for (const s of open) s.ws.close();
      await studio.stop();
    }
  });
});

describe("automatic checkpoints", () => {
  it("are made after a pause in editing, with who edited", async () => {
    const producer = await testUser("prod");
    const { notes } = await testProduction(producer);
    const c = connect(base, notes, { cookie: producer.cookie });
    await c.synced();
    write(c.doc, "a line, then a pause");
    await waitFor(async () => (await listVersions(notes)).length === 1, "a checkpoint", 10_000);
    const [v] = await listVersions(notes);
    expect(v).toMatchObject({ number: 1, label: null, editors: [{ handle: producer.handle }] });
    c.provider.destroy();
  });
});

describe("the notification connection", () => {
  it("comes back after PostgreSQL drops it, and revocations still reach live connections", async () => {
    const producer = await testUser("prod");
    const { notes } = await testProduction(producer);
    const c = connect(base, notes, { cookie: producer.cookie });
    await c.synced();
    const name = `claquette-collab:${collab.origin}`;
    await db.$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${name}`;
    await waitFor(() => logged.includes("notification connection restored"), "the listener to come back", 10_000);
    await revokeSession(producer.id, producer.sessionId);
    await waitFor(() => c.closes.includes(4100), "the revoked connection to close");
    c.provider.destroy();
  });
});
