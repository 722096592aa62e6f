import { Form, redirect } from "react-router";
import type { Route } from "./+types/decisions.new";
import { closedPollsOf, createDecision } from "~/features/decisions/decisions.server";
import { decisionTemplate } from "~/features/decisions/template";
import { decisionFactsSchema, parseLinks } from "~/features/decisions/validation";
import { pollResults } from "~/features/polls/polls.server";
import { getProduction, roleIn } from "~/features/productions/production.server";
import { db } from "~/lib/db.server";
import { publicUrl } from "~/lib/env.server";
import { fail, parseForm } from "~/lib/forms";
import { authorize, notFound, policyUser, requireViewer, tFor } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { Field, FormAlert, Notice } from "~/ui/form";
import { useT } from "~/ui/i18n";

async function setting(slug: string, request: Request, context: Route.LoaderArgs["context"]) {
  const viewer = requireViewer(context, request);
  const production = (await getProduction(slug)) ?? notFound();
  const role = await roleIn(production.id, viewer.id);
  authorize(context, request, "createDecision", { type: "production", role });
  return { viewer, production, role };
}

/** The earlier decision a new one would supersede, when the person may. */
async function superseded(productionId: string, number: number, role: Awaited<ReturnType<typeof roleIn>>, user: ReturnType<typeof policyUser>) {
  if (!number) return null;
  const d = await db.decision.findUnique({ where: { productionId_number: { productionId, number } }, select: { id: true, number: true, title: true, status: true } });
  return d && can(user, "supersede", { type: "decision", role, status: d.status }) ? d : null;
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { viewer, production, role } = await setting(params.slug, request, context);
  const url = new URL(request.url);
  const polls = await closedPollsOf(production.id);
  const pollId = url.searchParams.get("poll") ?? "";
  const supersedes = await superseded(production.id, Number(url.searchParams.get("supersedes")) || 0, role, policyUser(viewer));
  return {
    production: { slug: production.slug, title: production.title },
    polls,
    pollId: polls.some((p) => p.id === pollId) ? pollId : "",
    supersedes: supersedes ? { number: supersedes.number, title: supersedes.title } : null,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { viewer, production, role } = await setting(params.slug, request, context);
  const formData = await request.formData();
  const parsed = parseForm(decisionFactsSchema, formData, ["title", "tags", "reviewOn", "links"]);
  if (!parsed.ok) return parsed;
  const links = parseLinks(parsed.data.links, production.slug);
  if (!links) return fail(formData, { links: { key: "decision.form.linksInvalid", vars: { slug: production.slug } } });
  const pollId = String(formData.get("pollId") ?? "");
  const poll = pollId ? await db.poll.findFirst({ where: { id: pollId, productionId: production.id, closedAt: { not: null } } }) : null;
  if (pollId && !poll) return fail(formData, { pollId: { key: "field.choice" } });
  const supersedes = await superseded(production.id, Number(formData.get("supersedes")) || 0, role, policyUser(viewer));
  const t = tFor(request);
  const pollPath = poll ? `/p/${production.slug}/polls/${poll.id}` : null;
  const text = decisionTemplate(
    t,
    poll ? { question: poll.question, description: poll.description, results: await pollResults(poll.id), url: `${publicUrl()}${pollPath}` } : null,
  );
  const decision = await createDecision(production.id, viewer.id, {
    ...parsed.data,
    links: pollPath && !links.some((l) => l.path === pollPath) ? [{ path: pollPath, label: poll!.question }, ...links] : links,
    pollId: poll?.id ?? null,
    supersedesId: supersedes?.id ?? null,
    text,
  });
  throw redirect(`/p/${production.slug}/decisions/${decision.number}`);
}

export default function NewDecision({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { production, polls, supersedes } = loaderData;
  const state = actionData && !actionData.ok ? actionData : undefined;
  return (
    <div className="page narrow">
      <title>{`${t("decision.new.title")} — ${production.title}`}</title>
      <h1>{t("decision.new.title")}</h1>
      <p className="lead">{t("decision.new.lead")}</p>
      {supersedes ? <Notice>{t("decision.form.supersedes", { n: supersedes.number })}</Notice> : null}
      <FormAlert state={state} />
      <Form method="post" noValidate>
        {supersedes ? <input type="hidden" name="supersedes" value={supersedes.number} /> : null}
        <Field name="title" label="decision.form.title" help="decision.form.titleHelp" state={state} maxLength={160} required />
        <div className="field">
          <label htmlFor="pollId">{t("decision.form.poll")}</label>
          <select id="pollId" name="pollId" defaultValue={state?.values?.pollId ?? loaderData.pollId} aria-describedby="pollId-help">
            <option value="">{t("decision.form.noPoll")}</option>
            {polls.map((p) => (
              <option key={p.id} value={p.id}>
                {p.question}
              </option>
            ))}
          </select>
          <p className="help" id="pollId-help">
            {t("decision.fromPoll.notice")}
          </p>
        </div>
        <Field name="tags" label="decision.form.tagsLabel" help="decision.form.tags" state={state} maxLength={400} />
        <Field name="reviewOn" label="decision.form.reviewOnLabel" help="decision.form.reviewOn" state={state} type="date" />
        <Field name="links" label="decision.form.linksLabel" help="decision.form.links" state={state} multiline rows={3} />
        <button type="submit">{t("decision.form.create")}</button>
      </Form>
    </div>
  );
}
