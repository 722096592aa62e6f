import type { Editor } from "@tiptap/core";
import { lazy, Suspense, useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { Link, useRevalidator } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/script";
import { colourFor } from "~/features/collab/presence";
import { documentContributors } from "~/features/collab/store.server";
import { SceneList } from "~/features/script/components/scene-list";
import type { SceneEntry } from "~/features/script/components/script-editor";
import { commentsOf, NewThread, ThreadMargin, ThreadMarkers, type CommentAnswer, type Thread } from "~/features/script/components/script-threads";
import { ScriptView } from "~/features/script/components/script-view";
import { scriptReport } from "~/features/script/reports";
import { addComment, commentThreads, currentScript, getComment, hideComment, listDrafts, scriptOf, setResolved } from "~/features/script/script.server";
import { pagesInCategory } from "~/features/wiki/wiki.server";
import { parseForm, requiredText } from "~/lib/forms";
import { authorize, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { useT } from "~/ui/i18n";

// Editor code only for those who write: editors, and members who comment on passages (an
// anchor is a position in the editor). Visitors read the live text without an editor
// (decision 0047).
const ScriptEditor = lazy(() => import("~/features/script/components/script-editor"));
const ScriptLiveView = lazy(() => import("~/features/script/components/script-live-view"));

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, role, info, resource } = await scriptOf(params.slug, viewer);
  authorize(context, request, "read", resource);
  const user = policyUser(viewer);
  const member = can(user, "discuss", { type: "production", role });
  const [script, characters, locations, threads, drafts, contributors] = await Promise.all([
    currentScript(info.name),
    pagesInCategory(production.id, "character"),
    pagesInCategory(production.id, "location"),
    member ? commentThreads(production.id) : [],
    listDrafts(production.id),
    documentContributors(info.name),
  ]);
  const report = scriptReport(script);
  return {
    production: { slug: production.slug, title: production.title },
    docName: info.name,
    script,
    scenes: report.scenes.map((s) => ({ number: s.number, heading: s.heading, element: s.element })),
    pages: report.pages,
    runtimeMinutes: report.runtimeMinutes,
    wikiNames: { characters: characters.map((p) => p.title), locations: locations.map((p) => p.title) },
    threads: threads.map((th) => ({
      ...th,
      may: {
        resolve: can(user, "resolve", { type: "scriptComment", role, own: th.author?.id === viewer?.id }),
        hide: can(user, "hide", { type: "scriptComment", role, own: th.author?.id === viewer?.id }),
      },
    })),
    drafts: drafts.slice(0, 5),
    contributors,
    canEdit: can(user, "edit", resource),
    may: { comment: member, import: can(user, "restore", resource), freeze: can(user, "freezeDraft", { type: "production", role }) },
    user: viewer ? { name: viewer.displayName, color: colourFor(viewer.id) } : null,
    loggedIn: viewer !== null,
  };
}

const commentSchema = z.object({
  body: requiredText(4000),
  quote: z.string().max(500).optional(),
  anchorStart: z.string().max(400).optional(),
  anchorEnd: z.string().max(400).optional(),
  parentId: z.string().max(40).optional(),
});

export async function action({ request, context, params }: Route.ActionArgs): Promise<CommentAnswer> {
  const viewer = requireViewer(context, request);
  const { production, role } = await scriptOf(params.slug, viewer);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (intent === "comment" || intent === "reply") {
    authorize(context, request, "discuss", { type: "production", role });
    const parsed = parseForm(commentSchema, formData, ["body", "quote", "anchorStart", "anchorEnd", "parentId"]);
    if (!parsed.ok) return { ...parsed, intent };
    const created = await addComment(production.id, viewer.id, intent === "reply" ? { body: parsed.data.body, parentId: parsed.data.parentId } : parsed.data);
    if (!created) throw new Response("No such thread", { status: 404 });
    return { ok: true as const, intent, id: created.id };
  }
  if (intent === "resolve" || intent === "reopen" || intent === "hide") {
    const comment = await getComment(production.id, String(formData.get("id") ?? ""));
    if (!comment) throw new Response("No such comment", { status: 404 });
    const resource = { type: "scriptComment" as const, role, own: comment.authorId === viewer.id };
    if (intent === "hide") {
      authorize(context, request, "hide", resource);
      await hideComment(comment.id);
    } else {
      authorize(context, request, "resolve", resource);
      if (comment.parentId) throw new Response("Replies are resolved with their thread", { status: 400 });
      await setResolved(comment.id, viewer.id, intent === "resolve");
    }
    return { ok: true as const, intent };
  }
  throw new Response("Unknown intent", { status: 400 });
}

// Below this width the script takes the whole page (app.css): threads open from markers
// beside their passage instead of sitting in a margin.
const NARROW = "(max-width: 64rem)";

function useNarrow() {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(NARROW);
      query.addEventListener("change", changed);
      return () => query.removeEventListener("change", changed);
    },
    () => window.matchMedia(NARROW).matches,
    () => false,
  );
}

export default function ScriptPage({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { production, script, may } = loaderData;
  const base = `/p/${production.slug}`;
  const mounted = useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );
  const [editor, setEditor] = useState<Editor | null>(null);
  const [liveScenes, setLiveScenes] = useState<SceneEntry[] | null>(null);
  const onScenes = useCallback((s: SceneEntry[]) => setLiveScenes(s), []);
  const sceneIds = new Map(loaderData.scenes.map((s) => [s.element, `scene-${s.number}`]));
  const threads: Thread[] = loaderData.threads.map((th) => ({ ...th, resolved: th.resolvedAt !== null }));
  const view = <ScriptView script={script} sceneIds={sceneIds} emptyText={t("script.empty")} />;

  // Comments are live: the collaboration server says when they change, the loader reads them.
  const revalidator = useRevalidator();
  const revalidate = revalidator.revalidate;
  const onCommentsChanged = useCallback(() => void revalidate(), [revalidate]);
  const narrow = useNarrow();
  const [showResolved, setShowResolved] = useState(false);
  const [openThread, setOpenThread] = useState<string | null>(null);
  const [posted, setPosted] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const shown = threads.filter((th) => showResolved || !th.resolved);
  const resolvedCount = threads.length - threads.filter((th) => !th.resolved).length;

  // A comment just posted is shown where it was made and announced, once it has arrived.
  const postedThread = posted ? threads.find((th) => th.id === posted) : undefined;
  const [focusing, setFocusing] = useState<string | null>(null);
  if (postedThread) {
    setPosted(null);
    const onPassage = editor !== null && commentsOf(editor).rangeOf(editor, postedThread) !== null;
    setAnnouncement(t(onPassage ? "script.commentPosted" : "script.commentPostedWhole"));
    if (narrow && onPassage) setOpenThread(postedThread.id);
    else setFocusing(postedThread.id);
  }
  useEffect(() => {
    if (!focusing) return;
    const card = document.querySelector<HTMLElement>(`[data-testid="threads"] [data-thread-id="${focusing}"]`);
    card?.scrollIntoView({ block: "center" });
    card?.focus({ preventScroll: true });
  }, [focusing]);

  const markers =
    may.comment && narrow && editor ? (
      <ThreadMarkers editor={editor} threads={shown} open={openThread} onOpen={setOpenThread} />
    ) : null;

  return (
    <article className="page page-wide script-page">
      <title>{`${t("script.title")} — ${production.title}`}</title>
      <h1>{t("script.title")}</h1>
      <p className="lead">
        {t("script.summary", {
          pages: t("script.count.pages", { count: loaderData.pages }),
          scenes: t("script.count.scenes", { count: loaderData.scenes.length }),
          runtime: t("script.count.minutes", { count: loaderData.runtimeMinutes }),
        })}
      </p>
      <nav className="actions" aria-label={t("script.tools")}>
        <a href={`${base}/script.pdf`} download>
          {t("script.pdf")}
        </a>
        <a href={`${base}/script.pdf?paper=a4`} download>
          {t("script.pdfA4")}
        </a>
        <a href={`${base}/script.fountain`} download>
          {t("script.fountain")}
        </a>
        <Link to={`${base}/script/reports`}>{t("script.reports")}</Link>
        <Link to={`${base}/script/drafts`}>{t("script.drafts")}</Link>
        <Link to={`${base}/script/history`}>{t("history.title")}</Link>
        <Link to={`${base}/script/writers`}>{t("script.writers")}</Link>
        {may.import ? <Link to={`${base}/script/import`}>{t("script.import")}</Link> : null}
      </nav>
      {loaderData.canEdit ? null : (
        <p className="muted">{loaderData.loggedIn ? t("script.readOnlyMember") : t("script.readOnlyVisitor")}</p>
      )}
      <div className="script-layout">
        <nav className="scene-nav" aria-labelledby="scenes-h">
          <h2 id="scenes-h">{t("script.scenes")}</h2>
          <SceneList scenes={loaderData.scenes} live={liveScenes} editor={editor} />
        </nav>
        <div className="script-main">
          {mounted && !loaderData.canEdit && !may.comment ? (
            <Suspense fallback={view}>
              <ScriptLiveView docName={loaderData.docName} script={script} emptyText={t("script.empty")} onScenes={onScenes} />
            </Suspense>
          ) : mounted ? (
            <Suspense fallback={view}>
              <ScriptEditor
                docName={loaderData.docName}
                user={loaderData.user}
                canEdit={loaderData.canEdit}
                label={t("script.editorLabel")}
                wikiNames={loaderData.wikiNames}
                threads={threads}
                onScenes={onScenes}
                onEditor={setEditor}
                onCommentsChanged={may.comment ? onCommentsChanged : undefined}
                overlay={markers}
              />
            </Suspense>
          ) : (
            view
          )}
        </div>
        {may.comment ? (
          <aside className="script-comments" aria-labelledby="comments-h">
            <h2 id="comments-h">{t("script.comments")}</h2>
            <NewThread editor={editor} onPosted={setPosted} />
            <p role="status" className="comment-status" data-testid="comment-status">
              {announcement}
            </p>
            {resolvedCount ? (
              <p>
                <button type="button" className="button-small button-secondary" aria-pressed={showResolved} onClick={() => setShowResolved(!showResolved)}>
                  {t("script.showResolved", { count: resolvedCount })}
                </button>
              </p>
            ) : null}
            {shown.length ? (
              <ThreadMargin editor={editor} threads={shown} placed={!narrow} />
            ) : threads.length ? null : (
              <p className="muted">{t("script.noComments")}</p>
            )}
          </aside>
        ) : null}
      </div>
      {loaderData.contributors.length ? (
        <section aria-labelledby="contributors-h">
          <h2 id="contributors-h">{t("notes.contributors")}</h2>
          <ul className="plain-list" data-testid="contributors">
            {loaderData.contributors.map((c) => (
              <li key={c.user.handle}>
                <Link to={`/u/${c.user.handle}`}>{c.user.displayName}</Link> — {t("notes.contribution", { written: t("notes.written", { count: c.inserted }), removed: t("notes.removed", { count: c.deleted }) })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

