import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/wiki.talk";
import { commentSchema } from "~/features/decisions/validation";
import { addTalkComment, hideTalkComment, pageFor, talkOf } from "~/features/wiki/wiki.server";
import { parseForm } from "~/lib/forms";
import { authorize, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { Field, FormAlert } from "~/ui/form";
import { useFormatDate, useT } from "~/ui/i18n";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, page, role, resource, movedTo } = await pageFor(params.slug, params.page, viewer);
  if (movedTo) throw redirect(`/p/${production.slug}/wiki/${movedTo}/talk`, 301);
  authorize(context, request, "read", resource);
  const user = policyUser(viewer);
  const productionResource = { type: "production", role } as const;
  return {
    production,
    page: { slug: page.slug, title: page.title },
    threads: await talkOf(page.id),
    may: { post: can(user, "discuss", productionResource), hide: can(user, "manageWiki", productionResource) },
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { page, role } = await pageFor(params.slug, params.page, viewer);
  const formData = await request.formData();
  if (formData.get("intent") === "hide") {
    authorize(context, request, "manageWiki", { type: "production", role });
    await hideTalkComment(page.id, String(formData.get("commentId")));
    return { ok: true as const };
  }
  authorize(context, request, "discuss", { type: "production", role });
  const parsed = parseForm(commentSchema, formData, ["body", "parentId"]);
  if (!parsed.ok) return parsed;
  await addTalkComment(page.id, viewer.id, parsed.data.body, parsed.data.parentId || null);
  return { ok: true as const };
}

type Message = { id: string; body: string; hiddenAt: Date | null; createdAt: Date; author: { handle: string; displayName: string } | null };

function Said({ m, canHide }: { m: Message; canHide: boolean }) {
  const t = useT();
  const date = useFormatDate();
  return (
    <>
      <p className="comment-meta">
        {m.author ? <Link to={`/u/${m.author.handle}`}>{m.author.displayName}</Link> : "—"} <span className="muted">· {date(m.createdAt, true)}</span>
      </p>
      {m.hiddenAt ? (
        <p className="muted">{t("wiki.talkHidden")}</p>
      ) : (
        m.body.split(/\n{2,}/).map((para, i) => (
          <p key={i} className="comment-body">
            {para}
          </p>
        ))
      )}
      {canHide && !m.hiddenAt ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="hide" />
          <input type="hidden" name="commentId" value={m.id} />
          <button type="submit" className="link-button">
            {t("wiki.talkHide")}
          </button>
        </Form>
      ) : null}
    </>
  );
}

export default function WikiTalk({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { production, page, threads, may } = loaderData;
  const state = actionData && !actionData.ok ? actionData : undefined;
  return (
    <article className="page">
      <title>{`${t("wiki.talk")} — ${page.title} — ${production.title}`}</title>
      <p>
        <Link to={`/p/${production.slug}/wiki/${page.slug}`}>← {page.title}</Link>
      </p>
      <h1>
        {t("wiki.talk")}: {page.title}
      </h1>
      <p className="lead">{t("wiki.talkLead")}</p>
      {threads.length ? (
        <ol className="comments" data-testid="talk">
          {threads.map((c) => (
            <li key={c.id} className="comment">
              <Said m={c} canHide={may.hide} />
              {c.replies.length ? (
                <ol className="comments replies">
                  {c.replies.map((r) => (
                    <li key={r.id} className="comment">
                      <Said m={r} canHide={may.hide} />
                    </li>
                  ))}
                </ol>
              ) : null}
              {may.post ? (
                <details>
                  <summary>{t("wiki.talkReply")}</summary>
                  <Form method="post" noValidate>
                    <input type="hidden" name="parentId" value={c.id} />
                    <div className="field">
                      <label htmlFor={`reply-${c.id}`}>{t("wiki.talkLabel")}</label>
                      <textarea id={`reply-${c.id}`} name="body" rows={2} maxLength={5000} required />
                    </div>
                    <button type="submit">{t("wiki.talkReply")}</button>
                  </Form>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty-state">{t("wiki.talkEmpty")}</p>
      )}
      {may.post ? (
        <Form method="post" noValidate>
          <FormAlert state={state} />
          <Field name="body" label="wiki.talkLabel" state={state} multiline rows={3} maxLength={5000} required />
          <button type="submit">{t("wiki.talkPost")}</button>
        </Form>
      ) : (
        <p className="muted">{t("wiki.talkJoin")}</p>
      )}
    </article>
  );
}
