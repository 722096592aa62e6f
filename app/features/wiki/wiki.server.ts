// The community wiki in PostgreSQL: pages (their text lives in the live document
// wiki:<id>), categories, links and what links here, old addresses of renamed pages,
// full-text search in English and French, recent changes and the talk pages.
import { blocksOf } from "~/features/collab/content";
import { docNameFor } from "~/features/collab/doc-name";
import { createVersion, loadDocument, resolveDocument, restoreVersion } from "~/features/collab/store.server";
import { announceAccessChange } from "~/lib/access.server";
import type { Viewer } from "~/lib/context";
import { db } from "~/lib/db.server";
import { productionRead } from "~/features/productions/production-read.server";
import { notFound } from "~/lib/http.server";
import type { Resource } from "~/lib/policy";
import { linksIn, readableLine, wikiSlug } from "./links";

export const defaultCategories = ["character", "location", "prop", "costume", "lore", "research", "note"] as const;
/** Addresses the wiki's own pages use. */
const reservedSlugs = new Set(["new", "changes", "changes-atom", "search", "images"]);

export const wikiDocName = (pageId: string) => docNameFor("wiki", pageId);

export async function categoriesOf(productionId: string) {
  const custom = await db.wikiCategory.findMany({ where: { productionId }, orderBy: { name: "asc" }, select: { key: true, name: true } });
  return { defaults: [...defaultCategories], custom };
}

export async function addCategory(productionId: string, name: string) {
  const key = wikiSlug(name);
  if (!key || (defaultCategories as readonly string[]).includes(key)) return null;
  await db.wikiCategory.upsert({ where: { productionId_key: { productionId, key } }, create: { productionId, key, name }, update: { name } });
  return key;
}

async function productionWithRole(slug: string, viewer: Pick<Viewer, "id"> | null) {
  const read = (await productionRead(slug, viewer?.id)) ?? notFound();
  const { row: production, role } = read;
  return { production: { id: production.id, slug: production.slug, title: production.title, licence: production.licence }, role };
}

export async function wikiOf(slug: string, viewer: Pick<Viewer, "id"> | null) {
  return productionWithRole(slug, viewer);
}

/**
 * A page by its address, or by an old address (then `movedTo` names the current one),
 * with what the policy needs about the person asking.
 */
export async function pageFor(slug: string, pageSlug: string, viewer: Pick<Viewer, "id"> | null) {
  const { production, role } = await productionWithRole(slug, viewer);
  let page = await db.wikiPage.findUnique({ where: { productionId_slug: { productionId: production.id, slug: pageSlug } } });
  let movedTo: string | null = null;
  if (!page) {
    const alias = await db.wikiAlias.findUnique({ where: { productionId_slug: { productionId: production.id, slug: pageSlug } }, include: { page: true } });
    if (!alias) notFound();
    page = alias.page;
    movedTo = page.slug;
  }
  const resource: Resource = { type: "document", kind: "wiki", role, membersEditScript: false, wikiProtected: page.protected };
  return { production, page, role, resource, movedTo };
}

export type NewPage = { title: string; category: string };

export async function createPage(productionId: string, userId: string, input: NewPage) {
  const slug = wikiSlug(input.title);
  if (!slug || reservedSlugs.has(slug)) return { ok: false as const, problem: "wiki.form.titleInvalid" as const };
  const taken = await db.wikiAlias.findUnique({ where: { productionId_slug: { productionId, slug } } });
  if (taken) return { ok: false as const, problem: "wiki.form.titleTaken" as const };
  try {
    const page = await db.wikiPage.create({ data: { productionId, slug, title: input.title, category: input.category, createdById: userId } });
    await resolveDocument(wikiDocName(page.id));
    await reindexPage(page.id);
    return { ok: true as const, page };
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return { ok: false as const, problem: "wiki.form.titleTaken" as const };
    throw e;
  }
}

/** Rename: the old address stays as an alias, so links to it keep working. */
export async function renamePage(pageId: string, title: string) {
  const page = await db.wikiPage.findUniqueOrThrow({ where: { id: pageId } });
  const slug = wikiSlug(title);
  if (!slug || reservedSlugs.has(slug)) return { ok: false as const, problem: "wiki.form.titleInvalid" as const };
  if (slug === page.slug) {
    await db.wikiPage.update({ where: { id: pageId }, data: { title } });
    return { ok: true as const, slug };
  }
  const clash = await db.wikiPage.findUnique({ where: { productionId_slug: { productionId: page.productionId, slug } } });
  const aliasClash = await db.wikiAlias.findUnique({ where: { productionId_slug: { productionId: page.productionId, slug } } });
  if (clash || (aliasClash && aliasClash.pageId !== pageId)) return { ok: false as const, problem: "wiki.form.titleTaken" as const };
  await db.$transaction([
    db.wikiAlias.deleteMany({ where: { productionId: page.productionId, slug } }),
    db.wikiPage.update({ where: { id: pageId }, data: { title, slug } }),
    db.wikiAlias.create({ data: { productionId: page.productionId, slug: page.slug, pageId } }),
  ]);
  await reindexPage(pageId);
  return { ok: true as const, slug };
}

export async function updatePageFacts(pageId: string, facts: { category?: string; protected?: boolean }) {
  const before = await db.wikiPage.findUniqueOrThrow({ where: { id: pageId }, select: { protected: true } });
  const page = await db.wikiPage.update({ where: { id: pageId }, data: facts });
  // Writers already connected keep the rights they were admitted with until told.
  if (before.protected !== page.protected) await announceAccessChange({ editing: wikiDocName(pageId) });
  return page;
}

/**
 * Read the page's text from its document and keep what depends on it: its links,
 * its readable text and search stems (English and French), its last change. Runs after live edits.
 */
export async function reindexPage(pageId: string, { touch = true } = {}) {
  const page = await db.wikiPage.findUnique({ where: { id: pageId }, select: { id: true } });
  if (!page) return;
  const { doc } = await loadDocument(wikiDocName(pageId));
  const blocks = blocksOf(doc);
  doc.destroy();
  const slugs = linksIn(blocks.map((b) => b.text).join("\n"));
  // What is searched and quoted in results is what readers read: links by their label,
  // no brackets, and no images' alt text.
  const body = blocks
    .filter((b) => b.type !== "image")
    .map((b) => readableLine(b.text))
    .join("\n");
  await db.$transaction([
    db.$executeRaw`
      UPDATE "WikiPage" SET
        body = ${body},
        search = setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('french', title), 'A')
              || setweight(to_tsvector('english', ${body}), 'B') || setweight(to_tsvector('french', ${body}), 'B'),
        "updatedAt" = CASE WHEN ${touch} THEN now() ELSE "updatedAt" END
      WHERE id = ${pageId}`,
    db.wikiLink.deleteMany({ where: { fromId: pageId, toSlug: { notIn: slugs } } }),
    db.wikiLink.createMany({ data: slugs.map((toSlug) => ({ fromId: pageId, toSlug })), skipDuplicates: true }),
  ]);
}

/**
 * Pages indexed before search quoted the text as read (decision 0042) still hold their
 * links' brackets: indexed again once, at start, without counting as a change. Returns how
 * many were. A page whose text has "[[" of its own is read again at each start; that is all.
 */
export async function reindexBracketedPages(): Promise<number> {
  const pages = await db.$queryRaw<{ id: string }[]>`SELECT id FROM "WikiPage" WHERE strpos(body, '[[') > 0`;
  for (const page of pages) await reindexPage(page.id, { touch: false });
  return pages.length;
}

/** Pages whose text links to this one, by its address or an old one. */
export async function backlinksOf(page: { id: string; productionId: string; slug: string }) {
  const aliases = await db.wikiAlias.findMany({ where: { pageId: page.id }, select: { slug: true } });
  return db.wikiPage.findMany({
    where: { productionId: page.productionId, id: { not: page.id }, links: { some: { toSlug: { in: [page.slug, ...aliases.map((a) => a.slug)] } } } },
    orderBy: { title: "asc" },
    select: { slug: true, title: true },
  });
}

/** Which of these addresses are pages (or old addresses of pages) of the production. */
export async function existingSlugs(productionId: string, slugs: string[]): Promise<Set<string>> {
  if (!slugs.length) return new Set();
  const [pages, aliases] = await Promise.all([
    db.wikiPage.findMany({ where: { productionId, slug: { in: slugs } }, select: { slug: true } }),
    db.wikiAlias.findMany({ where: { productionId, slug: { in: slugs } }, select: { slug: true } }),
  ]);
  return new Set([...pages, ...aliases].map((p) => p.slug));
}

/** The pages of each category, alphabetically, at most `perCategory` each (a wiki grows to thousands). */
export async function pagesByCategory(productionId: string, perCategory = 60) {
  const counts = await db.wikiPage.groupBy({ by: ["category"], where: { productionId }, _count: { _all: true } });
  const lists = await Promise.all(
    counts.map((c) =>
      db.wikiPage.findMany({ where: { productionId, category: c.category }, orderBy: { title: "asc" }, take: perCategory, select: { slug: true, title: true, category: true } }),
    ),
  );
  return counts.map((c, i) => ({ category: c.category, count: c._count._all, pages: lists[i]! }));
}

export async function pagesInCategory(productionId: string, category: string) {
  return db.wikiPage.findMany({ where: { productionId, category }, orderBy: { title: "asc" }, take: 2000, select: { slug: true, title: true, category: true } });
}

/**
 * Pages to offer while a link is typed: titles starting with what was typed first
 * (alphabetically), then pages whose text matches it, at most `take`.
 */
export async function suggestPages(productionId: string, q: string, take = 8): Promise<{ slug: string; title: string }[]> {
  const query = q.trim().slice(0, 120);
  const byTitle = await db.wikiPage.findMany({
    where: { productionId, title: { startsWith: query, mode: "insensitive" } },
    orderBy: { title: "asc" },
    take,
    select: { slug: true, title: true },
  });
  if (!query || byTitle.length >= take) return byTitle;
  const byText = await db.$queryRaw<{ slug: string; title: string }[]>`
    WITH q AS (SELECT websearch_to_tsquery('english', ${query}) || websearch_to_tsquery('french', ${query}) AS query)
    SELECT p.slug, p.title FROM "WikiPage" p, q
     WHERE p."productionId" = ${productionId} AND p.search @@ q.query
     ORDER BY ts_rank(p.search, q.query) DESC, p.title
     LIMIT ${take}`;
  const seen = new Set(byTitle.map((p) => p.slug));
  return [...byTitle, ...byText.filter((p) => !seen.has(p.slug))].slice(0, take);
}

export type SearchHit = { slug: string; title: string; category: string; snippet: string };

/**
 * Full-text search across a production's pages, ranked, in English and French stems
 * (so "personnages" finds "personnage"), with highlighted snippets; titles also match by
 * prefix. Snippets mark matches with U+E000/U+E001, never HTML: the page turns them
 * into <mark> elements.
 */
export async function searchPages(productionId: string, q: string, take = 30): Promise<SearchHit[]> {
  const query = q.trim().slice(0, 200);
  if (!query) return [];
  const prefix = `${query.replace(/[%_\\]/g, "\\$&")}%`;
  return db.$queryRaw<SearchHit[]>`
    WITH q AS (SELECT websearch_to_tsquery('english', ${query}) || websearch_to_tsquery('french', ${query}) AS query),
    h AS (SELECT 'StartSel=' || chr(57344) || ', StopSel=' || chr(57345) || ', MaxWords=30, MinWords=10, MaxFragments=2' AS options),
    hits AS (
      SELECT p.id, p.slug, p.title, p.category, p.body, (p.title ILIKE ${prefix}) AS by_title, ts_rank(p.search, q.query) AS rank
        FROM "WikiPage" p, q
       WHERE p."productionId" = ${productionId} AND (p.search @@ q.query OR p.title ILIKE ${prefix})
       ORDER BY by_title DESC, rank DESC, p.title
       LIMIT ${take}
    )
    -- Snippets only for the pages shown, in whichever language's stems found the words.
    SELECT hits.slug, hits.title, hits.category,
           CASE WHEN position(chr(57344) IN ts_headline('english', hits.body, q.query, h.options)) > 0
                THEN ts_headline('english', hits.body, q.query, h.options)
                ELSE ts_headline('french', hits.body, q.query, h.options) END AS snippet
      FROM hits, q, h
     ORDER BY hits.by_title DESC, hits.rank DESC, hits.title`;
}

export type ChangeFilters = { page?: string; person?: string; category?: string };

/** Recent changes: the versions of the production's pages, newest first, with who edited. */
export async function recentChanges(productionId: string, filters: ChangeFilters = {}, take = 50) {
  const person = filters.person ? await db.user.findUnique({ where: { handle: filters.person }, select: { id: true } }) : null;
  if (filters.person && !person) return [];
  let only: string[] | undefined;
  if (filters.page || filters.category) {
    const pages = await db.wikiPage.findMany({
      where: { productionId, ...(filters.page ? { slug: filters.page } : {}), ...(filters.category ? { category: filters.category } : {}) },
      select: { id: true },
    });
    only = pages.map((p) => wikiDocName(p.id));
    if (!only.length) return [];
  }
  // Newest first along the (production, time) index, keeping the wiki's documents.
  const versions = await db.documentVersion.findMany({
    where: { productionId, docName: { startsWith: "wiki:" }, ...(only ? { docName: { in: only } } : {}), ...(person ? { editors: { has: person.id } } : {}) },
    orderBy: { createdAt: "desc" },
    take,
    select: { docName: true, number: true, label: true, editors: true, createdAt: true },
  });
  const ids = [...new Set(versions.map((v) => v.docName.slice("wiki:".length)))];
  const [pages, people] = await Promise.all([
    db.wikiPage.findMany({ where: { id: { in: ids } }, select: { id: true, slug: true, title: true, category: true } }),
    db.user.findMany({ where: { id: { in: [...new Set(versions.flatMap((v) => v.editors))] } }, select: { id: true, handle: true, displayName: true } }),
  ]);
  const byDoc = new Map(pages.map((p) => [wikiDocName(p.id), p]));
  const byId = new Map(people.map((u) => [u.id, u]));
  return versions.flatMap((v) => {
    const page = byDoc.get(v.docName);
    return page ? [{ page, number: v.number, label: v.label, at: v.createdAt, editors: v.editors.map((id) => byId.get(id)).filter((p) => p !== undefined) }] : [];
  });
}

export async function addTalkComment(pageId: string, authorId: string, body: string, parentId: string | null) {
  if (parentId) {
    const parent = await db.wikiComment.findUnique({ where: { id: parentId }, select: { pageId: true, parentId: true } });
    if (!parent || parent.pageId !== pageId) return null;
    parentId = parent.parentId ?? parentId;
  }
  return (await db.wikiComment.create({ data: { pageId, authorId, body, parentId }, select: { id: true } })).id;
}

export async function hideTalkComment(pageId: string, commentId: string) {
  return db.wikiComment.updateMany({ where: { id: commentId, pageId }, data: { hiddenAt: new Date() } });
}

export async function talkOf(pageId: string) {
  const comments = await db.wikiComment.findMany({
    where: { pageId },
    orderBy: { createdAt: "asc" },
    select: { id: true, parentId: true, body: true, hiddenAt: true, createdAt: true, author: { select: { handle: true, displayName: true } } },
  });
  const threads = comments.filter((c) => c.parentId === null).map((c) => ({ ...c, replies: [] as typeof comments }));
  const byId = new Map(threads.map((t) => [t.id, t]));
  for (const c of comments) if (c.parentId) byId.get(c.parentId)?.replies.push(c);
  // A hidden comment keeps its place in the thread, not its words.
  const scrub = <T extends { hiddenAt: Date | null; body: string }>(c: T) => (c.hiddenAt ? { ...c, body: "" } : c);
  return threads.map((t) => ({ ...scrub(t), replies: t.replies.map(scrub) }));
}

/**
 * Moderation: undo everything a person wrote in the production's wiki since `since`, in
 * one step. Each page they touched gets back its last version from before `since`, as a
 * new change by the moderator (history keeps the vandalism and its reversal). Returns
 * the pages restored.
 */
export async function revertEditsBy(productionId: string, personId: string, since: Date, moderatorId: string): Promise<string[]> {
  const pages = await db.wikiPage.findMany({ where: { productionId }, select: { id: true, slug: true } });
  const names = new Map(pages.map((p) => [wikiDocName(p.id), p]));
  if (!names.size) return [];
  const [updates, versions] = await Promise.all([
    db.documentUpdate.findMany({ where: { docName: { in: [...names.keys()] }, authorId: personId, createdAt: { gte: since } }, distinct: ["docName"], select: { docName: true } }),
    db.documentVersion.findMany({ where: { docName: { in: [...names.keys()] }, editors: { has: personId }, createdAt: { gte: since } }, distinct: ["docName"], select: { docName: true } }),
  ]);
  const touched = [...new Set([...updates, ...versions].map((u) => u.docName))];
  const restored: string[] = [];
  for (const name of touched) {
    const before = await db.documentVersion.findFirst({ where: { docName: name, createdAt: { lt: since } }, orderBy: { number: "desc" }, select: { number: true } });
    const info = await resolveDocument(name);
    if (!before || !info) continue; // a page the person created: nothing earlier to go back to
    await createVersion(name, { automatic: true }); // what the vandal left stays in history
    await restoreVersion(info, before.number, moderatorId);
    await reindexPage(names.get(name)!.id);
    restored.push(names.get(name)!.slug);
  }
  return restored;
}
