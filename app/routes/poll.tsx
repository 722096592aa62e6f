import { data, Form, Link } from "react-router";
import type { Route } from "./+types/poll";
import { thumbSizes } from "~/features/media/store.server";
import { DecisionNumber, DecisionStatusBadge } from "~/features/decisions/components/status";
import { decisionsRecording } from "~/features/decisions/decisions.server";
import { pollFor } from "~/features/polls/access.server";
import { RankingBallot } from "~/features/polls/components/ranking";
import { PollResults } from "~/features/polls/components/results";
import { ballotOf, castBallot, changeClosing, pollResults, votersOf } from "~/features/polls/polls.server";
import type { Choice } from "~/features/polls/tally";
import { closingSchema } from "~/features/polls/validation";
import { confirmed } from "~/lib/forms";
import { authorize, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { isMessageKey, type MessageKey, type Translate } from "~/lib/i18n";
import { can, voteProblems, type VoteProblem } from "~/lib/policy";
import { ConfirmBox } from "~/ui/confirm";
import { FormAlert, Notice } from "~/ui/form";
import { useFormatDate, useT, useTimeZone } from "~/ui/i18n";
import { TimeZoneField } from "~/ui/time-zone";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, poll, state, resource } = await pollFor(params.slug, params.id, viewer);
  authorize(context, request, "read", resource);
  const user = policyUser(viewer);
  const may = {
    vote: can(user, "vote", resource),
    seeResults: can(user, "seeResults", resource),
    seeVoters: can(user, "seeVoters", resource),
    manage: can(user, "manage", resource),
    recordOutcome: state.closed && can(user, "createDecision", { type: "production", role: resource.role }),
  };
  const seesDrafts = can(user, "read", { type: "decision", role: resource.role, status: "draft" });
  const decisions = await decisionsRecording(poll.id, seesDrafts);
  const ballot = await ballotOf(poll.id, viewer?.id);
  const thumbs = await thumbSizes(poll.options.map((o) => o.imageId));
  return {
    production: { slug: production.slug, title: production.title },
    poll: {
      id: poll.id,
      question: poll.question,
      description: poll.description,
      method: poll.method,
      minChoices: poll.minChoices,
      maxChoices: poll.maxChoices,
      opensAt: poll.opensAt,
      closesAt: poll.closesAt,
      closedAt: poll.closedAt,
      allowReason: poll.allowReason,
      resultsVisibility: poll.resultsVisibility,
      rule: resource.rule,
      options: poll.options.map((o) => ({ key: o.key, label: o.label, thumb: (o.imageId && thumbs.get(o.imageId)) || null })),
    },
    state,
    may,
    signedIn: viewer !== null,
    // Why this person may not vote, when they may not: the page says so.
    voteProblems: viewer && state.open && !may.vote ? voteProblems(user, resource) : [],
    ballot: ballot ? { choices: ballot.choices as Choice[], reason: ballot.reason ?? "" } : null,
    results: may.seeResults ? await pollResults(poll.id) : null,
    voters: may.seeVoters ? await votersOf(poll.id) : null,
    decisions,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { poll, resource } = await pollFor(params.slug, params.id, viewer);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "vote") {
    const choices: Choice[] =
      poll.method === "plurality" || poll.method === "approval"
        ? formData.getAll("choice").map((option) => ({ option: String(option), rank: 1 }))
        : poll.options.flatMap((o) => {
            const rank = Number(formData.get(`rank-${o.key}`));
            return Number.isInteger(rank) && rank > 0 ? [{ option: o.key, rank }] : [];
          });
    const reason = String(formData.get("reason") ?? "").trim().slice(0, 1000) || null;
    // Refused: say why, and give the ballot back as filled in, to cast once allowed.
    if (!can(policyUser(viewer), "vote", resource)) {
      return data({ refused: voteProblems(policyUser(viewer), resource), ballot: { choices, reason: reason ?? "" } }, { status: 403 });
    }
    const cast = await castBallot(poll, viewer.id, choices, reason);
    return cast.ok ? { saved: true as const } : { problem: cast.problem, vars: "vars" in cast ? cast.vars : undefined };
  }
  authorize(context, request, "manage", resource);
  if (intent === "close_early") {
    if (!confirmed(formData)) return data({ unconfirmed: true as const }, { status: 400 });
    await changeClosing(poll.id, viewer.id, { kind: "close_early" });
  } else if (intent === "extend" || intent === "reopen") {
    const closesAt = closingSchema.safeParse({ closesAt: String(formData.get("closesAt") ?? ""), timeZone: String(formData.get("timeZone") ?? "") });
    if (!closesAt.success) return { problem: "poll.form.closesAt" as const };
    await changeClosing(poll.id, viewer.id, { kind: intent, closesAt: closesAt.data });
  } else throw new Response("Unknown intent", { status: 400 });
  return { changed: true as const };
}

/** An option's image: its thumbnail, linked to the full image. */
function useOptionImage(data: Route.ComponentProps["loaderData"]) {
  const t = useT();
  const imageBase = `/p/${data.production.slug}/polls/${data.poll.id}/options`;
  return (o: Route.ComponentProps["loaderData"]["poll"]["options"][number]) =>
    o.thumb ? (
      // A new tab: following the link must not lose the ballot being filled in.
      <a href={`${imageBase}/${o.key}/image`} target="_blank" aria-label={t("poll.optionImageFull", { option: o.label })}>
        <img src={`${imageBase}/${o.key}/image?size=thumb`} width={o.thumb.width} height={o.thumb.height} alt={o.label} className="option-image" />
      </a>
    ) : null;
}

/** The options, to read, for whoever may not vote (yet). */
function OptionList({ data }: { data: Route.ComponentProps["loaderData"] }) {
  const t = useT();
  const image = useOptionImage(data);
  return (
    <section aria-labelledby="options-h">
      <h2 id="options-h">{t("poll.options")}</h2>
      <ul className="options">
        {data.poll.options.map((o) => (
          <li key={o.key} className="option">
            {image(o)} {o.label}
          </li>
        ))}
      </ul>
    </section>
  );
}

type FilledBallot = { choices: Choice[]; reason: string };

function Ballot({ data, filled }: { data: Route.ComponentProps["loaderData"]; filled?: FilledBallot }) {
  const t = useT();
  const { poll } = data;
  const ballot = filled ?? data.ballot;
  const chosen = new Map((ballot?.choices ?? []).map((c) => [c.option, c.rank]));
  const ranked = poll.method === "irv" || poll.method === "schulze";
  const image = useOptionImage(data);
  return (
    <Form method="post" className="ballot">
      <input type="hidden" name="intent" value="vote" />
      <fieldset className="field">
        <legend>{t("poll.yourBallot")}</legend>
        {ranked ? (
          <RankingBallot method={poll.method === "schulze" ? "schulze" : "irv"} options={poll.options.map((o) => ({ key: o.key, label: o.label, image: image(o) }))} initial={Object.fromEntries(chosen)} />
        ) : (
          <ul className="options">
            {poll.options.map((o) => (
              <li key={o.key} className="option">
                {image(o)}
                <label className="checkbox">
                  <input type={poll.method === "plurality" ? "radio" : "checkbox"} name="choice" value={o.key} defaultChecked={chosen.has(o.key)} /> {o.label}
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      {poll.allowReason ? (
        <div className="field">
          <label htmlFor="reason">{t("poll.reason")}</label>
          <textarea id="reason" name="reason" rows={2} maxLength={1000} defaultValue={ballot?.reason} />
        </div>
      ) : null}
      <button type="submit">{data.ballot ? t("poll.changeVote") : t("poll.vote")}</button>
    </Form>
  );
}

const problemKeys: Record<VoteProblem, MessageKey> = {
  signedOut: "poll.logInToVote",
  suspended: "poll.cannotVote",
  notOpen: "poll.refused.notOpen",
  notMember: "poll.refused.notMember",
  accountTooNew: "poll.refused.accountTooNew",
  emailUnconfirmed: "poll.refused.emailUnconfirmed",
  joinedTooRecently: "poll.refused.joinedTooRecently",
};

/** A duration in whole days when it is some, else in hours. */
function duration(t: Translate, hours: number) {
  return hours % 24 === 0 ? t("poll.duration.days", { count: hours / 24 }) : t("poll.duration.hours", { count: hours });
}

/** Who may vote in this poll, in words. */
function RuleText({ rule }: { rule: Route.ComponentProps["loaderData"]["poll"]["rule"] }) {
  const t = useT();
  const who =
    rule.eligibility === "members"
      ? rule.minMembershipHours > 0
        ? t("poll.rule.membersSince", { duration: duration(t, rule.minMembershipHours) })
        : t("poll.rule.members")
      : rule.minAccountAgeDays > 0
        ? t("poll.rule.accountsAged", { count: rule.minAccountAgeDays })
        : t("poll.rule.accounts");
  return (
    <p data-testid="poll-rule">
      {who}
      {rule.requireConfirmedEmail ? ` ${t("poll.rule.confirmedEmail")}` : null}
    </p>
  );
}

/** Why the viewer may not vote, each reason with what they can do about it. */
function Problems({ problems }: { problems: VoteProblem[] }) {
  const t = useT();
  return (
    <ul className="plain-list" data-testid="vote-problems">
      {problems.map((p) => (
        <li key={p}>
          {t(problemKeys[p])}
          {p === "emailUnconfirmed" ? (
            <>
              {" "}
              <Link to="/settings#email">{t("poll.refused.confirmLink")}</Link>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export default function PollPage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const timeZone = useTimeZone();
  const { production, poll, state, may, results } = loaderData;
  const image = useOptionImage(loaderData);
  const optionImage = (o: (typeof poll.options)[number] | undefined) => (o ? image(o) : null);
  const base = `/p/${production.slug}/polls/${poll.id}`;
  const problem = actionData && "problem" in actionData && actionData.problem && isMessageKey(actionData.problem) ? actionData : null;
  const refused = actionData && "refused" in actionData ? actionData : null;
  return (
    <article className="page narrow">
      <title>{`${poll.question} — ${production.title}`}</title>
      <h1>{poll.question}</h1>
      <p className="muted">
        {state.closed
          ? t("poll.closedAt", { date: date(poll.closedAt ?? poll.closesAt, true) })
          : state.open
            ? t("poll.open", { date: date(poll.closesAt, true) })
            : t("poll.notOpen", { date: date(poll.opensAt, true) })}{" "}
        · {t(`poll.method.${poll.method}`)}
      </p>
      {poll.description ? <p className="prose">{poll.description}</p> : null}
      {actionData && "saved" in actionData ? <Notice>{t("poll.saved")}</Notice> : null}
      {actionData && "changed" in actionData ? <Notice>{t("poll.changed")}</Notice> : null}
      {problem ? <FormAlert>{t(problem.problem as "poll.closed", "vars" in problem ? problem.vars : undefined)}</FormAlert> : null}
      {refused ? (
        <FormAlert>
          <p>{t("poll.notSaved")}</p>
          <Problems problems={refused.refused} />
        </FormAlert>
      ) : null}
      {state.closed ? null : <RuleText rule={poll.rule} />}

      {may.vote || refused ? (
        <Ballot data={loaderData} filled={refused?.ballot} />
      ) : state.open ? (
        <>
          {loaderData.signedIn ? <Problems problems={loaderData.voteProblems} /> : <p>{t("poll.logInToVote")}</p>}
          <OptionList data={loaderData} />
        </>
      ) : null}

      <section aria-labelledby="results-h">
        <h2 id="results-h">{t("poll.results")}</h2>
        {results ? (
          <PollResults results={results} closed={state.closed} image={(id) => optionImage(poll.options.find((o) => o.key === id))} />
        ) : (
          <p>{poll.resultsVisibility === "after_vote" && state.open ? t("poll.resultsAfterVote") : t("poll.resultsLater")}</p>
        )}
        {state.closed ? (
          <p data-testid="recount">
            {t("poll.recountLead")} <a href={`${base}/results.json`}>results.json</a>, <a href={`${base}/ballots.csv`}>ballots.csv</a> (
            <Link to="/about/recount">{t("poll.recountHow")}</Link>).
          </p>
        ) : null}
      </section>

      {loaderData.voters ? (
        <section aria-labelledby="voters-h">
          <h2 id="voters-h">{t("poll.voters")}</h2>
          <p>{loaderData.voters.map((v) => v.displayName).join(", ")}</p>
        </section>
      ) : null}

      {loaderData.decisions.length || may.recordOutcome ? (
        <section aria-labelledby="outcome-h">
          <h2 id="outcome-h">{t("decision.recordedIn")}</h2>
          <ul className="plain-list">
            {loaderData.decisions.map((d) => (
              <li key={d.number}>
                <Link to={`/p/${loaderData.production.slug}/decisions/${d.number}`}>
                  <DecisionNumber number={d.number} /> {d.title}
                </Link>{" "}
                <DecisionStatusBadge status={d.status} />
              </li>
            ))}
          </ul>
          {may.recordOutcome ? (
            <p>
              <Link to={`/p/${loaderData.production.slug}/decisions/new?poll=${poll.id}`} className="button">
                {t("decision.recordOutcome")}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {may.manage ? (
        <section aria-labelledby="manage-h" className="panel">
          <h2 id="manage-h">{t("poll.manage")}</h2>
          {state.closed ? null : (
            <Form method="post" data-testid="close-form">
              <ConfirmBox id="close-confirm" label={t("poll.closeConfirm")} missing={actionData !== undefined && "unconfirmed" in actionData} />
              <button type="submit" name="intent" value="close_early" className="button-secondary">
                {t("poll.closeNow")}
              </button>
            </Form>
          )}
          <Form method="post" className="filters">
            <div className="field">
              <label htmlFor="closesAt">{t("poll.newClosing", { zone: timeZone })}</label>
              <input id="closesAt" name="closesAt" type="datetime-local" required />
              <TimeZoneField />
            </div>
            <button type="submit" name="intent" value={state.closed ? "reopen" : "extend"}>
              {state.closed ? t("poll.reopen") : t("poll.extend")}
            </button>
          </Form>
        </section>
      ) : null}
    </article>
  );
}
