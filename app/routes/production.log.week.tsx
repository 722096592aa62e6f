import { Form, Link } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/production.log.week";
import { PositionList } from "~/features/decisions/components/positions";
import { DecisionNumber, DecisionStatusBadge } from "~/features/decisions/components/status";
import { Amount } from "~/features/funding/components/ledger";
import { saveWeeklyNote, weekOfProduction } from "~/features/decisions/weekly.server";
import { shiftWeek } from "~/features/decisions/week";
import { getProduction, roleIn } from "~/features/productions/production.server";
import { optionalText, parseForm } from "~/lib/forms";
import { authorize, notFound, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { Field, FormAlert, Notice } from "~/ui/form";
import { useFormatDate, useT } from "~/ui/i18n";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const production = (await getProduction(params.slug)) ?? notFound();
  const resource = { type: "production", role: await roleIn(production.id, viewer?.id) } as const;
  authorize(context, request, "read", resource);
  const week = (await weekOfProduction(production.id, params.week)) ?? notFound();
  return {
    production: { slug: production.slug, title: production.title },
    ...week,
    previous: shiftWeek(week.week, -1),
    next: week.end.getTime() <= Date.now() ? shiftWeek(week.week, 1) : null,
    canWrite: can(policyUser(viewer), "writeLog", resource),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const production = (await getProduction(params.slug)) ?? notFound();
  authorize(context, request, "writeLog", { type: "production", role: await roleIn(production.id, viewer.id) });
  const week = (await weekOfProduction(production.id, params.week)) ?? notFound();
  const parsed = parseForm(z.object({ body: optionalText(5000) }), await request.formData(), ["body"]);
  if (!parsed.ok) return parsed;
  await saveWeeklyNote(production.id, week.week, viewer.id, parsed.data.body);
  return { ok: true as const };
}

export default function ProductionLogWeek({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, decisions, polls, note, ledger } = loaderData;
  const base = `/p/${production.slug}`;
  const state = actionData && !actionData.ok ? actionData : undefined;
  return (
    <article className="page">
      <title>{`${t("weekly.week", { date: date(loaderData.start) })} — ${production.title}`}</title>
      <p>
        <Link to={`${base}/log`}>← {t("weekly.all")}</Link>
      </p>
      <h1>{t("weekly.week", { date: date(loaderData.start) })}</h1>
      <nav className="actions" aria-label={t("weekly.title")}>
        {loaderData.previous ? <Link to={`${base}/log/${loaderData.previous}`}>← {t("weekly.previous")}</Link> : null}
        {loaderData.next ? <Link to={`${base}/log/${loaderData.next}`}>{t("weekly.next")} →</Link> : null}
      </nav>
      <section aria-labelledby="note-h">
        <h2 id="note-h">{t("weekly.note")}</h2>
        {note ? (
          <div data-testid="weekly-note">
            {note.body.split(/\n{2,}/).map((para, i) => (
              <p key={i}>{para}</p>
            ))}
            <p className="muted">— {note.author?.displayName ?? t("decision.someone")}</p>
          </div>
        ) : (
          <p className="muted">{t("weekly.nothing")}</p>
        )}
        {loaderData.canWrite ? (
          <Form method="post" noValidate>
            {actionData?.ok ? <Notice>{t("decision.changed")}</Notice> : null}
            <FormAlert state={state} />
            <Field name="body" label="weekly.noteLabel" help="weekly.noteHelp" state={state} defaultValue={note?.body ?? ""} multiline rows={5} maxLength={5000} />
            <button type="submit">{t("weekly.saveNote")}</button>
          </Form>
        ) : null}
      </section>
      <section aria-labelledby="decisions-h">
        <h2 id="decisions-h">{t("weekly.decisions")}</h2>
        {decisions.length ? (
          <ul className="plain-list">
            {decisions.map((d) => (
              <li key={d.number}>
                <Link to={`${base}/decisions/${d.number}`}>
                  <DecisionNumber number={d.number} /> {d.title}
                </Link>{" "}
                <DecisionStatusBadge status={d.status} />
                {d.acceptedOverBlocks ? <p>{t("decision.acceptedOverBlocks", { count: d.acceptedOverBlocks })}</p> : null}
                {d.positions.length ? <PositionList positions={d.positions} testId={`positions-${d.number}`} /> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("weekly.nothing")}</p>
        )}
      </section>
      <section aria-labelledby="polls-h">
        <h2 id="polls-h">{t("weekly.polls")}</h2>
        {polls.length ? (
          <ul className="plain-list">
            {polls.map((p) => (
              <li key={p.id}>
                <Link to={`${base}/polls/${p.id}`}>{p.question}</Link> <span className="muted">· {date(p.closedAt!, true)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("weekly.nothing")}</p>
        )}
      </section>
      <section aria-labelledby="ledger-h">
        <h2 id="ledger-h">{t("weekly.ledger")}</h2>
        {ledger.length ? (
          <ul className="plain-list" data-testid="weekly-ledger">
            {ledger.map((e) => (
              <li key={e.number}>
                <Link to={`${base}/funding/ledger#entry-${e.number}`}>{t("ledger.entry", { n: e.number })}</Link> <Amount money={e} /> · {t(`ledger.kind.${e.kind}`)} · {e.description}
                {e.reverses ? <span className="muted"> ({t("ledger.reverses", { n: e.reverses.number })})</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("weekly.nothing")}</p>
        )}
      </section>
    </article>
  );
}
