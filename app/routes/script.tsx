import type { Editor } from "@tiptap/core";
import { lazy, Suspense, useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { Link, useFetcher, useRevalidator } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/script";
import { colourFor } from "~/features/collab/presence";
import { documentContributors } from "~/features/collab/store.server";
import type { CommentTools } from "~/features/script/components/script-comments";
import type { SceneEntry } from "~/features/script/components/script-editor";
import { ScriptView } from "~/features/script/components/script-view";
import { stackInMargin } from "~/features/script/margin";
import { scriptReport } from "~/features/script/reports";
import { addComment, commentThreads, currentScript, getComment, hideComment, listDrafts, scriptOf, setResolved } from "~/features/script/script.server";
import { pagesInCategory } from "~/features/wiki/wiki.server";
import { parseForm, requiredText } from "~/lib/forms";
import { authorize, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { FormAlert } from "~/ui/form";
import { useLocale, useT } from "~/ui/i18n";

// Editor code only for those who write: editors, and members who comment on passages (an
// anchor is a position in the editor). Visitors read the live text without an editor
// (decision 0047).
const ScriptEditor = lazy(() => import("~/features/script/components/script-editor"));
const ScriptLiveView = lazy(() => import("~/features/script/components/script-live-view"));

/** The comments' anchors, from the editor that has them (its storage). */
const commentsOf = (editor: Editor): CommentTools => editor.storage.screenplayComments;

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

export async function action({ request, context, params }: Route.ActionArgs) {
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

type Thread = Route.ComponentProps["loaderData"]["threads"][number] & { resolved: boolean };

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

/**
 * Calls `place` now, after the script or the sizes change (a moment after typing stops:
 * never on the keystroke), and on resizing.
 */
function usePlacement(editor: Editor | null, observed: () => Element[], place: () => void, deps: unknown[]) {
  useEffect(() => {
    if (!editor) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(place, 200);
    };
    const onTransaction = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (transaction.docChanged) later();
    };
    place();
    editor.on("transaction", onTransaction);
    // Scene blocks off screen have an estimated height until shown; cards grow when opened.
    const resized = new ResizeObserver(later);
    resized.observe(editor.view.dom);
    for (const el of observed()) resized.observe(el);
    return () => {
      clearTimeout(timer);
      editor.off("transaction", onTransaction);
      resized.disconnect();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor, ...deps]);
}

/** Where a thread's passage starts (or ends), relative to a box, or null when it is gone. */
function passageTop(editor: Editor, thread: Thread, box: DOMRect, end = false): number | null {
  const range = commentsOf(editor).rangeOf(editor, thread);
  if (!range) return null;
  try {
    return end ? editor.view.coordsAtPos(range.to).bottom - box.top : editor.view.coordsAtPos(range.from).top - box.top;
  } catch {
    return null;
  }
}

/** The threads, each beside its passage in the margin (or as a list, on narrow screens). */
function ThreadMargin({ editor, threads, placed }: { editor: Editor | null; threads: Thread[]; placed: boolean }) {
  const list = useRef<HTMLUListElement>(null);
  const place = () => {
    const ul = list.current;
    if (!ul) return;
    const items = [...ul.children] as HTMLElement[];
    if (!placed || !editor) {
      ul.style.height = "";
      for (const li of items) li.style.top = "";
      return;
    }
    const box = ul.getBoundingClientRect();
    const byId = new Map(threads.map((th) => [th.id, th]));
    const { tops, height } = stackInMargin(
      items.map((li) => {
        const thread = byId.get(li.dataset.threadId ?? "");
        return { id: li.dataset.threadId ?? "", anchorTop: thread ? passageTop(editor, thread, box) : null, height: li.offsetHeight };
      }),
      8,
    );
    ul.style.height = `${height}px`;
    for (const li of items) li.style.top = `${tops.get(li.dataset.threadId ?? "") ?? 0}px`;
  };
  usePlacement(editor, () => [...(list.current?.children ?? [])], place, [threads, placed]);
  return (
    <ul className={`plain-list threads${placed ? " threads-in-margin" : ""}`} data-testid="threads" ref={list}>
      {threads.map((th) => (
        <li key={th.id} data-thread-id={th.id} tabIndex={-1} className={`thread${th.resolved ? " thread-resolved" : ""}`}>
          <ThreadView thread={th} editor={editor} idPrefix="margin-" />
        </li>
      ))}
    </ul>
  );
}

/** On narrow screens: a marker beside each passage, opening its thread there. */
function ThreadMarkers({ editor, threads, open, onOpen }: { editor: Editor; threads: Thread[]; open: string | null; onOpen(id: string | null): void }) {
  const t = useT();
  const layer = useRef<HTMLDivElement>(null);
  const [tops, setTops] = useState<Map<string, number>>(new Map());
  // An open thread goes under its whole passage, not over it.
  const [below, setBelow] = useState<number | null>(null);
  const place = () => {
    const frame = layer.current?.parentElement;
    if (!frame) return;
    const box = frame.getBoundingClientRect();
    const next = new Map<string, number>();
    for (const th of threads) {
      const top = passageTop(editor, th, box);
      if (top !== null) next.set(th.id, top);
    }
    // Markers of passages on the same line sit one under the other.
    const { tops: stacked } = stackInMargin(
      [...next].map(([id, top]) => ({ id, anchorTop: top, height: 36 })),
      4,
    );
    setTops((before) => (sameTops(before, stacked) ? before : stacked));
    const opened = open ? threads.find((th) => th.id === open) : undefined;
    setBelow(opened ? passageTop(editor, opened, box, true) : null);
  };
  usePlacement(editor, () => [], place, [threads, open]);
  const opened = open ? threads.find((th) => th.id === open) : undefined;
  const popover = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (opened) popover.current?.focus();
  }, [opened]);
  const close = (id: string) => {
    onOpen(null);
    layer.current?.querySelector<HTMLElement>(`[data-marker="${id}"]`)?.focus();
  };
  return (
    <div className="thread-markers" ref={layer} data-testid="thread-markers">
      {threads.map((th) => {
        const top = tops.get(th.id);
        if (top === undefined) return null;
        return (
          <button
            key={th.id}
            type="button"
            className={`thread-marker${th.resolved ? " thread-marker-resolved" : ""}`}
            style={{ top }}
            data-marker={th.id}
            aria-expanded={open === th.id}
            aria-controls={open === th.id ? `thread-popover-${th.id}` : undefined}
            onClick={() => onOpen(open === th.id ? null : th.id)}
          >
            <span className="thread-marker-count">{1 + th.replies.length}</span>
            <span className="visually-hidden">
              {" — "}
              {t("script.threadMarker", { name: th.author?.displayName ?? t("script.deletedUser"), quote: th.quote.length > 80 ? `${th.quote.slice(0, 80)}…` : th.quote })}
            </span>
          </button>
        );
      })}
      {opened && tops.has(opened.id) ? (
        <div
          className="thread-popover"
          id={`thread-popover-${opened.id}`}
          role="group"
          aria-label={t("script.comments")}
          data-testid="thread-popover"
          tabIndex={-1}
          ref={popover}
          style={{ top: Math.max((tops.get(opened.id) ?? 0) + 40, (below ?? 0) + 6) }}
          onKeyDown={(e) => {
            if (e.key === "Escape") close(opened.id);
          }}
        >
          <div className={`thread${opened.resolved ? " thread-resolved" : ""}`}>
            <ThreadView thread={opened} editor={editor} idPrefix="popover-" />
          </div>
          <p className="actions">
            <button type="button" className="button-small button-secondary" onClick={() => close(opened.id)}>
              {t("script.closeThread")}
            </button>
          </p>
        </div>
      ) : null}
    </div>
  );
}

function sameTops(a: Map<string, number>, b: Map<string, number>) {
  return a.size === b.size && [...a].every(([id, top]) => Math.abs((b.get(id) ?? -1e9) - top) < 1);
}

function SceneList({ scenes, live, editor }: { scenes: { number: string; heading: string }[]; live: SceneEntry[] | null; editor: Editor | null }) {
  const t = useT();
  const list = live ?? scenes.map((s) => ({ ...s, pos: -1 }));
  if (!list.length) return <p className="muted">{t("script.noScenes")}</p>;
  return (
    <ol className="plain-list scene-list" data-testid="scene-list">
      {list.map((s, i) => (
        <li key={`${s.number}-${i}`}>
          {editor && s.pos >= 0 ? (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                editor.chain().setTextSelection(s.pos + 1).scrollIntoView().focus().run();
                editor.view.domAtPos(s.pos + 1).node.parentElement?.scrollIntoView({ block: "center" });
              }}
            >
              <span className="scene-number">{s.number}</span> {s.heading}
            </button>
          ) : (
            <a href={`#scene-${s.number}`}>
              <span className="scene-number">{s.number}</span> {s.heading}
            </a>
          )}
        </li>
      ))}
    </ol>
  );
}

function NewThread({ editor, onPosted }: { editor: Editor | null; onPosted(id: string): void }) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const [anchor, setAnchor] = useState<ReturnType<CommentTools["anchorOfSelection"]>>(null);
  const [open, setOpen] = useState(false);
  const [noSelection, setNoSelection] = useState(false);
  const failed = fetcher.data && !fetcher.data.ok ? fetcher.data : undefined;
  // Each answer is handled once (a form opened again must not close on the last one's).
  const [answered, setAnswered] = useState(fetcher.data);
  const [postedId, setPostedId] = useState<string | null>(null);
  if (fetcher.state === "idle" && fetcher.data !== answered) {
    setAnswered(fetcher.data);
    const id = fetcher.data?.ok && "id" in fetcher.data ? fetcher.data.id : undefined;
    if (id) {
      setOpen(false);
      setAnchor(null);
      setPostedId(id);
    }
  }
  useEffect(() => {
    if (postedId) onPosted(postedId);
  }, [postedId, onPosted]);
  if (!open) {
    return (
      <p>
        <button
          type="button"
          className="button-small"
          onClick={() => {
            const a = editor ? commentsOf(editor).anchorOfSelection(editor) : null;
            setNoSelection(!a);
            setAnchor(a);
            setOpen(true);
          }}
        >
          {t("script.commentSelection")}
        </button>
      </p>
    );
  }
  return (
    <fetcher.Form method="post" className="stack" data-testid="new-thread">
      <input type="hidden" name="intent" value="comment" />
      {anchor ? (
        <>
          <input type="hidden" name="anchorStart" value={anchor.anchorStart} />
          <input type="hidden" name="anchorEnd" value={anchor.anchorEnd} />
          <input type="hidden" name="quote" value={anchor.quote} />
          <blockquote className="quote">{anchor.quote}</blockquote>
        </>
      ) : noSelection ? (
        <p className="help">{t("script.commentWholeScript")}</p>
      ) : null}
      <FormAlert state={failed} />
      <div className="field">
        <label htmlFor="new-comment">{t("script.commentLabel")}</label>
        <textarea id="new-comment" name="body" rows={3} maxLength={4000} required autoFocus defaultValue={failed?.values.body} />
      </div>
      <p className="actions">
        <button type="submit" className="button-small" disabled={fetcher.state !== "idle"}>
          {t("script.commentPost")}
        </button>
        <button type="button" className="button-small button-secondary" onClick={() => setOpen(false)}>
          {t("script.cancel")}
        </button>
      </p>
    </fetcher.Form>
  );
}

/** One thread: the passage, the comment, its replies behind a button, its actions. */
function ThreadView({ thread, editor, idPrefix }: { thread: Thread; editor: Editor | null; idPrefix: string }) {
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<typeof action>();
  const reply = useFetcher<typeof action>();
  const date = (d: Date | string) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(d));
  const [missing, setMissing] = useState(false);
  const [showReplies, setShowReplies] = useState(false);
  const [replying, setReplying] = useState(false);
  const [status, setStatus] = useState("");
  const [answered, setAnswered] = useState(reply.data);
  if (reply.state === "idle" && reply.data !== answered) {
    setAnswered(reply.data);
    if (reply.data?.ok) {
      setReplying(false);
      setShowReplies(true);
      setStatus(t("script.replyPosted"));
    }
  }
  const repliesId = `${idPrefix}replies-${thread.id}`;
  return (
    <>
      {thread.quote ? (
        <blockquote className="quote">
          {editor && !thread.resolved ? (
            <button type="button" className="link-button" onClick={() => setMissing(!commentsOf(editor).revealThread(editor, thread))}>
              {thread.quote}
            </button>
          ) : (
            thread.quote
          )}
        </blockquote>
      ) : null}
      {missing ? <p className="help">{t("script.passageGone")}</p> : null}
      <p className="comment-meta">
        {thread.author ? <Link to={`/u/${thread.author.handle}`}>{thread.author.displayName}</Link> : t("script.deletedUser")} · {date(thread.createdAt)}
        {thread.resolved ? <span className="badge">{t("script.resolved")}</span> : null}
      </p>
      <p className="comment-body">{thread.hiddenAt ? <em>{t("script.hidden")}</em> : thread.body}</p>
      <div className="actions">
        {thread.replies.length ? (
          <button type="button" className="link-button" aria-expanded={showReplies} aria-controls={repliesId} onClick={() => setShowReplies(!showReplies)}>
            {t("script.replies", { count: thread.replies.length })}
          </button>
        ) : null}
        {thread.resolved || replying ? null : (
          <button type="button" className="button-small button-secondary" onClick={() => setReplying(true)}>
            {t("script.replyOpen")}
          </button>
        )}
        {thread.may.resolve ? (
          <fetcher.Form method="post">
            <input type="hidden" name="id" value={thread.id} />
            <button type="submit" name="intent" value={thread.resolved ? "reopen" : "resolve"} className="button-small button-secondary">
              {thread.resolved ? t("script.reopen") : t("script.resolve")}
            </button>
          </fetcher.Form>
        ) : null}
        {thread.may.hide && !thread.hiddenAt ? (
          <fetcher.Form method="post">
            <input type="hidden" name="id" value={thread.id} />
            <button type="submit" name="intent" value="hide" className="button-small button-secondary">
              {t("script.hide")}
            </button>
          </fetcher.Form>
        ) : null}
      </div>
      {thread.replies.length && showReplies ? (
        <ul className="plain-list replies" id={repliesId}>
          {thread.replies.map((r) => (
            <li key={r.id}>
              <p className="comment-meta">
                {r.author ? <Link to={`/u/${r.author.handle}`}>{r.author.displayName}</Link> : t("script.deletedUser")} · {date(r.createdAt)}
              </p>
              <p className="comment-body">{r.hiddenAt ? <em>{t("script.hidden")}</em> : r.body}</p>
              {thread.may.hide && !r.hiddenAt ? (
                <fetcher.Form method="post">
                  <input type="hidden" name="id" value={r.id} />
                  <button type="submit" name="intent" value="hide" className="button-small button-secondary">
                    {t("script.hide")}
                  </button>
                </fetcher.Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {replying && !thread.resolved ? (
        <reply.Form method="post" className="reply-form">
          <input type="hidden" name="intent" value="reply" />
          <input type="hidden" name="parentId" value={thread.id} />
          <label className="visually-hidden" htmlFor={`${idPrefix}reply-${thread.id}`}>
            {t("script.replyLabel")}
          </label>
          <textarea id={`${idPrefix}reply-${thread.id}`} name="body" rows={2} maxLength={4000} required autoFocus placeholder={t("script.replyLabel")} />
          <p className="actions">
            <button type="submit" className="button-small" disabled={reply.state !== "idle"}>
              {t("script.replyPost")}
            </button>
            <button type="button" className="button-small button-secondary" onClick={() => setReplying(false)}>
              {t("script.cancel")}
            </button>
          </p>
        </reply.Form>
      ) : null}
      <p role="status" className="comment-status">
        {status}
      </p>
    </>
  );
}
