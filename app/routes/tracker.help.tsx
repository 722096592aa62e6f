import { Form, Link } from "react-router";
import type { Route } from "./+types/tracker.help";
import {
  answerFields,
  answerOffer,
  answerSchema,
  makeOffer,
  MAX_OPEN_OFFERS,
  offerFields,
  offerKinds,
  offerSchema,
  offersBy,
  offersTo,
  withdrawOffer,
  withdrawSchema,
} from "~/features/tracker/offers.server";
import { trackerOf } from "~/features/tracker/tracker.server";
import { fail, parseForm, type FieldErrors } from "~/lib/forms";
import { authorize, policyUser, refuse, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { ErrorText, Field, FormAlert, Notice, type FormState } from "~/ui/form";
import { useFormatDate, useT } from "~/ui/i18n";

// Offers are not public: producers (answerOffers) see every offer, the person who made
// one sees theirs, nobody else sees any (see offers.server.ts for why).
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, role } = await trackerOf(params.slug, viewer);
  const resource = { type: "production", role } as const;
  authorize(context, request, "read", resource);
  const user = policyUser(viewer);
  const may = { offer: can(user, "offerHelp", resource), answer: can(user, "answerOffers", resource) };
  const [mine, all] = await Promise.all([viewer ? offersBy(production.id, viewer.id) : [], may.answer ? offersTo(production.id) : []]);
  return { production, may, signedIn: viewer !== null, mine, all, kinds: offerKinds };
}

type Outcome =
  | { ok: true; intent: string }
  | { ok: false; intent: string; offerId?: string; conflict: true }
  | { ok: false; intent: string; offerId?: string; errors: FieldErrors; values: Record<string, string> };

export async function action({ request, context, params }: Route.ActionArgs): Promise<Outcome> {
  const viewer = requireViewer(context, request);
  const { production, role } = await trackerOf(params.slug, viewer);
  const resource = { type: "production", role } as const;
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  switch (intent) {
    case "offer": {
      authorize(context, request, "offerHelp", resource);
      const parsed = parseForm(offerSchema, formData, offerFields);
      if (!parsed.ok) return { ...parsed, intent };
      const made = await makeOffer(production.id, viewer.id, parsed.data);
      return made ? { ok: true, intent } : { ...fail(formData, { form: { key: "offers.tooMany", vars: { count: MAX_OPEN_OFFERS } } }), intent };
    }
    case "answer": {
      authorize(context, request, "answerOffers", resource);
      const parsed = parseForm(answerSchema, formData, answerFields);
      const offerId = String(formData.get("offerId") ?? "");
      if (!parsed.ok) return { ...parsed, intent, offerId };
      const ok = await answerOffer(production.id, parsed.data.offerId, viewer.id, parsed.data.answer, parsed.data.message);
      return ok ? { ok: true, intent } : { ok: false, intent, offerId, conflict: true };
    }
    case "withdraw": {
      // Anyone with an account may make and take back offers; which offer is theirs is
      // a fact of the row, checked by withdrawOffer (someone else's id changes nothing).
      authorize(context, request, "offerHelp", resource);
      const parsed = parseForm(withdrawSchema, formData, ["offerId"]);
      const outcome = parsed.ok ? await withdrawOffer(production.id, parsed.data.offerId, viewer.id) : "notYours";
      if (outcome === "notYours") refuse(request);
      return outcome === "done" ? { ok: true, intent } : { ok: false, intent, conflict: true };
    }
  }
  throw new Response("Unknown intent", { status: 400 });
}

type Data = Route.ComponentProps["loaderData"];
type Offer = Data["mine"][number];

function OfferBody({ offer, withAuthor }: { offer: Offer; withAuthor: boolean }) {
  const t = useT();
  const date = useFormatDate();
  return (
    <>
      <h3 className="offer-title">
        <span className="badge">{t(`offers.kind.${offer.kind}`)}</span>
        {offer.title}
      </h3>
      <p className="muted">
        {withAuthor ? (
          <>
            <Link to={`/u/${offer.user.handle}`}>{offer.user.displayName}</Link> ·{" "}
          </>
        ) : null}
        {date(offer.createdAt)} · <strong>{t(`offers.status.${offer.status}`)}</strong>
      </p>
      {offer.description ? <p className="comment-body">{offer.description}</p> : null}
      {offer.status === "accepted" || offer.status === "declined" ? (
        <p className="offer-answer">
          {t("offers.answeredBy", { name: offer.answeredBy?.displayName ?? t("offers.someone") })}
          {offer.answer ? <span className="comment-body">: {offer.answer}</span> : null}
        </p>
      ) : null}
    </>
  );
}

function AnswerForm({ offer, state }: { offer: Offer; state?: FormState }) {
  const t = useT();
  const id = `answer-${offer.id}`;
  const error = state?.errors?.answer;
  const chosen = state?.values?.answer;
  return (
    <Form method="post" noValidate className="offer-answer-form">
      <input type="hidden" name="intent" value="answer" />
      <input type="hidden" name="offerId" value={offer.id} />
      <FormAlert state={state} />
      <fieldset className="field" aria-describedby={error ? `${id}-answer-error` : undefined}>
        <legend>{t("offers.answerFor", { title: offer.title })}</legend>
        {(["accepted", "declined"] as const).map((a) => (
          <div className="radio" key={a}>
            <input type="radio" id={`${id}-${a}`} name="answer" value={a} defaultChecked={chosen === a} required />
            <label htmlFor={`${id}-${a}`}>{t(a === "accepted" ? "offers.accept" : "offers.decline")}</label>
          </div>
        ))}
        <ErrorText id={`${id}-answer-error`} error={error} />
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-message`}>{t("offers.message")}</label>
        <textarea
          id={`${id}-message`}
          name="message"
          rows={2}
          maxLength={1000}
          defaultValue={state?.values?.message ?? offer.answer ?? ""}
          aria-describedby={`${id}-message-help${state?.errors?.message ? ` ${id}-message-error` : ""}`}
          aria-invalid={state?.errors?.message ? true : undefined}
        />
        <p id={`${id}-message-help`} className="help">
          {t("offers.messageHelp")}
        </p>
        <ErrorText id={`${id}-message-error`} error={state?.errors?.message} />
      </div>
      <button type="submit" className="button-small">
        {t("offers.send")}
      </button>
    </Form>
  );
}

export default function Help({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { production, may, mine, all } = loaderData;
  const base = `/p/${production.slug}`;
  const failed = actionData && !actionData.ok && "errors" in actionData ? actionData : undefined;
  const conflict = actionData && !actionData.ok && "conflict" in actionData;
  const offerState = failed?.intent === "offer" ? failed : undefined;
  return (
    <div className="page">
      <title>{`${t("offers.title")} — ${production.title}`}</title>
      <p>
        <Link to={`${base}/tracker`}>{t("schedule.tracker")}</Link> ·{" "}
        <Link to={`${base}/tracker/schedule`}>{t("schedule.title")}</Link>
      </p>
      <h1>{t("offers.title")}</h1>
      <p className="lead">{t("offers.lead")}</p>
      <p className="help">{t("offers.privacy")}</p>
      {actionData?.ok ? <Notice>{t(`offers.done.${actionData.intent as "offer"}`)}</Notice> : null}
      {conflict ? <p className="alert alert-error">{t("offers.conflict")}</p> : null}

      {may.offer ? (
        <section className="panel" aria-labelledby="offer-h">
          <h2 id="offer-h">{t("offers.new")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="offer" />
            <FormAlert state={offerState}>{offerState?.errors.form ? t(offerState.errors.form.key, offerState.errors.form.vars) : undefined}</FormAlert>
            <fieldset className="field" aria-describedby={offerState?.errors.kind ? "kind-error" : undefined}>
              <legend>{t("offers.form.kind")}</legend>
              {loaderData.kinds.map((k, i) => (
                <div className="radio" key={k}>
                  <input type="radio" id={`kind-${k}`} name="kind" value={k} defaultChecked={(offerState?.values.kind ?? "skill") === k || (!offerState && i === 0)} />
                  <label htmlFor={`kind-${k}`}>
                    {t(`offers.kind.${k}`)} <span className="help">— {t(`offers.kindHelp.${k}`)}</span>
                  </label>
                </div>
              ))}
              <ErrorText id="kind-error" error={offerState?.errors.kind} />
            </fieldset>
            <Field name="title" label="offers.form.title" help="offers.form.titleHelp" state={offerState} maxLength={120} required />
            <Field name="description" label="offers.form.description" help="offers.form.descriptionHelp" state={offerState} multiline rows={4} maxLength={2000} />
            <button type="submit">{t("offers.submit")}</button>
          </Form>
        </section>
      ) : loaderData.signedIn ? (
        <p className="alert">{t("offers.cannotOffer")}</p>
      ) : (
        <p className="alert" data-testid="login-prompt">
          {t("offers.logInPrompt")} <Link to={`/login?redirectTo=${encodeURIComponent(`${base}/tracker/help`)}`}>{t("nav.login")}</Link> ·{" "}
          <Link to="/signup">{t("nav.signup")}</Link>
        </p>
      )}

      {loaderData.signedIn ? (
        <section aria-labelledby="mine-h">
          <h2 id="mine-h">{t("offers.mine")}</h2>
          {mine.length ? (
            <ul className="comments" data-testid="my-offers">
              {mine.map((o) => (
                <li key={o.id} className="comment">
                  <OfferBody offer={o} withAuthor={false} />
                  {o.status === "open" || o.status === "accepted" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="withdraw" />
                      <input type="hidden" name="offerId" value={o.id} />
                      <button type="submit" className="button-small button-secondary" aria-label={t("offers.withdrawLabel", { title: o.title })}>
                        {t("offers.withdraw")}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t("offers.noneMine")}</p>
          )}
        </section>
      ) : null}

      {may.answer ? (
        <section aria-labelledby="all-h">
          <h2 id="all-h">{t("offers.all")}</h2>
          {all.length ? (
            <ul className="comments" data-testid="all-offers">
              {all.map((o) => (
                <li key={o.id} className="comment">
                  <OfferBody offer={o} withAuthor />
                  {o.status === "withdrawn" ? null : o.status === "open" ? (
                    <AnswerForm offer={o} state={failed?.intent === "answer" && failed.offerId === o.id ? failed : undefined} />
                  ) : (
                    <details>
                      <summary>{t("offers.changeAnswer")}</summary>
                      <AnswerForm offer={o} state={failed?.intent === "answer" && failed.offerId === o.id ? failed : undefined} />
                    </details>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="empty-state">{t("offers.none")}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
