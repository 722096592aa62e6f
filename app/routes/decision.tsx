import { data, Form, Link } from "react-router";
import type { Route } from "./+types/decision";
import { blocksOf, docFromState } from "~/features/collab/content";
import { LiveDocument } from "~/features/collab/components/live-document";
import { VersionLabel } from "~/features/collab/components/version-label";
import { colourFor } from "~/features/collab/presence";
import { getVersion, listVersions, loadDocument } from "~/features/collab/store.server";
import { AmendForm, DecideForm, DecisionFactsForm, Discussion, PositionForm } from "~/features/decisions/components/decision-forms";
import { PositionList } from "~/features/decisions/components/positions";
import { DecisionNumber, DecisionStatusBadge } from "~/features/decisions/components/status";
import {
  addComment,
  amendDecision,
  decidableFrom,
  decide,
  decisionDocName,
  decisionEvents,
  decisionFor,
  discussionOf,
  positionsOf,
  proposeDecision,
  takePosition,
  updateDecisionFacts,
  type DecisionLink,
} from "~/features/decisions/decisions.server";
import { positionSchema, tally } from "~/features/decisions/positions";
import { amendmentSchema, closingSchema, commentSchema, decisionFactsSchema, parseLinks } from "~/features/decisions/validation";
import { confirmed, fail, parseForm } from "~/lib/forms";
import { authorize, policyUser, requireViewer, timeZoneOf, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { localAt } from "~/lib/zoned-time";
import { Notice } from "~/ui/form";
import { useFormatDate, useT } from "~/ui/i18n";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, decision, role, resource } = await decisionFor(params.slug, Number(params.number), viewer);
  authorize(context, request, "read", resource);
  const user = policyUser(viewer);
  const docName = decisionDocName(decision.id);
  // A decided decision shows the text as decided, whatever the log holds.
  const text = async () => {
    const frozen = decision.frozenVersion ? await getVersion(docName, decision.frozenVersion) : null;
    const doc = frozen ? docFromState(frozen.state) : (await loadDocument(docName)).doc;
    const blocks = blocksOf(doc);
    doc.destroy();
    return blocks;
  };
  const [blocks, events, discussion, versions, positions] = await Promise.all([
    text(),
    decisionEvents(decision.id),
    discussionOf(decision.id),
    listVersions(docName),
    positionsOf(decision.id),
  ]);
  const mine = viewer ? positions.find((p) => p.userId === viewer.id) : undefined;
  return {
    production,
    decision: {
      number: decision.number,
      title: decision.title,
      status: decision.status,
      tags: decision.tags,
      reviewOn: decision.reviewOn,
      createdAt: decision.createdAt,
      proposedAt: decision.proposedAt,
      decidedAt: decision.decidedAt,
      createdBy: decision.createdBy,
      decidedBy: decision.decidedBy,
      poll: decision.poll,
      supersedes: decision.supersedes,
      supersededBy: decision.supersededBy,
      links: decision.links as DecisionLink[],
      frozenVersion: decision.frozenVersion,
      closesAt: decision.closesAt,
      // The closing date as the facts form shows it, on the viewer's wall clock.
      closesAtLocal: decision.closesAt ? localAt(decision.closesAt, timeZoneOf(request)) : "",
      decidableFrom: decision.status === "proposed" ? decidableFrom(decision.proposedAt, production.minProposalHours) : null,
      acceptedOverBlocks: decision.acceptedOverBlocks,
    },
    minProposalHours: production.minProposalHours,
    positions: positions.map((p) => ({ stance: p.stance, reason: p.reason, user: p.user })),
    mine: mine ? { stance: mine.stance, reason: mine.reason } : null,
    docName,
    blocks,
    events,
    discussion,
    versions: versions.slice(0, 10),
    user: viewer ? { name: viewer.displayName, color: colourFor(viewer.id) } : null,
    signedIn: viewer !== null,
    member: role !== null,
    may: {
      edit: can(user, "edit", resource),
      propose: can(user, "propose", resource),
      decide: can(user, "decide", resource),
      comment: can(user, "comment", resource),
      takePosition: can(user, "takePosition", resource),
      amend: can(user, "amend", resource),
      supersede: can(user, "supersede", resource),
    },
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, decision, resource } = await decisionFor(params.slug, Number(params.number), viewer);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const done = (ok: boolean) => (ok ? { ok: true as const, intent } : { ok: false as const, intent, conflict: true as const });
  switch (intent) {
    case "propose":
      authorize(context, request, "propose", resource);
      return done(await proposeDecision(decision.id, viewer.id));
    case "accept":
    case "reject": {
      authorize(context, request, "decide", resource);
      if (!confirmed(formData)) return data({ ok: false as const, intent, unconfirmed: true as const }, { status: 400 });
      const result = await decide(decision.id, viewer.id, intent === "accept" ? "accepted" : "rejected", { overBlocks: formData.get("overBlocks") === "yes" });
      if (result === "tooEarly") {
        const from = decidableFrom(decision.proposedAt, production.minProposalHours);
        return data({ ok: false as const, intent, tooEarly: from?.toISOString() ?? "" }, { status: 400 });
      }
      if (result === "blocks") return data({ ok: false as const, intent, overBlocksMissing: true as const }, { status: 400 });
      return done(result === "decided");
    }
    case "position": {
      authorize(context, request, "takePosition", resource);
      const parsed = parseForm(positionSchema, formData, ["stance", "reason"]);
      if (!parsed.ok) return { ...parsed, intent };
      return done(await takePosition(decision.id, viewer.id, parsed.data.stance, parsed.data.reason));
    }
    case "amend": {
      authorize(context, request, "amend", resource);
      const parsed = parseForm(amendmentSchema, formData, ["note"]);
      if (!parsed.ok) return { ...parsed, intent };
      return done(await amendDecision(decision.id, viewer.id, parsed.data.note));
    }
    case "comment": {
      authorize(context, request, "comment", resource);
      const parsed = parseForm(commentSchema, formData, ["body", "parentId"]);
      if (!parsed.ok) return { ...parsed, intent };
      return done((await addComment(decision.id, viewer.id, parsed.data.body, parsed.data.parentId || null)) !== null);
    }
    case "facts": {
      authorize(context, request, "edit", resource);
      const parsed = parseForm(decisionFactsSchema, formData, ["title", "tags", "reviewOn", "links"]);
      if (!parsed.ok) return { ...parsed, intent };
      const closing = parseForm(closingSchema, formData, ["closesAt", "timeZone"]);
      if (!closing.ok) return { ...closing, intent };
      const links = parseLinks(parsed.data.links, production.slug);
      if (!links) return { ...fail(formData, { links: { key: "decision.form.linksInvalid", vars: { slug: production.slug } } }), intent };
      return done(await updateDecisionFacts(decision.id, { ...parsed.data, links, closesAt: closing.data.closesAt }));
    }
  }
  throw new Response("Unknown intent", { status: 400 });
}

type Data = Route.ComponentProps["loaderData"];

function Facts({ data }: { data: Data }) {
  const t = useT();
  const date = useFormatDate();
  const { decision, production } = data;
  const base = `/p/${production.slug}`;
  return (
    <dl className="facts">
      <dt>{t("decision.createdBy")}</dt>
      <dd>{decision.createdBy ? <Link to={`/u/${decision.createdBy.handle}`}>{decision.createdBy.displayName}</Link> : t("decision.someone")}</dd>
      {decision.proposedAt ? (
        <>
          <dt>{t("decision.proposedOn")}</dt>
          <dd>{date(decision.proposedAt, true)}</dd>
        </>
      ) : null}
      {decision.decidedAt ? (
        <>
          <dt>{t("decision.decidedBy")}</dt>
          <dd>
            {decision.decidedBy ? <Link to={`/u/${decision.decidedBy.handle}`}>{decision.decidedBy.displayName}</Link> : t("decision.someone")},{" "}
            {date(decision.decidedAt, true)}
          </dd>
        </>
      ) : null}
      {decision.closesAt ? (
        <>
          <dt>{t("decision.closesAt")}</dt>
          <dd data-testid="closes-at">{date(decision.closesAt, true)}</dd>
        </>
      ) : null}
      {decision.decidableFrom ? (
        <>
          <dt>{t("decision.minPeriod")}</dt>
          <dd data-testid="decidable-from">{t("decision.minPeriodValue", { date: date(decision.decidableFrom, true), count: data.minProposalHours })}</dd>
        </>
      ) : null}
      {decision.reviewOn ? (
        <>
          <dt>{t("decision.reviewOn")}</dt>
          <dd>{date(decision.reviewOn)}</dd>
        </>
      ) : null}
      {decision.tags.length ? (
        <>
          <dt>{t("decision.topics")}</dt>
          <dd>
            {decision.tags.map((tag) => (
              <Link key={tag} to={`${base}/decisions?tag=${encodeURIComponent(tag)}`} className="tag">
                {tag}
              </Link>
            ))}
          </dd>
        </>
      ) : null}
      {decision.supersedes ? (
        <>
          <dt>{t("decision.supersedes")}</dt>
          <dd>
            <Link to={`${base}/decisions/${decision.supersedes.number}`}>
              <DecisionNumber number={decision.supersedes.number} /> {decision.supersedes.title}
            </Link>
          </dd>
        </>
      ) : null}
      {decision.supersededBy.length ? (
        <>
          <dt>{t("decision.supersededBy")}</dt>
          <dd>
            {decision.supersededBy.map((d) => (
              <Link key={d.number} to={`${base}/decisions/${d.number}`} className="block-link">
                <DecisionNumber number={d.number} /> {d.title} ({t(`decision.status.${d.status}`)})
              </Link>
            ))}
          </dd>
        </>
      ) : null}
      {decision.links.length ? (
        <>
          <dt>{t("decision.links")}</dt>
          <dd>
            <ul className="plain-list">
              {decision.links.map((l) => (
                <li key={l.path}>
                  <Link to={l.path}>{l.label}</Link>
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

export default function DecisionPage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, decision, may, discussion } = loaderData;
  const base = `/p/${production.slug}`;
  const failed = actionData && !actionData.ok && "errors" in actionData ? actionData : undefined;
  const stateFor = (intent: string) => (failed?.intent === intent ? failed : undefined);
  const decided = decision.status === "accepted" || decision.status === "rejected" || decision.status === "superseded";
  const amendments = loaderData.events.filter((e) => e.kind === "amended");
  const blocks = tally(loaderData.positions).block;
  return (
    <article className="page">
      <title>{`${t("decision.number", { n: decision.number })} ${decision.title} — ${production.title}`}</title>
      <h1>
        <DecisionNumber number={decision.number} /> {decision.title}
      </h1>
      <p>
        <DecisionStatusBadge status={decision.status} />
      </p>
      {actionData?.ok ? <Notice>{t("decision.changed")}</Notice> : null}
      {actionData && "conflict" in actionData ? <p className="alert alert-error">{t("decision.conflict")}</p> : null}
      {actionData && "tooEarly" in actionData ? (
        <p className="alert alert-error" role="alert" data-testid="too-early">
          {t("decision.tooEarly", { date: actionData.tooEarly ? date(actionData.tooEarly, true) : "—" })}
        </p>
      ) : null}
      {decision.status === "draft" ? <p className="alert">{t("decision.draftNotice")}</p> : null}
      {decision.status === "proposed" ? <p className="alert">{t("decision.proposedNotice")}</p> : null}
      {decided && decision.decidedAt ? (
        <p className="alert alert-ok" data-testid="frozen">
          {t("decision.frozen", { status: t(`decision.status.${decision.status === "superseded" ? "accepted" : decision.status}`).toLowerCase(), date: date(decision.decidedAt, true) })}
          {decision.acceptedOverBlocks ? <strong data-testid="over-blocks"> {t("decision.acceptedOverBlocks", { count: decision.acceptedOverBlocks })}</strong> : null}
        </p>
      ) : null}
      <Facts data={loaderData} />

      <section aria-labelledby="text-h">
        <h2 id="text-h">{t("decision.text")}</h2>
        <LiveDocument
          docName={loaderData.docName}
          blocks={loaderData.blocks}
          canEdit={may.edit}
          user={loaderData.user}
          label={t("decision.editorLabel")}
          emptyText={t("decision.empty")}
        />
      </section>

      {decision.status !== "draft" ? (
        <section aria-labelledby="positions-h">
          <h2 id="positions-h">{t("decision.position.title")}</h2>
          {/* A block is what a producer must not miss before deciding. */}
          {may.decide && blocks > 0 ? (
            <p className="alert alert-error" data-testid="blocks-alert">
              <strong>{t("decision.position.blocks", { count: blocks })}</strong>
            </p>
          ) : null}
          {decided && loaderData.positions.length ? <p className="muted">{t("decision.position.frozen")}</p> : null}
          <PositionList positions={loaderData.positions} />
          {may.takePosition ? <PositionForm mine={loaderData.mine} state={stateFor("position")} /> : null}
          {decision.status === "proposed" && !may.takePosition ? <p className="muted">{t("decision.position.membersOnly")}</p> : null}
        </section>
      ) : null}

      {amendments.length ? (
        <section aria-labelledby="notes-h">
          <h2 id="notes-h">{t("decision.amend")}</h2>
          <ul className="plain-list" data-testid="amendments">
            {amendments.map((a) => (
              <li key={a.id}>
                <p className="comment-meta">
                  {a.actor?.displayName ?? t("decision.someone")} <span className="muted">· {date(a.at, true)}</span>
                </p>
                <p>{a.note}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {may.propose || may.decide || may.supersede || may.amend ? (
        <section aria-labelledby="act-h" className="panel">
          <h2 id="act-h" className="visually-hidden">
            {t("decision.history")}
          </h2>
          {may.propose ? (
            <Form method="post">
              <input type="hidden" name="intent" value="propose" />
              <button type="submit">{t("decision.propose")}</button>
            </Form>
          ) : null}
          {may.decide ? <DecideForm blocks={blocks} unconfirmed={actionData !== undefined && "unconfirmed" in actionData} overBlocksMissing={actionData !== undefined && "overBlocksMissing" in actionData} /> : null}
          {may.supersede ? (
            <p>
              <Link to={`${base}/decisions/new?supersedes=${decision.number}`}>{t("decision.supersede")}</Link>
            </p>
          ) : null}
          {may.amend ? <AmendForm state={stateFor("amend")} /> : null}
        </section>
      ) : null}

      {may.edit ? <DecisionFactsForm decision={decision} state={stateFor("facts")} /> : null}

      <section aria-labelledby="history-h">
        <h2 id="history-h">{t("decision.history")}</h2>
        <ol className="plain-list" data-testid="decision-events">
          {loaderData.events
            .filter((e) => e.kind !== "amended")
            .map((e) => (
              <li key={e.id}>
                <span className="muted">{date(e.at, true)}</span> —{" "}
                {e.kind === "superseded"
                  ? t("decision.event.superseded", { n: e.note })
                  : t(`decision.event.${e.kind as "created" | "proposed" | "accepted" | "rejected"}`, { name: e.actor?.displayName ?? t("decision.someone") })}
              </li>
            ))}
        </ol>
        {loaderData.versions.length ? (
          <ul className="plain-list">
            {loaderData.versions.map((v) => (
              <li key={v.number}>
                <VersionLabel number={v.number} label={v.label} /> <span className="muted">· {date(v.createdAt, true)}</span>
              </li>
            ))}
          </ul>
        ) : null}
        <p>
          <Link to={`${base}/decisions/${decision.number}/history`}>{t("decision.historyAll")}</Link>
        </p>
      </section>

      <Discussion comments={discussion} mayComment={may.comment} signedIn={loaderData.signedIn} state={stateFor("comment")} />
    </article>
  );
}
