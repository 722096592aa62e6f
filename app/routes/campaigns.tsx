import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/campaigns";
import { CREDIT_TITLES, CURRENCIES, creditTitleKey, TIER_ROWS, campaignFields, campaignSchema } from "~/features/funding/campaign-form";
import { campaignsOf, createCampaign, endDueCampaigns } from "~/features/funding/campaigns.server";
import { formatMoney } from "~/features/funding/money";
import { getProduction, roleIn } from "~/features/productions/production.server";
import { db } from "~/lib/db.server";
import { fail, parseForm } from "~/lib/forms";
import { authorize, notFound, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { Field, FormAlert, Select } from "~/ui/form";
import { useFormatDate, useLocale, useT, useTimeZone } from "~/ui/i18n";
import { TimeZoneField } from "~/ui/time-zone";

async function fundingOf(slug: string, userId: string | undefined) {
  const production = (await getProduction(slug)) ?? notFound();
  const resource = { type: "funding", role: await roleIn(production.id, userId), budgetPublic: production.budgetPublic } as const;
  return { production, resource };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, resource } = await fundingOf(params.slug, viewer?.id);
  authorize(context, request, "readLedger", resource);
  await endDueCampaigns();
  const canManage = can(policyUser(viewer), "manageCampaign", resource);
  const screenings = canManage
    ? await db.screening.findMany({ where: { productionId: production.id, startsAt: { gt: new Date() } }, orderBy: { startsAt: "asc" }, select: { id: true, venue: true, city: true, startsAt: true } })
    : [];
  return { production: { slug: production.slug, title: production.title }, campaigns: await campaignsOf(production.id), canManage, screenings };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, resource } = await fundingOf(params.slug, viewer.id);
  authorize(context, request, "manageCampaign", resource);
  const formData = await request.formData();
  const parsed = parseForm(campaignSchema, formData, campaignFields);
  if (!parsed.ok) return parsed;
  const created = await createCampaign(production.id, parsed.data);
  if (!created.ok) return fail(formData, { tier0Screening: { key: created.problem } });
  throw redirect(`/p/${production.slug}/campaigns/${created.campaign.id}`);
}

export default function Campaigns({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const date = useFormatDate();
  const timeZone = useTimeZone();
  const { production, campaigns, screenings } = loaderData;
  const state = actionData && !actionData.ok ? actionData : undefined;
  return (
    <div className="page">
      <title>{`${t("campaign.title")} — ${production.title}`}</title>
      <h1>{t("campaign.title")}</h1>
      {campaigns.length ? (
        <ul className="plain-list">
          {campaigns.map((c) => (
            <li key={c.id}>
              <Link to={`/p/${production.slug}/campaigns/${c.id}`}>{c.title}</Link>{" "}
              <span className="muted">
                · {t("campaign.goal", { amount: formatMoney({ amount: c.goal, currency: c.currency }, locale) })} · {t(`campaign.state.${c.state}`)} ·{" "}
                {t("campaign.deadline", { date: date(c.deadline, true) })}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty-state">{t("campaign.none")}</p>
      )}
      {loaderData.canManage ? (
        <section aria-labelledby="new-campaign">
          <h2 id="new-campaign">{t("campaign.new")}</h2>
          <FormAlert state={state} />
          <Form method="post" noValidate className="narrow">
            <Field name="title" label="campaign.form.title" state={state} maxLength={120} required />
            <Field name="text" label="campaign.form.text" state={state} multiline rows={5} maxLength={5000} />
            <Field name="goal" label="campaign.form.goal" state={state} maxLength={20} required />
            <Select name="currency" label="campaign.form.currency" state={state} defaultValue="EUR" options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
            <Field name="deadline" label="campaign.form.deadline" labelVars={{ zone: timeZone }} state={state} type="datetime-local" required />
            <TimeZoneField state={state} />
            <Select
              name="mode"
              label="campaign.form.mode"
              help="campaign.form.modeHelp"
              state={state}
              defaultValue="all_or_nothing"
              options={[
                { value: "all_or_nothing", label: t("campaign.mode.all_or_nothing") },
                { value: "flexible", label: t("campaign.mode.flexible") },
              ]}
            />
            <p className="help">{t("campaign.form.rewardsHelp")}</p>
            {Array.from({ length: TIER_ROWS }, (_, i) => (
              <fieldset key={i}>
                <legend>{t("campaign.form.tier", { n: i + 1 })}</legend>
                <Field name={`tier${i}Name`} label="campaign.form.tierName" state={state} maxLength={80} />
                <Field name={`tier${i}Amount`} label="campaign.form.tierAmount" state={state} maxLength={20} />
                <Select
                  name={`tier${i}Credit`}
                  label="campaign.form.tierCredit"
                  state={state}
                  options={CREDIT_TITLES.map((c) => ({ value: c, label: c ? t(creditTitleKey(c)) : t("campaign.credit.none") }))}
                />
                <div className="field">
                  <label>
                    <input type="checkbox" name={`tier${i}Poster`} defaultChecked={state?.values?.[`tier${i}Poster`] === "on"} /> {t("campaign.form.tierPoster")}
                  </label>
                </div>
                {screenings.length ? (
                  <Select
                    name={`tier${i}Screening`}
                    label="campaign.form.tierScreening"
                    state={state}
                    options={[{ value: "", label: t("campaign.form.noSeat") }, ...screenings.map((s) => ({ value: s.id, label: `${s.venue}, ${s.city} — ${date(s.startsAt, true)}` }))]}
                  />
                ) : null}
              </fieldset>
            ))}
            <button type="submit">{t("campaign.form.create")}</button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
