import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/funding.shares";
import { CURRENCIES } from "~/features/funding/campaign-form";
import { ShareRule, ShareTable } from "~/features/funding/components/shares";
import { fundingOf } from "~/features/funding/funding.server";
import { formatMoney } from "~/features/funding/money";
import { distributeFields, distributeSchema } from "~/features/funding/shares-form";
import { contributorsOf, distribute, distributionsOf } from "~/features/funding/shares.server";
import { undistributedBalances } from "~/features/funding/support.server";
import { confirmed, fail, parseForm } from "~/lib/forms";
import { authorize, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { ConfirmBox } from "~/ui/confirm";
import { Field, FormAlert, Select } from "~/ui/form";
import { useFormatDate, useLocale, useT } from "~/ui/i18n";

// Fair shares (decision 0055): the published rule, what support is left to share, the
// weights it would be shared by today, the distributions made; a producer starts one.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, resource } = await fundingOf(params.slug, viewer?.id);
  authorize(context, request, "readShares", resource);
  const [left, people, made] = await Promise.all([undistributedBalances(production.id), contributorsOf(production.id), distributionsOf(production.id)]);
  return {
    production: { slug: production.slug, title: production.title },
    left,
    people: people.map(({ userId: _, ...p }) => p),
    distributions: made,
    canDistribute: can(policyUser(viewer), "distribute", resource),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, resource } = await fundingOf(params.slug, viewer.id);
  authorize(context, request, "distribute", resource);
  const form = await request.formData();
  const parsed = parseForm(distributeSchema, form, distributeFields);
  if (!parsed.ok) return parsed;
  if (!confirmed(form)) return { ...fail(form, {}), unconfirmed: true };
  const made = await distribute(production.id, viewer.id, parsed.data);
  if (!made.ok) return fail(form, { amount: { key: made.problem } });
  throw redirect(`/p/${production.slug}/funding/shares/${made.id}`);
}

export default function Shares({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const date = useFormatDate();
  const { production } = loaderData;
  const base = `/p/${production.slug}/funding`;
  const state = actionData && !actionData.ok ? actionData : undefined;
  return (
    <article className="page">
      <title>{`${t("shares.title")} — ${production.title}`}</title>
      <p>
        <Link to={base}>← {t("funding.title")}</Link>
      </p>
      <h1>{t("shares.title")}</h1>
      <p className="lead">{t("shares.lead")}</p>
      <ShareRule />
      <section aria-labelledby="left-h">
        <h2 id="left-h">{t("shares.left")}</h2>
        {loaderData.left.length ? (
          <ul className="plain-list">
            {loaderData.left.map((m) => (
              <li key={m.currency}>{formatMoney(m, locale)}</li>
            ))}
          </ul>
        ) : (
          <p className="empty-state">{t("shares.noSupport")}</p>
        )}
        <p>
          <Link to={`${base}/support`}>{t("support.title")} →</Link>
        </p>
      </section>
      <section aria-labelledby="weights-h">
        <h2 id="weights-h">{t("shares.weightsNow")}</h2>
        {loaderData.people.length ? (
          <ShareTable rows={loaderData.people} label={t("shares.weightsNow")} />
        ) : (
          <p className="empty-state">{t("shares.error.nobody")}</p>
        )}
      </section>
      {loaderData.canDistribute ? (
        <section aria-labelledby="distribute-h">
          <h2 id="distribute-h">{t("shares.start")}</h2>
          <FormAlert state={state} />
          <Form method="post" noValidate className="narrow">
            <Field name="amount" label="shares.amount" help="shares.amountHelp" state={state} maxLength={20} />
            <Select name="currency" label="campaign.form.currency" state={state} defaultValue={loaderData.left[0]?.currency ?? "EUR"} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
            <ConfirmBox id="distribute-confirm" label={t("shares.confirm")} missing={state !== undefined && "unconfirmed" in state} />
            <button type="submit">{t("shares.submit")}</button>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="made-h">
        <h2 id="made-h">{t("shares.distributions")}</h2>
        {loaderData.distributions.length ? (
          <ul className="plain-list">
            {loaderData.distributions.map((d) => (
              <li key={d.id}>
                <Link to={`${base}/shares/${d.id}`}>{t("shares.distributionOf", { amount: formatMoney(d, locale), date: date(d.createdAt, true) })}</Link>
                <span className="muted"> · {t("shares.people", { count: d._count.shares })}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty-state">{t("shares.none")}</p>
        )}
      </section>
    </article>
  );
}
