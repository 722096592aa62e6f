import type { Editor } from "@tiptap/core";
import { lazy, Suspense, useCallback, useState, useSyncExternalStore } from "react";
import { Link, useFetcher } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/script";
import { colourFor } from "~/features/collab/presence";
import { documentContributors } from "~/features/collab/store.server";
import { anchorOfSelection, revealThread } from "~/features/script/components/script-comments";
import type { SceneEntry } from "~/features/script/components/script-editor";
import { ScriptView } from "~/features/script/components/script-view";
import { scriptReport } from "~/features/script/reports";
import { addComment, commentThreads, currentScript, getComment, hideComment, listDrafts, scriptOf, setResolved } from "~/features/script/script.server";
import { pagesInCategory } from "~/features/wiki/wiki.server";
import { parseForm, requiredText } from "~/lib/forms";
import { authorize, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { FormAlert } from "~/ui/form";
import { useLocale, useT } from "~/ui/i18n";

const ScriptEditor = lazy(() => import("~/features/script/components/script-editor"));

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, role, info, resource } = await scriptOf(params.slug, viewer);
  authorize(context, request, "read", resource);
  const user = policyUser(viewer);
  const script = await currentScript(info.name);
  const report = scriptReport(script);
  const member = can(user, "discuss", { type: "production", role });
  const [characters, locations, threads, drafts, contributors] = await Promise.all([
    pagesInCategory(production.id, "character"),
    pagesInCategory(production.id, "location"),
    member ? commentThreads(production.id) : [],
    listDrafts(production.id),
    documentContributors(info.name),
  ]);
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
    return { ok: true as const, intent };
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

type Thread = Route.ComponentProps["loaderData"]["threads"][number];

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
  const threads = loaderData.threads.map((th) => ({ ...th, resolved: th.resolvedAt !== null }));
  const view = <ScriptView script={script} sceneIds={sceneIds} emptyText={t("script.empty")} />;

  return (
    <article className="page page-wide script-page">
      <title>{`${t("script.title")} — ${production.title}`}</title>
      <p>
        <Link to={base}>← {production.title}</Link>
      </p>
      <h1>{t("script.title")}</h1>
      <p className="lead">
        {t("script.summary", { pages: loaderData.pages, scenes: loaderData.scenes.length, minutes: loaderData.runtimeMinutes })}
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
          <SceneList scenes={loaderData.scenes} live={editor ? liveScenes : null} editor={editor} />
        </nav>
        <div className="script-main">
          {mounted ? (
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
              />
            </Suspense>
          ) : (
            view
          )}
        </div>
        {may.comment ? (
          <aside className="script-comments" aria-labelledby="comments-h">
            <h2 id="comments-h">{t("script.comments")}</h2>
            <NewThread editor={editor} />
            {threads.length ? (
              <ul className="plain-list threads" data-testid="threads">
                {threads.map((th) => (
                  <ThreadView key={th.id} thread={th} editor={editor} />
                ))}
              </ul>
            ) : (
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
                <Link to={`/u/${c.user.handle}`}>{c.user.displayName}</Link> — {t("notes.contribution", { inserted: c.inserted, deleted: c.deleted })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
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

function NewThread({ editor }: { editor: Editor | null }) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const [anchor, setAnchor] = useState<ReturnType<typeof anchorOfSelection>>(null);
  const [open, setOpen] = useState(false);
  const [noSelection, setNoSelection] = useState(false);
  const failed = fetcher.data && !fetcher.data.ok ? fetcher.data : undefined;
  if (fetcher.state === "idle" && fetcher.data?.ok && open) {
    setOpen(false);
    setAnchor(null);
  }
  if (!open) {
    return (
      <p>
        <button
          type="button"
          className="button-small"
          onClick={() => {
            const a = editor ? anchorOfSelection(editor) : null;
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
        <textarea id="new-comment" name="body" rows={3} maxLength={4000} required defaultValue={failed?.values.body} />
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

function ThreadView({ thread, editor }: { thread: Thread & { resolved: boolean }; editor: Editor | null }) {
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<typeof action>();
  const reply = useFetcher<typeof action>();
  const date = (d: Date | string) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(d));
  const [missing, setMissing] = useState(false);
  return (
    <li className={`thread${thread.resolved ? " thread-resolved" : ""}`} data-testid="thread">
      {thread.quote ? (
        <blockquote className="quote">
          {editor && !thread.resolved ? (
            <button type="button" className="link-button" onClick={() => setMissing(!revealThread(editor, thread))}>
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
      {thread.replies.length ? (
        <ul className="plain-list replies">
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
      <div className="actions">
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
      {thread.resolved ? null : (
        <reply.Form method="post" className="reply-form" key={reply.state === "idle" && reply.data?.ok ? "sent" : "open"}>
          <input type="hidden" name="intent" value="reply" />
          <input type="hidden" name="parentId" value={thread.id} />
          <label className="visually-hidden" htmlFor={`reply-${thread.id}`}>
            {t("script.replyLabel")}
          </label>
          <textarea id={`reply-${thread.id}`} name="body" rows={2} maxLength={4000} required placeholder={t("script.replyLabel")} />
          <button type="submit" className="button-small" disabled={reply.state !== "idle"}>
            {t("script.replyPost")}
          </button>
        </reply.Form>
      )}
    </li>
  );
}
