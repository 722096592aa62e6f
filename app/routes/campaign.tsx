import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/campaign";
import { creditTitleKey, pledgeFields, pledgeSchema } from "~/features/funding/campaign-form";
import { campaignMoney, campaignOf, endIfDue, listedBackers, markReceived, pledge, refundPledge } from "~/features/funding/campaigns.server";
import { formatMoney } from "~/features/funding/money";
import { stripeEnabled } from "~/features/funding/stripe-client.server";
import { checkoutFor } from "~/features/funding/stripe.server";
import { ProviderField } from "~/features/funding/components/provider-field";
import { getProduction, roleIn } from "~/features/productions/production.server";
import { fail, parseForm } from "~/lib/forms";
import { authorize, notFound, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { Field, FormAlert, Notice } from "~/ui/form";
import { useFormatDate, useLocale, useT } from "~/ui/i18n";

async function campaignFor(slug: string, id: string, userId: string | undefined) {
  const production = (await getProduction(slug)) ?? notFound();
  const resource = { type: "funding", role: await roleIn(production.id, userId), budgetPublic: production.budgetPublic } as const;
  await endIfDue(id);
  const campaign = (await campaignOf(production.id, id)) ?? notFound();
  return { production, resource, campaign };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, resource, campaign } = await campaignFor(params.slug, params.campaign, viewer?.id);
  authorize(context, request, "readLedger", resource);
  const money = await campaignMoney(campaign.id);
  const canManage = can(policyUser(viewer), "recordPayment", resource);
  const mine = viewer ? money.pledges.filter((p) => p.userId === viewer.id) : [];
  return {
    production: { slug: production.slug, title: production.title },
    campaign,
    balance: money.balance,
    received: money.received,
    entries: money.entries.map((e) => ({ number: e.number, kind: e.kind, amount: e.amount, description: e.description, occurredAt: e.occurredAt })),
    backers: await listedBackers(campaign.id),
    // The pledges with their backers are the producers' to see; a backer sees their own.
    pledges: canManage ? money.pledges.map((p) => ({ id: p.id, reference: p.reference, amount: p.amount, state: p.state, provider: p.provider, tier: p.tier?.name ?? null, who: p.user?.displayName ?? "—", creditName: p.creditName })) : [],
    mine: mine.map((p) => ({ id: p.id, reference: p.reference, amount: p.amount, state: p.state, provider: p.provider })),
    canManage,
    canPledge: can(policyUser(viewer), "pledge", resource) && campaign.state === "open",
    signedIn: viewer !== null,
    stripe: stripeEnabled(),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, resource, campaign } = await campaignFor(params.slug, params.campaign, viewer.id);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (intent === "received" || intent === "refund") {
    authorize(context, request, "recordPayment", resource);
    const pledgeId = String(formData.get("pledgeId") ?? "");
    const done = intent === "received" ? await markReceived(campaign.id, pledgeId, viewer.id) : await refundPledge(campaign.id, pledgeId, viewer.id);
    return { ok: true as const, intent, done };
  }
  authorize(context, request, "pledge", resource);
  const parsed = parseForm(pledgeSchema(campaign.currency), formData, pledgeFields);
  if (!parsed.ok) return { ...parsed, intent: "pledge" };
  const made = await pledge(campaign.id, viewer.id, parsed.data);
  if (!made.ok) return { ...fail(formData, { amount: { key: made.problem } }), intent: "pledge" };
  if (made.pledge.provider === "stripe") {
    const url = await checkoutFor(made.pledge, { campaignTitle: campaign.title, returnUrl: new URL(`/p/${production.slug}/campaigns/${campaign.id}`, request.url).href });
    if (url) throw redirect(url);
  }
  return { ok: true as const, intent: "pledge", done: true, reference: made.pledge.reference };
}

export default function Campaign({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const date = useFormatDate();
  const { production, campaign, balance, entries, backers, pledges, mine } = loaderData;
  const money = (amount: number) => formatMoney({ amount, currency: campaign.currency }, locale);
  const state = actionData && !actionData.ok ? actionData : undefined;
  const percent = Math.min(100, Math.floor((Math.max(balance, 0) * 100) / campaign.goal));
  return (
    <div className="page">
      <title>{`${campaign.title} — ${production.title}`}</title>
      <p>
        <Link to={`/p/${production.slug}/campaigns`}>{t("campaign.title")}</Link>
      </p>
      <h1>{campaign.title}</h1>
      <p className="muted">
        {t(`campaign.mode.${campaign.mode}`)} · {t(`campaign.state.${campaign.state}`)} · {t("campaign.deadline", { date: date(campaign.deadline, true) })}
      </p>
      {campaign.text ? <p className="prose">{campaign.text}</p> : null}
      <p id="campaign-progress-text">{t("campaign.progress", { raised: money(balance), goal: money(campaign.goal), percent })}</p>
      <progress max={campaign.goal} value={Math.max(balance, 0)} aria-labelledby="campaign-progress-text" />

      <h2>{t("campaign.tiers")}</h2>
      {campaign.tiers.length ? (
        <ul className="plain-list">
          {campaign.tiers.map((tier) => (
            <li key={tier.id}>
              <strong>{tier.name}</strong> · {t("campaign.tierFrom", { amount: money(tier.amount) })}
              {tier.creditAs ? ` · ${t("campaign.reward.credit", { title: t(creditTitleKey(tier.creditAs)) })}` : ""}
              {tier.poster ? ` · ${t("campaign.reward.poster")}` : ""}
              {tier.screening ? ` · ${t("campaign.reward.seat", { venue: `${tier.screening.venue}, ${tier.screening.city}`, date: date(tier.screening.startsAt, true) })}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty-state">{t("campaign.noTiers")}</p>
      )}

      {actionData?.ok && actionData.intent === "pledge" && "reference" in actionData ? (
        <Notice>{t("campaign.pledge.thanks", { reference: String(actionData.reference) })}</Notice>
      ) : null}
      {mine.length ? (
        <section aria-labelledby="my-pledges">
          <h2 id="my-pledges">{t("campaign.mine")}</h2>
          <ul className="plain-list">
            {mine.map((p) => (
              <li key={p.id}>
                {money(p.amount)} · {t(`campaign.pledgeState.${p.state}`)}
                {p.provider === "manual" ? (
                  <>
                    {" "}
                    · {t("campaign.pledge.instructions", { reference: p.reference })}
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {loaderData.canPledge ? (
        <section aria-labelledby="pledge">
          <h2 id="pledge">{t("campaign.pledge.title")}</h2>
          <FormAlert state={state} />
          <Form method="post" noValidate className="narrow">
            <input type="hidden" name="intent" value="pledge" />
            <div className="field">
              <label htmlFor="tier">{t("campaign.pledge.tier")}</label>
              <select id="tier" name="tier" defaultValue={state?.values?.tier ?? ""}>
                <option value="">{t("campaign.pledge.noTier")}</option>
                {campaign.tiers.map((tier) => (
                  <option key={tier.id} value={tier.id}>
                    {tier.name} ({money(tier.amount)})
                  </option>
                ))}
              </select>
            </div>
            <Field name="amount" label="campaign.pledge.amount" labelVars={{ currency: campaign.currency }} help="campaign.pledge.amountHelp" state={state} maxLength={20} />
            <Field name="creditName" label="campaign.pledge.creditName" help="campaign.pledge.creditNameHelp" state={state} maxLength={80} />
            <div className="field">
              <label>
                <input type="checkbox" name="listed" defaultChecked={state?.values?.listed === "on"} /> {t("campaign.pledge.listed")}
              </label>
            </div>
            <ProviderField stripe={loaderData.stripe} state={state} />
            <button type="submit">{t("campaign.pledge.submit")}</button>
          </Form>
        </section>
      ) : campaign.state === "open" && !loaderData.signedIn ? (
        <p>{t("campaign.pledge.signIn")}</p>
      ) : null}

      <h2>{t("campaign.backers")}</h2>
      {backers.length ? (
        <ul className="plain-list">
          {backers.map((b, i) => (
            <li key={i}>
              {b.creditName}
              {b.tier ? <span className="muted"> · {b.tier.name}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty-state">{t("campaign.noBackers")}</p>
      )}

      {loaderData.canManage ? (
        <section aria-labelledby="pledges">
          <h2 id="pledges">{t("campaign.pledges")}</h2>
          {pledges.length ? (
            <ul className="plain-list">
              {pledges.map((p) => (
                <li key={p.id}>
                  <code>{p.reference}</code> · {money(p.amount)} · {p.who}
                  {p.tier ? ` · ${p.tier}` : ""} · {t(`campaign.pledgeState.${p.state}`)}{" "}
                  {p.state === "pending" && p.provider === "manual" ? (
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="received" />
                      <input type="hidden" name="pledgeId" value={p.id} />
                      <button type="submit" aria-label={t("campaign.actionOn", { action: t("campaign.markReceived"), reference: p.reference })}>
                        {t("campaign.markReceived")}
                      </button>
                    </Form>
                  ) : null}
                  {p.state === "received" || p.state === "to_refund" ? (
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="refund" />
                      <input type="hidden" name="pledgeId" value={p.id} />
                      <button type="submit" className="secondary" aria-label={t("campaign.actionOn", { action: t(p.provider === "stripe" ? "campaign.refundStripe" : "campaign.refund"), reference: p.reference })}>
                        {t(p.provider === "stripe" ? "campaign.refundStripe" : "campaign.refund")}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="empty-state">{t("campaign.noPledges")}</p>
          )}
        </section>
      ) : null}

      <h2>{t("campaign.ledger")}</h2>
      <p>{t("campaign.balance", { amount: money(balance) })}</p>
      {entries.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("campaign.entry.date")}</th>
              <th scope="col">{t("campaign.entry.description")}</th>
              <th scope="col">{t("campaign.entry.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.number}>
                <td>{e.number}</td>
                <td>{date(e.occurredAt, true)}</td>
                <td>{e.description}</td>
                <td className="number">{money(e.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty-state">{t("campaign.noEntries")}</p>
      )}
    </div>
  );
}
