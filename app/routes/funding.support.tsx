import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/funding.support";
import { CURRENCIES } from "~/features/funding/campaign-form";
import { fundingOf } from "~/features/funding/funding.server";
import { formatMoney } from "~/features/funding/money";
import { supportFields, supportSchema } from "~/features/funding/shares-form";
import { stripeEnabled } from "~/features/funding/stripe-client.server";
import { hasPublishedRelease, markSupportReceived, offerSupport, pendingSupports, supportCheckout } from "~/features/funding/support.server";
import { ProviderField } from "~/features/funding/components/provider-field";
import { fail, parseForm } from "~/lib/forms";
import { authorize, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { Field, FormAlert, Notice, Select } from "~/ui/form";
import { useLocale, useT } from "~/ui/i18n";

// Support the film after its release (decision 0055): the form, the viewer's own supports
// waiting for their transfer, and the producers' list to mark them received.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, resource } = await fundingOf(params.slug, viewer?.id);
  authorize(context, request, "readLedger", resource);
  const canMark = can(policyUser(viewer), "recordPayment", resource);
  return {
    production: { slug: production.slug, title: production.title },
    released: await hasPublishedRelease(production.id),
    canSupport: can(policyUser(viewer), "support", resource),
    signedIn: viewer !== null,
    stripe: stripeEnabled(),
    canMark,
    // The supports with their givers are the producers' to see; a viewer sees their own.
    pending: canMark ? await pendingSupports(production.id) : [],
    mine: viewer && !canMark ? await pendingSupports(production.id, viewer.id) : [],
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, resource } = await fundingOf(params.slug, viewer.id);
  const formData = await request.formData();
  if (formData.get("intent") === "received") {
    authorize(context, request, "recordPayment", resource);
    const done = await markSupportReceived(production.id, String(formData.get("supportId") ?? ""), viewer.id);
    return { ok: true as const, intent: "received", done };
  }
  authorize(context, request, "support", resource);
  const parsed = parseForm(supportSchema, formData, supportFields);
  if (!parsed.ok) return parsed;
  const made = await offerSupport(production.id, viewer.id, parsed.data);
  if (!made.ok) return fail(formData, { amount: { key: made.problem } });
  if (made.support.provider === "stripe") {
    const url = await supportCheckout(made.support, { filmTitle: production.title, returnUrl: new URL(`/p/${production.slug}/funding/support`, request.url).href });
    if (url) throw redirect(url);
  }
  return { ok: true as const, intent: "support", done: true, reference: made.support.reference };
}

export default function SupportPage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const { production } = loaderData;
  const state = actionData && !actionData.ok ? actionData : undefined;
  return (
    <article className="page">
      <title>{`${t("support.title")} — ${production.title}`}</title>
      <p>
        <Link to={`/p/${production.slug}/funding`}>← {t("funding.title")}</Link>
      </p>
      <h1>{t("support.title")}</h1>
      <p className="lead">{t("support.lead")}</p>
      {actionData?.ok && "reference" in actionData ? <Notice>{t("support.thanks", { reference: String(actionData.reference) })}</Notice> : null}
      {!loaderData.released ? (
        <p className="empty-state">{t("support.error.notReleased")}</p>
      ) : loaderData.canSupport ? (
        <section aria-labelledby="support-form">
          <h2 id="support-form">{t("support.give")}</h2>
          <FormAlert state={state} />
          <Form method="post" noValidate className="narrow">
            <input type="hidden" name="intent" value="support" />
            <Field name="amount" label="support.amount" state={state} maxLength={20} />
            <Select name="currency" label="campaign.form.currency" state={state} defaultValue="EUR" options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
            <ProviderField stripe={loaderData.stripe} state={state} />
            <button type="submit">{t("support.submit")}</button>
          </Form>
        </section>
      ) : !loaderData.signedIn ? (
        <p>{t("support.signIn")}</p>
      ) : null}
      {loaderData.mine.length ? (
        <section aria-labelledby="my-supports">
          <h2 id="my-supports">{t("support.mine")}</h2>
          <ul className="plain-list">
            {loaderData.mine.map((s) => (
              <li key={s.id}>
                {formatMoney(s, locale)}
                {s.provider === "manual" ? ` · ${t("campaign.pledge.instructions", { reference: s.reference })}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {loaderData.canMark ? (
        <section aria-labelledby="pending-supports">
          <h2 id="pending-supports">{t("support.pending")}</h2>
          {loaderData.pending.length ? (
            <ul className="plain-list">
              {loaderData.pending.map((s) => (
                <li key={s.id}>
                  <code>{s.reference}</code> · {formatMoney(s, locale)} · {s.user?.displayName ?? "—"}{" "}
                  {s.provider === "manual" ? (
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="received" />
                      <input type="hidden" name="supportId" value={s.id} />
                      <button type="submit" aria-label={t("support.actionOn", { action: t("support.markReceived"), reference: s.reference })}>
                        {t("support.markReceived")}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="empty-state">{t("support.nonePending")}</p>
          )}
        </section>
      ) : null}
    </article>
  );
}
