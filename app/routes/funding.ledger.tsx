import { Form, Link } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/funding.ledger";
import { Balances, LedgerTable, type ShownEntry } from "~/features/funding/components/ledger";
import { fundingOf, shownEntry } from "~/features/funding/funding.server";
import { balances, correctEntry, entries } from "~/features/funding/ledger.server";
import { confirmed, fail, parseForm, requiredText, type FieldError } from "~/lib/forms";
import { authorize, notFound, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { ConfirmBox } from "~/ui/confirm";
import { ErrorText, FormAlert, Notice } from "~/ui/form";
import { useT } from "~/ui/i18n";

const pageSize = 50;
const pageQuery = z.object({ before: z.coerce.number().int().positive().max(2 ** 31 - 1).optional() });

// The public ledger: every entry, newest first, a page at a time; the balance is the sum of all of them.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, resource } = await fundingOf(params.slug, viewer?.id);
  authorize(context, request, "readLedger", resource);
  const query = pageQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) notFound();
  const [money, rows] = await Promise.all([balances(production.id), entries(production.id, { before: query.data.before, take: pageSize + 1 })]);
  const page = rows.slice(0, pageSize);
  return {
    production: { slug: production.slug, title: production.title },
    balances: money,
    entries: page.map(shownEntry),
    older: rows.length > pageSize ? page.at(-1)!.number : null,
    paged: query.data.before !== undefined,
    canCorrect: can(policyUser(viewer), "recordPayment", resource),
  };
}

const correction = z.object({ entry: z.coerce.number().int().positive().max(2 ** 31 - 1), reason: requiredText(500) });

// A producer corrects an entry: a reversing entry with their reason (decision 0051).
export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, resource } = await fundingOf(params.slug, viewer.id);
  authorize(context, request, "recordPayment", resource);
  const form = await request.formData();
  const parsed = parseForm(correction, form, ["entry", "reason"]);
  if (!parsed.ok) return parsed;
  if (!confirmed(form)) return { ...fail(form, {}), unconfirmed: true };
  const result = await correctEntry(production.id, parsed.data.entry, { recordedById: viewer.id, reason: parsed.data.reason });
  if (!result.ok) return fail(form, { form: { key: result.error } });
  return { ok: true as const, number: result.number };
}

export default function Ledger({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { production } = loaderData;
  const base = `/p/${production.slug}/funding`;
  const failed = actionData && !actionData.ok ? actionData : undefined;
  const failedEntry = failed ? Number(failed.values.entry) : null;
  // A refusal of the correction itself (not a field's): said in words, above its form.
  const refusal = failed?.errors.form ? t(failed.errors.form.key) : undefined;
  const correctable = (e: ShownEntry) => loaderData.canCorrect && e.kind !== "correction" && e.reversedBy === null;
  const correct = (e: ShownEntry) =>
    correctable(e) ? (
      <details open={failedEntry === e.number || undefined}>
        <summary>{t("ledger.correct")}</summary>
        <Form method="post" noValidate>
          <input type="hidden" name="entry" value={e.number} />
          {failedEntry === e.number ? <FormAlert state={failed}>{refusal}</FormAlert> : null}
          <ReasonField entry={e.number} error={failedEntry === e.number ? failed?.errors.reason : undefined} value={failedEntry === e.number ? failed?.values.reason : undefined} />
          <ConfirmBox id={`correct-confirm-${e.number}`} label={t("ledger.correctConfirm")} missing={failedEntry === e.number && "unconfirmed" in failed!} />
          <button type="submit">{t("ledger.correctSubmit")}</button>
        </Form>
      </details>
    ) : null;
  return (
    <article className="page">
      <title>{`${t("ledger.title")} — ${production.title}`}</title>
      <link rel="alternate" type="application/atom+xml" href={`${base}/ledger.atom`} title={t("ledger.feedTitle", { title: production.title })} />
      <p>
        <Link to={base}>← {t("funding.title")}</Link>
      </p>
      <h1>{t("ledger.title")}</h1>
      <p className="lead">{t("ledger.lead")}</p>
      {actionData?.ok ? <Notice>{t("ledger.corrected", { n: actionData.number })}</Notice> : null}
      {failed && failedEntry !== null && !loaderData.entries.some((e) => e.number === failedEntry && correctable(e)) ? <FormAlert state={failed}>{refusal}</FormAlert> : null}
      <section aria-labelledby="balance-h">
        <h2 id="balance-h">{t("funding.balance")}</h2>
        <Balances balances={loaderData.balances} />
        <p className="muted">{t("funding.balanceHelp")}</p>
      </section>
      <nav aria-label={t("ledger.exports")} className="actions">
        <span>{t("ledger.exports")}:</span>
        <a href={`${base}/ledger.csv`} download data-testid="ledger-csv">
          {t("ledger.csv")}
        </a>
        <a href={`${base}/ledger.json`}>{t("ledger.json")}</a>
        <a href={`${base}/ledger.atom`}>{t("ledger.atom")}</a>
      </nav>
      {loaderData.entries.length ? <LedgerTable entries={loaderData.entries} label={t("ledger.title")} actions={correct} /> : <p className="muted">{t("ledger.empty")}</p>}
      <nav className="actions" aria-label={t("ledger.title")}>
        {loaderData.paged ? <Link to={`${base}/ledger`}>← {t("ledger.newest")}</Link> : null}
        {loaderData.older ? <Link to={`${base}/ledger?before=${loaderData.older}`}>{t("ledger.older")} →</Link> : null}
      </nav>
    </article>
  );
}

/** The reason of one entry's correction form (a form per entry, so ids carry its number). */
function ReasonField({ entry, error, value }: { entry: number; error?: FieldError; value?: string }) {
  const t = useT();
  const id = `reason-${entry}`;
  return (
    <div className="field">
      <label htmlFor={id}>{t("ledger.reason")}</label>
      <input
        id={id}
        name="reason"
        required
        maxLength={500}
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={[`${id}-help`, error ? `${id}-error` : ""].filter(Boolean).join(" ")}
      />
      <p id={`${id}-help`} className="help">
        {t("ledger.reasonHelp")}
      </p>
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  );
}
