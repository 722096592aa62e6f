// A production's screenplay: its live document (script:<productionId>) read as the
// model, Fountain imports as new versions, named drafts a producer freezes, and the
// comments anchored to passages.
import { randomUUID } from "node:crypto";
import { docNameFor } from "~/features/collab/doc-name";
import { docFromState, type Fold } from "~/features/collab/content";
import { announceComments, appendUpdates, createVersion, getVersion, loadDocument, readStoredDocument, resolveDocument, writeVersion, type DocumentInfo } from "~/features/collab/store.server";
import type { Viewer } from "~/lib/context";
import { db } from "~/lib/db.server";
import { productionRead } from "~/features/productions/production-read.server";
import { notFound } from "~/lib/http.server";
import type { Resource } from "~/lib/policy";
import { MAX_FOUNTAIN_BYTES } from "./file-limits";
import type { FileRefusal } from "./file-work";
import { runInWorker, type WorkFailure } from "./file-worker.server";
import type { Script } from "./model";
import { scriptReport } from "./reports";
import { scriptOfDoc } from "./ydoc";

export const scriptDocName = (productionId: string) => docNameFor("script", productionId);

/** Revision colours in the order the industry uses them (reference/screenplay.md). */
export const revisionColours = ["white", "blue", "pink", "yellow", "green", "goldenrod", "buff", "salmon", "cherry", "tan"] as const;
export type RevisionColour = (typeof revisionColours)[number];

/** The production's script and what the policy needs about the person asking. */
export async function scriptOf(slug: string, viewer: Pick<Viewer, "id"> | null) {
  const { row: production, role } = (await productionRead(slug, viewer?.id)) ?? notFound();
  const info = (await resolveDocument(scriptDocName(production.id))) ?? notFound();
  const resource: Resource = { type: "document", kind: "script", role, membersEditScript: production.membersEditScript };
  const { id, title, licence, membersEditScript } = production;
  return { production: { id, slug: production.slug, title, licence, membersEditScript }, role, info, resource };
}

/** The live script now. */
export async function currentScript(name: string): Promise<Script> {
  const { doc } = await loadDocument(name);
  const script = scriptOfDoc(doc);
  doc.destroy();
  return script;
}

/** The script as it was at a version, or null when there is no such version. */
export async function versionScript(name: string, number: number): Promise<Script | null> {
  const version = await getVersion(name, number);
  if (!version) return null;
  const doc = docFromState(version.state);
  const script = scriptOfDoc(doc);
  doc.destroy();
  return script;
}

export type ImportOutcome = { ok: true; version: number | null; warnings: string[] } | { ok: false; problem: FileRefusal | WorkFailure };

/** Folds a stored document in the file worker: an imported script can be long. */
const foldInWorker: Fold = async (state, updates) => {
  const folded = await runInWorker({ kind: "fold", state: state ?? null, updates });
  if (!folded.ok) throw new Error(`could not fold the document (${folded.problem})`);
  return folded.result;
};

/**
 * Replace the script with a Fountain text, as one change by `userId` (live editors
 * receive it), then record the result as a version: the previous text stays in history.
 * The file is read, and the change built, in the file worker. A file with no element
 * does not empty a script that has text unless `allowEmpty` (its importer was asked).
 */
export async function importFountain(info: DocumentInfo, source: string, userId: string, fileName = "", { allowEmpty = false } = {}): Promise<ImportOutcome> {
  if (source.length > MAX_FOUNTAIN_BYTES) return { ok: false, problem: "tooLarge" };
  const stored = await readStoredDocument(info.name);
  const work = await runInWorker({ kind: "import", text: source, state: stored.state, updates: stored.updates, allowEmpty });
  if (!work.ok) return work;
  if (!work.result.ok) return work.result;
  const { update, scenes, warnings } = work.result;
  // What was there is kept as a version first, so the import can always be undone.
  await createVersion(info.name, { label: "before-import", createdById: userId, automatic: true, fold: foldInWorker });
  if (update) await appendUpdates([{ docName: info.name, productionId: info.productionId, authorId: userId, update }]);
  const version = await createVersion(info.name, { label: `import:${fileName.slice(0, 120)}`, createdById: userId, fold: foldInWorker });
  // The tracker's scenes follow (the collaboration server does this after live edits).
  const { syncScenes } = await import("~/features/tracker/tracker.server");
  await syncScenes(info.productionId, scenes);
  return { ok: true, version: version?.number ?? null, warnings };
}

/** How long a file read for an import waits for its importer's confirmation. */
const HELD_FOR_MS = 60 * 60_000;

/** Keep a file read at the preview until its importer confirms (or an hour passes); its id. */
export async function holdImport(productionId: string, userId: string, fileName: string, text: string): Promise<string> {
  await db.scriptImport.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - HELD_FOR_MS) } } });
  // One plain statement: the text is up to a megabyte, and this runs on the request thread.
  const id = randomUUID().replaceAll("-", "");
  await db.$executeRaw`INSERT INTO "ScriptImport" (id, "productionId", "userId", "fileName", text) VALUES (${id}, ${productionId}, ${userId}, ${fileName}, ${text})`;
  return id;
}

/** The file this person read for this production's import, if it is still held. */
export async function heldImport(id: string, productionId: string, userId: string) {
  return db.scriptImport.findFirst({ where: { id, productionId, userId, createdAt: { gte: new Date(Date.now() - HELD_FOR_MS) } } });
}

export async function dropHeldImport(id: string) {
  await db.scriptImport.deleteMany({ where: { id } });
}

// ─── drafts ────────────────────────────────────────────────────────────────

export async function listDrafts(productionId: string) {
  return db.scriptDraft.findMany({
    where: { productionId },
    orderBy: { number: "desc" },
    select: { number: true, name: true, colour: true, versionNumber: true, createdAt: true, createdBy: { select: { handle: true, displayName: true } } },
  });
}

export async function getDraft(productionId: string, number: number) {
  return db.scriptDraft.findUnique({ where: { productionId_number: { productionId, number } } });
}

/** Freeze the script as it is now under a name and a revision colour. */
export async function freezeDraft(info: DocumentInfo, input: { name: string; colour: RevisionColour }, userId: string) {
  return db.$transaction(
    async (tx) => {
      // writeVersion locks the document's row: two producers freezing at once get 1 and 2.
      const version = await writeVersion(tx, info.name, { label: `draft:${input.name}`, createdById: userId });
      const last = await tx.scriptDraft.findFirst({ where: { productionId: info.productionId }, orderBy: { number: "desc" }, select: { number: true } });
      return tx.scriptDraft.create({
        data: { productionId: info.productionId, number: (last?.number ?? 0) + 1, name: input.name, colour: input.colour, versionNumber: version!.number, createdById: userId },
        select: { number: true },
      });
    },
    { timeout: 60_000 },
  );
}

/** A draft's text, and the text of the draft before it (what its revision marks compare with). */
export async function draftScripts(info: DocumentInfo, number: number) {
  const draft = await getDraft(info.productionId, number);
  if (!draft) return null;
  const previous = await db.scriptDraft.findFirst({ where: { productionId: info.productionId, number: { lt: number } }, orderBy: { number: "desc" } });
  const [script, before] = await Promise.all([versionScript(info.name, draft.versionNumber), previous ? versionScript(info.name, previous.versionNumber) : null]);
  return { draft, previous, script: script ?? { titlePage: [], elements: [] }, before };
}

// ─── comments ──────────────────────────────────────────────────────────────

const author = { select: { id: true, handle: true, displayName: true } } as const;

/** Threads on the script, open ones first; hidden comments keep their place, not their text. */
export async function commentThreads(productionId: string) {
  const threads = await db.scriptComment.findMany({
    where: { productionId, parentId: null },
    orderBy: [{ resolvedAt: { sort: "desc", nulls: "first" } }, { createdAt: "asc" }],
    take: 500,
    select: {
      id: true,
      anchorStart: true,
      anchorEnd: true,
      quote: true,
      body: true,
      hiddenAt: true,
      resolvedAt: true,
      createdAt: true,
      author,
      resolvedBy: { select: { displayName: true } },
      replies: { orderBy: { createdAt: "asc" }, select: { id: true, body: true, hiddenAt: true, createdAt: true, author } },
    },
  });
  const shown = <T extends { body: string; hiddenAt: Date | null }>(c: T) => ({ ...c, body: c.hiddenAt ? "" : c.body });
  return threads.map((t) => ({ ...shown(t), quote: t.hiddenAt ? "" : t.quote, replies: t.replies.map(shown) }));
}

export async function addComment(productionId: string, authorId: string, input: { body: string; quote?: string; anchorStart?: string; anchorEnd?: string; parentId?: string }) {
  // A form sends missing fields as "".
  const parentId = input.parentId || null;
  if (parentId) {
    // Replies go one level deep, under a thread of the same production.
    const parent = await db.scriptComment.findFirst({ where: { id: parentId, productionId, parentId: null }, select: { id: true } });
    if (!parent) return null;
  }
  const created = await db.scriptComment.create({
    data: {
      productionId,
      authorId,
      body: input.body,
      parentId,
      quote: parentId ? "" : (input.quote ?? ""),
      anchorStart: parentId ? null : input.anchorStart || null,
      anchorEnd: parentId ? null : input.anchorEnd || null,
    },
    select: { id: true },
  });
  // Everyone with the script open sees it without reloading (decision 0027).
  await announceComments(scriptDocName(productionId));
  return created;
}

export async function getComment(productionId: string, id: string) {
  return db.scriptComment.findFirst({ where: { id, productionId }, select: { id: true, authorId: true, parentId: true, resolvedAt: true } });
}

export async function setResolved(id: string, userId: string, resolved: boolean) {
  const { productionId } = await db.scriptComment.update({
    where: { id },
    data: resolved ? { resolvedAt: new Date(), resolvedById: userId } : { resolvedAt: null, resolvedById: null },
    select: { productionId: true },
  });
  await announceComments(scriptDocName(productionId));
}

export async function hideComment(id: string) {
  const { productionId } = await db.scriptComment.update({ where: { id }, data: { hiddenAt: new Date() }, select: { productionId: true } });
  await announceComments(scriptDocName(productionId));
}

/**
 * The text an export asks for: `?draft=N` (with the draft before it, for revision marks),
 * `?version=N`, or the live script. Throws 404 for a draft or version that does not exist.
 */
export async function requestedScript(info: DocumentInfo, url: URL) {
  const draftNumber = url.searchParams.get("draft");
  if (draftNumber !== null) {
    const found = /^\d{1,6}$/.test(draftNumber) ? await draftScripts(info, Number(draftNumber)) : null;
    if (!found) notFound();
    return { script: found.script, before: found.before, draft: found.draft, version: found.draft.versionNumber };
  }
  const versionNumber = url.searchParams.get("version");
  if (versionNumber !== null) {
    const script = /^\d{1,9}$/.test(versionNumber) ? await versionScript(info.name, Number(versionNumber)) : null;
    if (!script) notFound();
    return { script, before: null, draft: null, version: Number(versionNumber) };
  }
  return { script: await currentScript(info.name), before: null, draft: null, version: null };
}

/** A file name from the production's address (already a slug: letters, digits, dashes). */
export function exportName(slug: string, suffix: { version: number | null; draft: { number: number } | null }, ext: string) {
  const tag = suffix.draft ? `-draft-${suffix.draft.number}` : suffix.version ? `-v${suffix.version}` : "";
  return `${slug.replace(/[^a-z0-9-]/g, "")}${tag}.${ext}`;
}

/**
 * The scenes a wiki page's character appears in (by cue name) or that take place at its
 * location (heading's location containing the title); null for other pages.
 */
export async function scenesFor(productionId: string, page: { title: string; category: string }) {
  if (page.category !== "character" && page.category !== "location") return null;
  const script = await currentScript(scriptDocName(productionId));
  const report = scriptReport(script);
  const name = page.title.trim().toUpperCase();
  const scenes =
    page.category === "character"
      ? report.scenes.filter((s) => s.characters.some((c) => c.toUpperCase() === name))
      : report.scenes.filter((s) => s.location.toUpperCase().includes(name));
  return scenes.map((s) => ({ number: s.number, heading: s.heading }));
}
