// "What is happening" on a production's home: the whole story, read from the tables each
// feature already keeps (its own events, polls, decision events, wiki versions, script
// drafts, releases) as one list, newest first, filtered by family, a page at a time.
import { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { STORY_PAGE, type StoryFamily } from "./story";

export type StoryItem = {
  id: string;
  kind: string;
  createdAt: Date;
  data: { subject?: string; role?: string; from?: string; to?: string; href?: string };
  actor: { handle: string; displayName: string } | null;
};

type Row = { id: string; kind: string; at: Date; data: StoryItem["data"] | null; handle: string | null; displayName: string | null };

export async function productionStory(production: { id: string; slug: string }, query: { kind?: StoryFamily; page: number }, now = new Date()) {
  const p = production.id;
  // Links are made from our own slugs and numbers, never from the request.
  const base = `/p/${encodeURIComponent(production.slug)}`;
  const family = query.kind ?? null;
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT s.id, s.kind, s.at, s.data, u.handle, u."displayName"
    FROM (
      SELECT e.id, e.kind, e."createdAt" AS at, e."actorId",
             CASE WHEN e.kind LIKE 'task.%' AND e.data ? 'number'
                  THEN e.data || jsonb_build_object('href', ${base} || '/tracker/tasks/' || (e.data->>'number'))
                  ELSE e.data END AS data,
             CASE split_part(e.kind, '.', 1) WHEN 'member' THEN 'members' WHEN 'task' THEN 'tasks' WHEN 'release' THEN 'releases' ELSE 'production' END AS family
        FROM "ProductionEvent" e WHERE e."productionId" = ${p}
      UNION ALL
      SELECT 'po-' || q.id, 'poll.opened', q."opensAt", q."createdById",
             jsonb_build_object('subject', q.question, 'href', ${base} || '/polls/' || q.id), 'polls'
        FROM "Poll" q WHERE q."productionId" = ${p} AND q."opensAt" <= ${now}
      UNION ALL
      SELECT 'pc-' || q.id, 'poll.closed', q."closedAt", NULL,
             jsonb_build_object('subject', q.question, 'href', ${base} || '/polls/' || q.id), 'polls'
        FROM "Poll" q WHERE q."productionId" = ${p} AND q."closedAt" IS NOT NULL
      UNION ALL
      SELECT de.id, 'decision.' || de.kind, de.at, de."actorId",
             jsonb_build_object('subject', 'D-' || d.number || ' ' || d.title, 'href', ${base} || '/decisions/' || d.number), 'decisions'
        FROM "DecisionEvent" de JOIN "Decision" d ON d.id = de."decisionId"
       WHERE d."productionId" = ${p} AND de.kind IN ('proposed', 'accepted', 'rejected')
      UNION ALL
      SELECT v.id, 'wiki.edited', v."createdAt", COALESCE(v."createdById", v.editors[1]),
             jsonb_build_object('subject', w.title, 'href', ${base} || '/wiki/' || w.slug), 'wiki'
        FROM "DocumentVersion" v JOIN "WikiPage" w ON v."docName" = 'wiki:' || w.id
       WHERE v."productionId" = ${p} AND w."productionId" = ${p}
      UNION ALL
      SELECT sd.id, 'script.draft', sd."createdAt", sd."createdById",
             jsonb_build_object('subject', sd.name, 'href', ${base} || '/script/drafts'), 'script'
        FROM "ScriptDraft" sd WHERE sd."productionId" = ${p}
      UNION ALL
      SELECT 'ro-' || r.id, 'release.out', r."publishAt", NULL,
             jsonb_build_object('subject', r.title, 'href', ${base} || '/releases/' || r.slug), 'releases'
        FROM "Release" r WHERE r."productionId" = ${p} AND r."publishAt" <= ${now}
    ) s LEFT JOIN "User" u ON u.id = s."actorId"
    WHERE ${family}::text IS NULL OR s.family = ${family}
    ORDER BY s.at DESC, s.id DESC
    LIMIT ${STORY_PAGE + 1} OFFSET ${(query.page - 1) * STORY_PAGE}`);
  const items: StoryItem[] = rows.slice(0, STORY_PAGE).map((r) => ({
    id: r.id,
    kind: r.kind,
    createdAt: r.at,
    data: r.data ?? {},
    actor: r.handle && r.displayName ? { handle: r.handle, displayName: r.displayName } : null,
  }));
  return { items, kind: query.kind ?? null, page: query.page, more: rows.length > STORY_PAGE };
}
