// A decision's forms and its discussion: a member's position, a producer's decision (one
// "I understand" for accepting or rejecting, and once more to accept over blocks), an
// amendment's note, the decision's facts, and the comments with their replies.
import { Form, Link } from "react-router";
import { MAX_REASON, stances } from "../positions";
import { linksText } from "../validation";
import { ConfirmBox } from "~/ui/confirm";
import { ErrorText, Field, FormAlert, type FormState } from "~/ui/form";
import { useFormatDate, useT, useTimeZone } from "~/ui/i18n";
import { TimeZoneField } from "~/ui/time-zone";

export function PositionForm({ mine, state }: { mine: { stance: string; reason: string } | null; state?: FormState }) {
  const t = useT();
  const chosen = state?.values?.stance ?? mine?.stance;
  const error = state?.errors?.stance;
  return (
    <Form method="post" noValidate data-testid="position-form">
      <input type="hidden" name="intent" value="position" />
      <FormAlert state={state} />
      <fieldset className="field" aria-describedby={error ? "stance-error" : undefined}>
        <legend>{mine ? t("decision.position.yours") : t("decision.position.stanceLabel")}</legend>
        {stances.map((s) => (
          <div className="radio" key={s}>
            <input type="radio" id={`stance-${s}`} name="stance" value={s} defaultChecked={chosen === s} required />
            <label htmlFor={`stance-${s}`}>{t(`decision.position.stance.${s}`)}</label>
          </div>
        ))}
        <ErrorText id="stance-error" error={error} />
      </fieldset>
      <Field
        name="reason"
        label="decision.position.reasonLabel"
        help="decision.position.reasonHelp"
        state={state}
        defaultValue={mine?.reason ?? ""}
        multiline
        rows={2}
        maxLength={MAX_REASON}
      />
      <button type="submit">{t("decision.position.save")}</button>
    </Form>
  );
}

/** Accept or reject; `blocks`: members blocking, for whom accepting asks once more. */
export function DecideForm({ blocks, unconfirmed, overBlocksMissing }: { blocks: number; unconfirmed: boolean; overBlocksMissing: boolean }) {
  const t = useT();
  return (
    <>
      <p className="help" id="decide-help">
        {t("decision.decideHelp")}
      </p>
      {/* Irreversible: one "I understand" box for both answers (decision 0034). */}
      <Form method="post" data-testid="decide-form">
        <ConfirmBox id="decide-confirm" label={t("decision.decideConfirm")} missing={unconfirmed} />
        {blocks > 0 ? (
          // Accepting over blocks asks once more; rejecting does not need it (the server checks).
          <div className="field">
            {overBlocksMissing ? (
              <p id="over-blocks-error" className="field-error" role="alert">
                {t("decision.overBlocksRequired")}
              </p>
            ) : null}
            <label className="checkbox">
              <input
                type="checkbox"
                id="over-blocks"
                name="overBlocks"
                value="yes"
                aria-invalid={overBlocksMissing || undefined}
                aria-describedby={overBlocksMissing ? "over-blocks-error" : undefined}
              />{" "}
              {t("decision.position.overBlocksConfirm", { count: blocks })}
            </label>
          </div>
        ) : null}
        <div className="actions">
          <button type="submit" name="intent" value="accept" aria-describedby="decide-help">
            {t("decision.accept")}
          </button>
          <button type="submit" name="intent" value="reject" className="secondary" aria-describedby="decide-help">
            {t("decision.reject")}
          </button>
        </div>
      </Form>
    </>
  );
}

export function AmendForm({ state }: { state?: FormState }) {
  const t = useT();
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value="amend" />
      <FormAlert state={state} />
      <Field name="note" label="decision.amendLabel" help="decision.amendHelp" state={state} multiline rows={3} maxLength={2000} required />
      <button type="submit">{t("decision.amend")}</button>
    </Form>
  );
}

type DecisionFacts = { title: string; tags: string[]; reviewOn: Date | null; links: Parameters<typeof linksText>[0]; closesAtLocal: string };

export function DecisionFactsForm({ decision, state }: { decision: DecisionFacts; state?: FormState }) {
  const t = useT();
  const timeZone = useTimeZone();
  return (
    <details className="panel" open={Boolean(state)}>
      <summary>{t("decision.edit")}</summary>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="facts" />
        <FormAlert state={state} />
        <Field name="title" label="decision.form.title" state={state} defaultValue={decision.title} maxLength={160} required />
        <Field name="tags" label="decision.form.tagsLabel" help="decision.form.tags" state={state} defaultValue={decision.tags.join(", ")} />
        <Field
          name="reviewOn"
          label="decision.form.reviewOnLabel"
          help="decision.form.reviewOn"
          state={state}
          type="date"
          defaultValue={decision.reviewOn ? new Date(decision.reviewOn).toISOString().slice(0, 10) : ""}
        />
        <Field name="links" label="decision.form.linksLabel" help="decision.form.links" state={state} defaultValue={linksText(decision.links)} multiline rows={3} />
        <Field
          name="closesAt"
          label="decision.form.closesAtLabel"
          labelVars={{ zone: timeZone }}
          help="decision.form.closesAt"
          state={state}
          type="datetime-local"
          defaultValue={decision.closesAtLocal}
        />
        <TimeZoneField state={state} />
        <button type="submit">{t("decision.form.save")}</button>
      </Form>
    </details>
  );
}

type Said = { body: string; createdAt: Date; author: { handle: string; displayName: string } | null };

export function Discussion({ comments, mayComment, signedIn, state }: { comments: (Said & { id: string; replies: (Said & { id: string })[] })[]; mayComment: boolean; signedIn: boolean; state?: FormState }) {
  const t = useT();
  return (
    <section aria-labelledby="discussion-h">
      <h2 id="discussion-h">{t("decision.discussion")}</h2>
      {comments.length ? (
        <ol className="comments" data-testid="discussion">
          {comments.map((c) => (
            <li key={c.id} className="comment">
              <Comment c={c} />
              {c.replies.length ? (
                <ol className="comments replies">
                  {c.replies.map((r) => (
                    <li key={r.id} className="comment">
                      <Comment c={r} />
                    </li>
                  ))}
                </ol>
              ) : null}
              {mayComment ? (
                <details>
                  <summary>{t("decision.reply")}</summary>
                  <Form method="post" noValidate>
                    <input type="hidden" name="intent" value="comment" />
                    <input type="hidden" name="parentId" value={c.id} />
                    <div className="field">
                      <label htmlFor={`reply-${c.id}`}>{t("decision.replyLabel", { name: c.author?.displayName ?? t("decision.someone") })}</label>
                      <textarea id={`reply-${c.id}`} name="body" rows={2} maxLength={5000} required />
                    </div>
                    <button type="submit">{t("decision.reply")}</button>
                  </Form>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t("decision.noComments")}</p>
      )}
      {mayComment ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="comment" />
          <FormAlert state={state} />
          <Field name="body" label="decision.commentLabel" state={state} multiline rows={3} maxLength={5000} required />
          <button type="submit">{t("decision.comment")}</button>
        </Form>
      ) : (
        <p className="muted">{signedIn ? t("decision.joinToComment") : t("decision.logInToComment")}</p>
      )}
    </section>
  );
}

function Comment({ c }: { c: { body: string; createdAt: Date; author: { handle: string; displayName: string } | null } }) {
  const t = useT();
  const date = useFormatDate();
  return (
    <>
      <p className="comment-meta">
        {c.author ? <Link to={`/u/${c.author.handle}`}>{c.author.displayName}</Link> : t("decision.someone")} <span className="muted">· {date(c.createdAt, true)}</span>
      </p>
      {c.body.split(/\n{2,}/).map((para, i) => (
        <p key={i} className="comment-body">
          {para}
        </p>
      ))}
    </>
  );
}
