// Load benchmark of the collaboration server (issue: live documents).
//
//   npm run bench:load            (OPS=250000 by default)
//
// A screenplay-sized document (~100k characters) with a 250k-operation editing
// history (single-character inserts and backspaces, as typing makes them), stored
// as 250k updates in the log. Measures the time from a cold start (the document
// not in memory) to the first full sync of a new client, before and after
// compaction, and the stored size after compaction against the encoded state.
// Targets: first sync ≤ 100 ms; stored size ≤ 2 × encoded state.
import WebSocket from "ws";
import * as Y from "yjs";
import { FRAGMENT } from "../../app/features/collab/content.ts";
import { decodeMessage, syncStep1Message } from "../../server/collab/protocol.ts";
import { percentile, report, startBenchStudio } from "./studio.ts";

const OPS = Number(process.env.OPS ?? 250_000);
const RUNS = Number(process.env.RUNS ?? 5);

const studio = await startBenchStudio();
await studio.start();
const { db } = await import("../../app/lib/db.server.ts");
const { createSession } = await import("../../app/features/auth/session.server.ts");
const { compact, resolveDocument } = await import("../../app/features/collab/store.server.ts");

const user = await db.user.create({ data: { handle: `load-${Date.now().toString(36)}`, displayName: "Load", email: `load-${Date.now()}@bench.invalid`, passwordHash: "!" } });
const cookie = `claquette_session=${(await createSession(user.id, "bench")).token}`;
const production = await db.production.create({
  data: { slug: `load-${Date.now().toString(36)}`, title: "Load", licence: "CC-BY-SA-4.0", memberships: { create: { userId: user.id, role: "producer" } } },
});
const docName = `notes:${production.id}`;
await resolveDocument(docName);

// The history: typing with backspaces, one update per keystroke, paragraphs of ~60 characters.
console.log(`typing a ${OPS.toLocaleString("en")}-operation history…`);
const t0 = performance.now();
const doc = new Y.Doc();
const fragment = doc.getXmlFragment(FRAGMENT);
const updates: Uint8Array[] = [];
doc.on("update", (u: Uint8Array) => updates.push(u));
let text = new Y.XmlText();
let length = 0;
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
for (let op = 0; op < OPS; op++) {
  if (length >= 60 + random() * 40 || fragment.length === 0) {
    const p = new Y.XmlElement("paragraph");
    text = new Y.XmlText();
    p.insert(0, [text]);
    fragment.insert(fragment.length, [p]);
    length = 0;
  } else if (length > 0 && random() < 0.3) {
    text.delete(length - 1, 1);
    length--;
  } else {
    text.insert(length, String.fromCharCode(97 + Math.floor(random() * 26)));
    length++;
  }
}
const finalText = fragment.toArray().reduce((n, p) => n + ((p as Y.XmlElement).firstChild as Y.XmlText).length, 0);
const encodedState = Y.encodeStateAsUpdate(doc);
const generationMs = performance.now() - t0;
console.log(`${updates.length.toLocaleString("en")} updates, ${finalText.toLocaleString("en")} characters; storing the log…`);

const t1 = performance.now();
for (let i = 0; i < updates.length; i += 5000) {
  await db.documentUpdate.createMany({
    data: updates.slice(i, i + 5000).map((u) => ({ docName, authorId: user.id, update: Buffer.from(u) })),
  });
}
const storeMs = performance.now() - t1;
const logBytes = updates.reduce((n, u) => n + u.length, 0);

/** Open a client and time the first full sync (until it holds the whole document). */
function firstSync(name = docName): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const ws = new WebSocket(`${studio.baseUrl.replace(/^http/, "ws")}/collab/${name}`, { headers: { Origin: studio.baseUrl, Cookie: cookie } });
    const local = new Y.Doc();
    ws.on("open", () => ws.send(syncStep1Message(local)));
    // The first sync is complete when the client holds every character: the step 2
    // answer, and (for a document still loading) the updates sent right after it.
    let elapsed = 0;
    let check: NodeJS.Timeout | undefined;
    ws.on("message", (data: Buffer) => {
      const m = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (m.type !== "syncStep2" && m.type !== "update") return;
      elapsed = performance.now() - started;
      Y.applyUpdate(local, m.update);
      clearTimeout(check);
      check = setTimeout(() => {
        const got = local.getXmlFragment(FRAGMENT).toArray().reduce((n, p) => n + ((p as Y.XmlElement).firstChild as Y.XmlText).length, 0);
        ws.terminate();
        if (got !== finalText) reject(new Error(`synced ${got} characters, expected ${finalText}`));
        else resolve(elapsed);
      }, 200);
    });
    ws.on("error", reject);
    ws.on("close", (code) => reject(new Error(`closed before the sync (${code})`)));
    setTimeout(() => reject(new Error("no sync within 60 s")), 60_000).unref();
  });
}

/** Copies of the document, each never loaded by the running server. */
async function copies(n: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = await db.production.create({ data: { slug: `load-copy-${Date.now().toString(36)}-${i}`, title: "Copy", licence: "CC-BY-SA-4.0" } });
    const name = `notes:${p.id}`;
    await db.$executeRaw`INSERT INTO "Document" (name, kind, "productionId", state) SELECT ${name}, kind, ${p.id}, state FROM "Document" WHERE name = ${docName}`;
    await db.$executeRaw`INSERT INTO "DocumentUpdate" ("docName", "authorId", "update") SELECT ${name}, "authorId", "update" FROM "DocumentUpdate" WHERE "docName" = ${docName} ORDER BY id`;
    names.push(name);
  }
  return names;
}

/**
 * Cold document: the server runs, the document is not in its memory, so it is
 * read from PostgreSQL for this client. Measured on RUNS copies; then once right
 * after a process start (JIT cold too), and once with the document in memory.
 */
async function coldStarts() {
  const names = await copies(RUNS);
  await firstSync(); // the process is warm
  const times: number[] = [];
  for (const name of names) {
    times.push(await firstSync(name));
    await new Promise((r) => setTimeout(r, 1500)); // one document loading at a time
  }
  await studio.stopServer();
  await studio.start();
  const afterProcessStart = await firstSync();
  await new Promise((r) => setTimeout(r, 2000)); // let the server finish loading it
  const inMemory = await firstSync();
  times.sort((a, b) => a - b);
  return {
    documentNotInMemory: { runs: times.map((t) => Number(t.toFixed(1))), median: Number(percentile(times, 50).toFixed(1)) },
    firstDocumentAfterProcessStart: Number(afterProcessStart.toFixed(1)),
    documentInMemory: Number(inMemory.toFixed(1)),
  };
}

// Compaction of the whole history, measured on a copy nobody has opened.
const [forCompaction] = await copies(1);
const t2 = performance.now();
const compaction = await compact(forCompaction!);
const compactionMs = performance.now() - t2;

console.log("first sync from the uncompacted log (the server compacts it on load)…");
const uncompacted = await coldStarts();
// By now the server has compacted the original on load; copies of it are compacted too.
await studio.stopServer();
await compact(docName);
const row = await db.document.findUniqueOrThrow({ where: { name: docName }, select: { state: true } });
const storedAfter = (row.state?.length ?? 0) + (await db.documentUpdate.count({ where: { docName } }));
await studio.start();
console.log("first sync after compaction…");
const compacted = await coldStarts();

// For scale: the same text typed without a single correction.
const clean = new Y.Doc();
for (const p of fragment.toArray()) {
  const el = new Y.XmlElement("paragraph");
  el.insert(0, [new Y.XmlText(((p as Y.XmlElement).firstChild as Y.XmlText).toString())]);
  clean.getXmlFragment(FRAGMENT).insert(clean.getXmlFragment(FRAGMENT).length, [el]);
}

report("collab-load", {
  document: { operations: OPS, updates: updates.length, characters: finalText, paragraphs: fragment.length },
  generationSeconds: Number((generationMs / 1000).toFixed(1)),
  storingLogSeconds: Number((storeMs / 1000).toFixed(1)),
  logBytes,
  firstSyncMs: { logOf250kUpdatesCompactedOnLoad: uncompacted, afterCompaction: compacted },
  compaction: { seconds: Number((compactionMs / 1000).toFixed(2)), updatesFolded: compaction.updates, bytesBefore: compaction.bytesBefore, bytesAfter: compaction.bytesAfter },
  storedBytesAfterCompaction: storedAfter,
  encodedStateBytes: encodedState.length,
  storedOverEncodedState: Number((storedAfter / encodedState.length).toFixed(2)),
  encodedStateOfSameTextTypedCleanly: Y.encodeStateAsUpdate(clean).length,
  targets: { firstSyncMs: 100, storedOverEncodedState: 2 },
});
await studio.stop();
process.exit(0);
