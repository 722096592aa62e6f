// The comments beside the script: each thread in the margin beside its passage (or behind
// a marker on narrow screens), a new thread on the selected passage, replies, resolving
// and hiding (decision 0027).
import type { Editor } from "@tiptap/core";
import { useEffect, useRef, useState } from "react";
import { Link, useFetcher } from "react-router";
import type { CommentTools } from "~/features/script/components/script-comments";
import { stackInMargin } from "~/features/script/margin";
import type { commentThreads } from "~/features/script/script.server";
import type { FormFailure } from "~/lib/forms";
import { FormAlert } from "~/ui/form";
import { useLocale, useT } from "~/ui/i18n";

/** A thread as the script page has it: what may be done with it, and whether it is resolved. */
export type Thread = Awaited<ReturnType<typeof commentThreads>>[number] & { resolved: boolean; may: { resolve: boolean; hide: boolean } };

/** The script page's answer to a comment form: its action is typed by it. */
export type CommentAnswer = (FormFailure & { intent: string }) | { ok: true; intent: string; id?: string };

/** The comments' anchors, from the editor that has them (its storage). */
export const commentsOf = (editor: Editor): CommentTools => editor.storage.screenplayComments;

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
export function ThreadMargin({ editor, threads, placed }: { editor: Editor | null; threads: Thread[]; placed: boolean }) {
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
export function ThreadMarkers({ editor, threads, open, onOpen }: { editor: Editor; threads: Thread[]; open: string | null; onOpen(id: string | null): void }) {
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

export function NewThread({ editor, onPosted }: { editor: Editor | null; onPosted(id: string): void }) {
  const t = useT();
  const fetcher = useFetcher<CommentAnswer>();
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
/** One button that acts on a comment: resolve or reopen its thread, hide it. */
function CommentAction({ form: Form, id, intent, label }: { form: ReturnType<typeof useFetcher>["Form"]; id: string; intent: "resolve" | "reopen" | "hide"; label: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="id" value={id} />
      <button type="submit" name="intent" value={intent} className="button-small button-secondary">
        {label}
      </button>
    </Form>
  );
}

function ThreadView({ thread, editor, idPrefix }: { thread: Thread; editor: Editor | null; idPrefix: string }) {
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<CommentAnswer>();
  const reply = useFetcher<CommentAnswer>();
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
          <CommentAction form={fetcher.Form} id={thread.id} intent={thread.resolved ? "reopen" : "resolve"} label={thread.resolved ? t("script.reopen") : t("script.resolve")} />
        ) : null}
        {thread.may.hide && !thread.hiddenAt ? <CommentAction form={fetcher.Form} id={thread.id} intent="hide" label={t("script.hide")} /> : null}
      </div>
      {thread.replies.length && showReplies ? (
        <ul className="plain-list replies" id={repliesId}>
          {thread.replies.map((r) => (
            <li key={r.id}>
              <p className="comment-meta">
                {r.author ? <Link to={`/u/${r.author.handle}`}>{r.author.displayName}</Link> : t("script.deletedUser")} · {date(r.createdAt)}
              </p>
              <p className="comment-body">{r.hiddenAt ? <em>{t("script.hidden")}</em> : r.body}</p>
              {thread.may.hide && !r.hiddenAt ? <CommentAction form={fetcher.Form} id={r.id} intent="hide" label={t("script.hide")} /> : null}
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
