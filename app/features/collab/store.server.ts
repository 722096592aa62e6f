// Storage of live documents in PostgreSQL: the update log with its authors,
// compaction, versions (checkpoints) and contributions. Used by the collaboration
// server (server/collab) and by the pages that show history and credits.
import * as Y from "yjs";
import { db, sql } from "~/lib/db.server";
import { sharedProductionById } from "~/features/productions/production-read.server";
import type { DecisionStatus, DocumentKind, Role } from "~/lib/policy";
import { applyUpdates, blocksOf, docFromState, foldUpdates, replaceContent, updateStats, type Fold } from "./content";
import { parseDocName } from "./doc-name";
import { readableDoc } from "./validate";

/**
 * Channel on which every append is announced, so that other processes holding the
 * document apply it. The payload is "<origin>|<doc name>": a collaboration server
 * ignores what it appended itself.
 */
export const DOC_CHANNEL = "claquette_doc";

/**
 * Comments on a document changed (one added, resolved, reopened, hidden). The
 * collaboration servers tell the connections that may read them (decision 0027).
 */
export const COMMENTS_CHANNEL = "claquette_comments";

export async function announceComments(docName: string) {
  await db.$executeRaw`SELECT pg_notify(${COMMENTS_CHANNEL}, ${docName})`;
}

export function parseDocNotification(payload: string): { origin: string; name: string } {
  const bar = payload.indexOf("|");
  return { origin: payload.slice(0, bar), name: payload.slice(bar + 1) };
}

export type DocumentInfo = {
  name: string;
  kind: DocumentKind;
  productionId: string;
  productionSlug: string;
  membersEditScript: boolean;
  /** for a decision's text: the decision's status */
  decisionStatus?: DecisionStatus;
  /** for a wiki page: whether only crew and producers edit it */
  wikiProtected?: boolean;
};

/** The production a document belongs to (creating its row on first use), or null for an unknown name. */
export async function resolveDocument(name: string): Promise<DocumentInfo | null> {
  const parsed = parseDocName(name);
  if (!parsed) return null;
  // notes:<productionId> and script:<productionId> belong to that production;
  // decision:<decisionId> and wiki:<pageId> to the decision's or the page's.
  const decision =
    parsed.kind === "decision" ? await db.decision.findUnique({ where: { id: parsed.id }, select: { productionId: true, status: true } }) : null;
  if (parsed.kind === "decision" && !decision) return null;
  const page = parsed.kind === "wiki" ? await db.wikiPage.findUnique({ where: { id: parsed.id }, select: { productionId: true, protected: true } }) : null;
  if (parsed.kind === "wiki" && !page) return null;
  const productionId = decision?.productionId ?? page?.productionId ?? parsed.id;
  // A page of the production has read it already in this request: no second read.
  const production =
    (await sharedProductionById(productionId)) ??
    (await db.production.findUnique({ where: { id: productionId }, select: { id: true, slug: true, membersEditScript: true } }));
  if (!production) return null;
  // Made on first use; every later page view and connection only reads.
  if (!(await db.document.findUnique({ where: { name }, select: { name: true } }))) {
    await db.document.createMany({ data: [{ name, kind: parsed.kind, productionId: production.id }], skipDuplicates: true });
  }
  return {
    name,
    kind: parsed.kind,
    productionId: production.id,
    productionSlug: production.slug,
    membersEditScript: production.membersEditScript,
    ...(decision ? { decisionStatus: decision.status } : {}),
    ...(page ? { wikiProtected: page.protected } : {}),
  };
}

export async function roleInProduction(productionId: string, userId: string | undefined): Promise<Role | null> {
  if (!userId) return null;
  const m = await db.membership.findUnique({ where: { productionId_userId: { productionId, userId } }, select: { role: true } });
  return m?.role ?? null;
}

export type StoredDocument = { state: Uint8Array | null; updates: Uint8Array[]; lastUpdateId: bigint; storedBytes: number };

/** The document's bytes as stored: last compacted state plus every later update. */
export async function readStoredDocument(name: string): Promise<StoredDocument> {
  // One snapshot for both reads: a compaction committed between them would leave the
  // old state and none of the updates it folded.
  const [row, updates] = await db.$transaction(
    [
      db.document.findUnique({ where: { name }, select: { state: true, compactedThrough: true } }),
      db.documentUpdate.findMany({ where: { docName: name }, orderBy: { id: "asc" }, select: { id: true, update: true } }),
    ],
    { isolationLevel: "RepeatableRead" },
  );
  let storedBytes = row?.state?.length ?? 0;
  for (const u of updates) storedBytes += u.update.length;
  const lastUpdateId = updates.at(-1)?.id ?? row?.compactedThrough ?? 0n;
  return { state: row?.state ?? null, updates: updates.map((u) => u.update), lastUpdateId, storedBytes };
}

export function docFromStored(stored: StoredDocument): Y.Doc {
  const doc = docFromState(stored.state);
  applyUpdates(doc, stored.updates);
  return doc;
}

/** The document as stored, in a Y.Doc. */
export async function loadDocument(name: string): Promise<{ doc: Y.Doc; lastUpdateId: bigint; storedBytes: number }> {
  const stored = await readStoredDocument(name);
  return { doc: docFromStored(stored), lastUpdateId: stored.lastUpdateId, storedBytes: stored.storedBytes };
}

/** The ids one append gave one document's updates: all of them, since appends to a document take turns. */
export type AppendedIds = { first: bigint; last: bigint };

/**
 * What others stored after `afterId`, for a process that holds the document: the
 * updates appended since, less the ids it appended itself (`own`), and the id it has
 * now seen everything up to. When a compaction has folded some of them into the state,
 * the whole stored document instead (applying what one already has changes nothing).
 */
export async function storedSince(name: string, afterId: bigint, own: AppendedIds[] = []): Promise<{ updates: Uint8Array[]; through: bigint }> {
  // One statement, one snapshot: the compaction mark and the updates agree.
  const rows = await db.$queryRaw<{ compacted: bigint; id: bigint | null; update: Uint8Array | null }[]>`
    SELECT d."compactedThrough" AS compacted, u.id, u.update
    FROM "Document" d
    LEFT JOIN "DocumentUpdate" u ON u."docName" = d.name AND u.id > ${afterId}
      AND NOT EXISTS (SELECT 1 FROM unnest(${own.map((o) => o.first)}::bigint[], ${own.map((o) => o.last)}::bigint[]) AS o(first, last)
                      WHERE u.id BETWEEN o.first AND o.last)
    WHERE d.name = ${name}
    ORDER BY u.id`;
  if (!rows.length) return { updates: [], through: afterId };
  if (rows[0]!.compacted > afterId) {
    const stored = await readStoredDocument(name);
    return { updates: stored.state ? [stored.state, ...stored.updates] : stored.updates, through: stored.lastUpdateId };
  }
  // Every update of this document up to our own last one was committed before it
  // (appends hold the document's row lock), so this read saw them all.
  let through = afterId;
  for (const o of own) if (o.last > through) through = o.last;
  const updates: Uint8Array[] = [];
  for (const r of rows) {
    if (r.id === null || !r.update) continue;
    updates.push(r.update);
    if (r.id > through) through = r.id;
  }
  return { updates, through };
}

/** "<doc name>\0<client id>" pairs this process has stored in DocumentClient: not sent again. */
const knownClients = new Set<string>();

export type PendingUpdate = { docName: string; productionId: string; authorId: string; update: Uint8Array };

const APPEND_UPDATES = `
  WITH writable AS (
    -- A frozen text (a decided decision) takes no more updates: the row lock makes
    -- an append wait for a freeze in progress, then see it.
    SELECT name FROM "Document" WHERE name = ANY($1::text[]) AND "frozenAt" IS NULL
    FOR NO KEY UPDATE
  ), appended AS (
    INSERT INTO "DocumentUpdate" ("docName", "authorId", "update")
    SELECT u.* FROM unnest($2::text[], $3::text[], $4::bytea[]) AS u(name, author, bytes)
    WHERE u.name IN (SELECT name FROM writable)
    RETURNING id, "docName"
  ), credited AS (
    INSERT INTO "DocumentContribution" ("docName", "userId", "productionId", "inserted", "deleted", "edits")
    SELECT c.* FROM unnest($5::text[], $6::text[], $7::text[], $8::int[], $9::int[], $10::int[])
      AS c(name, who, production, ins, del, edits)
    WHERE c.name IN (SELECT name FROM writable)
    ON CONFLICT ("docName", "userId") DO UPDATE SET
      "inserted" = "DocumentContribution"."inserted" + EXCLUDED."inserted",
      "deleted" = "DocumentContribution"."deleted" + EXCLUDED."deleted",
      "edits" = "DocumentContribution"."edits" + EXCLUDED."edits",
      "lastAt" = now()
    RETURNING 1
  ), attributed AS (
    -- Whose editor writes with each Yjs client id: the first to store with it keeps it.
    INSERT INTO "DocumentClient" ("docName", "clientId", "userId")
    SELECT n.* FROM unnest($11::text[], $12::bigint[], $13::text[]) AS n(name, client, who)
    WHERE n.name IN (SELECT name FROM writable)
    ON CONFLICT DO NOTHING
    RETURNING 1
  ), edited AS (
    UPDATE "Document" d SET
      "editorsSinceVersion" = ARRAY(SELECT DISTINCT e FROM unnest(d."editorsSinceVersion" || v.editors) AS e),
      "editingSince" = COALESCE(d."editingSince", now()),
      "lastEditAt" = now()
    FROM (SELECT name, array_agg(DISTINCT editor) AS editors
          FROM unnest($5::text[], $6::text[]) AS t(name, editor)
          GROUP BY name) v
    WHERE d.name = v.name AND d.name IN (SELECT name FROM writable)
    RETURNING 1
  ), notified AS MATERIALIZED (
    -- Sent at commit: other processes read what was appended.
    SELECT pg_notify($14, payload) FROM unnest($15::text[]) AS payload
  )
  SELECT a."docName", min(a.id)::text AS first, max(a.id)::text AS last
  FROM appended a, (SELECT count(*) FROM notified) n
  GROUP BY a."docName"`;

/**
 * Append a batch of accepted updates in one statement (a group commit), with
 * what they mean for attribution and for the next checkpoint. Returns, per
 * document, the first and last ids its updates were given.
 */
export async function appendUpdates(batch: PendingUpdate[], origin = ""): Promise<Map<string, AppendedIds>> {
  if (!batch.length) return new Map();
  const contributions = new Map<string, { docName: string; userId: string; productionId: string; inserted: number; deleted: number; edits: number }>();
  const newClients = new Map<string, { docName: string; clientId: bigint; userId: string }>();
  for (const u of batch) {
    const key = `${u.docName}\u0000${u.authorId}`;
    const c = contributions.get(key) ?? { docName: u.docName, userId: u.authorId, productionId: u.productionId, inserted: 0, deleted: 0, edits: 0 };
    const stats = updateStats(u.update);
    c.inserted += stats.inserted;
    c.deleted += stats.deleted;
    c.edits += 1;
    contributions.set(key, c);
    for (const client of stats.clients) {
      const k = `${u.docName}\u0000${client}`;
      if (!knownClients.has(k) && !newClients.has(k)) newClients.set(k, { docName: u.docName, clientId: BigInt(client), userId: u.authorId });
    }
  }
  const cs = [...contributions.values()];
  const ns = [...newClients.values()];
  const payloads = [...new Set(batch.map((u) => `${origin}|${u.docName}`))];
  // One statement, with its notification: atomic on its own, and one round trip to
  // the database (a transaction of two statements took four). This runs every few
  // milliseconds while people type, and others wait for its commit to see a keystroke.
  const rows = await sql<{ docName: string; first: string; last: string }>("append-updates", APPEND_UPDATES, [
    [...new Set(batch.map((u) => u.docName))],
    batch.map((u) => u.docName),
    batch.map((u) => u.authorId),
    batch.map((u) => u.update),
    cs.map((c) => c.docName),
    cs.map((c) => c.userId),
    cs.map((c) => c.productionId),
    cs.map((c) => c.inserted),
    cs.map((c) => c.deleted),
    cs.map((c) => c.edits),
    ns.map((n) => n.docName),
    ns.map((n) => n.clientId),
    ns.map((n) => n.userId),
    DOC_CHANNEL,
    payloads,
  ]);
  if (knownClients.size > 100_000) knownClients.clear();
  const stored = new Set(rows.map((r) => r.docName));
  for (const [k, n] of newClients) if (stored.has(n.docName)) knownClients.add(k);
  return new Map(rows.map((r) => [r.docName, { first: BigInt(r.first), last: BigInt(r.last) }]));
}


/** How many updates are waiting to be folded into the document's state. */
export async function pendingUpdateCount(name: string): Promise<number> {
  return db.documentUpdate.count({ where: { docName: name } });
}

/**
 * Fold the update log into one state, computed in a Y.Doc from what is stored
 * (so that deleted content is really dropped), under the document's row lock.
 */
export type Compaction = {
  updates: number;
  bytesBefore: number;
  bytesAfter: number;
  /** what was folded (when anything was), for a room of this process to catch up from */
  folded?: { through: bigint; updates: { id: bigint; update: Uint8Array }[] };
};

export async function compact(name: string, fold: Fold = foldUpdates): Promise<Compaction> {
  // Folding a long log takes a while. It runs outside the document's lock: appends to the
  // document (and so the relays waiting for their commit, decision 0019) go on meanwhile.
  const [row, updates] = await db.$transaction(
    [
      db.document.findUnique({ where: { name }, select: { state: true, compactedThrough: true } }),
      db.documentUpdate.findMany({ where: { docName: name }, orderBy: { id: "asc" }, select: { id: true, update: true } }),
    ],
    { isolationLevel: "RepeatableRead" },
  );
  const bytesBefore = (row?.state?.length ?? 0) + updates.reduce((n, u) => n + u.update.length, 0);
  const unchanged: Compaction = { updates: 0, bytesBefore, bytesAfter: bytesBefore };
  if (!row || !updates.length) return unchanged;
  const state = await fold(row.state, updates.map((u) => u.update));
  const through = updates.at(-1)!.id;
  return db.$transaction(
    async (tx) => {
      const [now] = await tx.$queryRaw<{ compactedThrough: bigint }[]>`SELECT "compactedThrough" FROM "Document" WHERE name = ${name} FOR UPDATE`;
      // Another compaction (another process) wrote the state since we read it: ours is stale.
      if (!now || now.compactedThrough !== row.compactedThrough) return unchanged;
      // Appends take this lock in turn, so every id up to `through` was committed when we
      // read: exactly what was folded is removed, and later appends stay in the log.
      await tx.document.update({ where: { name }, data: { state: Buffer.from(state), compactedThrough: through } });
      await tx.documentUpdate.deleteMany({ where: { docName: name, id: { lte: through } } });
      return { updates: updates.length, bytesBefore, bytesAfter: state.length, folded: { through, updates } };
    },
    { timeout: 60_000 },
  );
}

/** Documents whose editing paused for `idleMs`, or ran for `maxRunMs`, without a checkpoint. */
export async function dueForCheckpoint(now: Date, idleMs: number, maxRunMs: number): Promise<string[]> {
  const rows = await db.document.findMany({
    where: {
      editingSince: { not: null },
      OR: [{ lastEditAt: { lte: new Date(now.getTime() - idleMs) } }, { editingSince: { lte: new Date(now.getTime() - maxRunMs) } }],
    },
    select: { name: true },
    take: 100,
  });
  return rows.map((r) => r.name);
}

/**
 * Make a version: the document's content now and the people who edited since the
 * previous one. Automatic checkpoints have no label and are skipped when nothing
 * was edited since the last version (another process may have just made it).
 */
export async function createVersion(name: string, options: VersionOptions = {}) {
  return db.$transaction((tx) => writeVersion(tx, name, options), { timeout: 60_000 });
}

type VersionOptions = { label?: string | null; createdById?: string | null; automatic?: boolean; fold?: Fold };
type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** createVersion inside a caller's transaction (freezing a decision's text takes one with it). */
export async function writeVersion(tx: Tx, name: string, { label, createdById, automatic = false, fold = foldUpdates }: VersionOptions = {}) {
  await tx.$queryRaw`SELECT name FROM "Document" WHERE name = ${name} FOR UPDATE`;
  const row = await tx.document.findUniqueOrThrow({
    where: { name },
    select: { state: true, editorsSinceVersion: true, editingSince: true, productionId: true },
  });
  if (automatic && row.editingSince === null) return null;
  const updates = await tx.documentUpdate.findMany({ where: { docName: name }, orderBy: { id: "asc" }, select: { update: true } });
  const state = await fold(row.state, updates.map((u) => u.update));
  const last = await tx.documentVersion.findFirst({ where: { docName: name }, orderBy: { number: "desc" }, select: { number: true } });
  const version = await tx.documentVersion.create({
    data: {
      docName: name,
      number: (last?.number ?? 0) + 1,
      label: label ?? null,
      state: Buffer.from(state),
      editors: row.editorsSinceVersion,
      createdById: createdById ?? null,
      productionId: row.productionId,
    },
    select: { number: true },
  });
  await tx.document.update({ where: { name }, data: { editorsSinceVersion: [], editingSince: null } });
  return version;
}

export async function listVersions(name: string) {
  const versions = await db.documentVersion.findMany({
    where: { docName: name },
    orderBy: { number: "desc" },
    select: { number: true, label: true, editors: true, createdAt: true, createdBy: { select: { handle: true, displayName: true } } },
  });
  const people = await peopleById(versions.flatMap((v) => v.editors));
  return versions.map((v) => ({ ...v, editors: v.editors.map((id) => people.get(id)).filter((p) => p !== undefined) }));
}

export async function getVersion(name: string, number: number) {
  return db.documentVersion.findUnique({ where: { docName_number: { docName: name, number } } });
}

/** A version's content as plain blocks (for comparing versions), or null when there is no such version. */
export async function versionBlocks(name: string, number: number) {
  const v = await getVersion(name, number);
  if (!v) return null;
  const doc = docFromState(v.state);
  const blocks = blocksOf(doc);
  doc.destroy();
  return blocks;
}

async function peopleById(ids: string[]) {
  const users = await db.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, handle: true, displayName: true } });
  return new Map(users.map((u) => [u.id, { handle: u.handle, displayName: u.displayName }]));
}

/**
 * Restore a version as a new change by `userId`: the current content is replaced
 * by the version's, appended to the log like any edit (live editors receive it),
 * and recorded as a version of its own.
 */
export async function restoreVersion(info: DocumentInfo, number: number, userId: string): Promise<boolean> {
  const version = await getVersion(info.name, number);
  if (!version) return false;
  const { doc } = await loadDocument(info.name);
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  // What reads under the schema: a version saved before updates were checked may hold
  // values no editor wrote (the current content, whatever it holds, is replaced).
  const source = docFromState(version.state);
  // Loaded here: the editors' extensions are heavy for everything else that reads the store.
  const { schemaFor } = await import("./schemas");
  const readable = readableDoc(source, schemaFor(info.kind));
  replaceContent(doc, readable, "restore");
  for (const d of [doc, source, readable]) d.destroy();
  if (updates.length) {
    // One transaction's updates: a handful, merged.
    await appendUpdates([{ docName: info.name, productionId: info.productionId, authorId: userId, update: Y.mergeUpdates(updates) }]);
  }
  await createVersion(info.name, { label: `restore:${number}`, createdById: userId });
  return true;
}

/** Who contributed to a document, most first. */
export async function documentContributors(name: string) {
  return db.documentContribution.findMany({
    where: { docName: name },
    orderBy: [{ inserted: "desc" }, { edits: "desc" }],
    select: { inserted: true, deleted: true, edits: true, user: { select: { handle: true, displayName: true } } },
  });
}

/** Who contributed to a production's documents, summed, most first. */
export async function productionContributors(productionId: string) {
  const sums = await db.documentContribution.groupBy({
    by: ["userId"],
    where: { productionId },
    _sum: { inserted: true, deleted: true, edits: true },
    orderBy: { _sum: { inserted: "desc" } },
  });
  const people = await peopleById(sums.map((s) => s.userId));
  return sums
    .map((s) => ({ user: people.get(s.userId), inserted: s._sum.inserted ?? 0, deleted: s._sum.deleted ?? 0, edits: s._sum.edits ?? 0 }))
    .filter((s): s is typeof s & { user: { handle: string; displayName: string } } => s.user !== undefined);
}
